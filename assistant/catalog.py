"""A catalog of method names, acronyms and title keywords per paper, built at ingest time."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9^+:\-]*[A-Za-z0-9+]|[A-Za-z0-9]")
_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9^+\-]{1,14})\)")
_NAME_LIKE = re.compile(r"^(?=.*[A-Z].*[A-Z0-9^+]|.*[\^+])[A-Za-z0-9^+:\-]{2,}$")
# Words that look like names in questions but are ordinary English or generic ML vocabulary.
_COMMON = frozenset(
    """what which how does do did is are was were why who when where compare compared comparing versus vs
    and or the a an of in on for to with between paper papers method methods approach approaches model models
    i we you it its they this that these those can could would should tell me about explain describe summarize
    ai ml nlp llm llms gpu gpus cpu api sota id ok""".split()
)


def name_key(text: str) -> str:
    return text.lower().strip(" .,;:!?\"'()[]{}")


def looks_like_name(token: str) -> bool:
    """Method-like tokens: inner capitals or digits (LightGNN, REPA, BT^2, CFG++, N:M, GPT-4)."""
    return bool(_NAME_LIKE.match(token)) and name_key(token) not in _COMMON and not token.isdigit()


def _acronym_expansion(abstract: str, acronym: str) -> str | None:
    """'Orthogonal Compatible Aligned (OCA)' -> 'orthogonal compatible aligned'."""
    m = re.search(r"((?:[\w\-]+\s+){1,6})\(" + re.escape(acronym) + r"\)", abstract)
    if not m:
        return None
    words = m.group(1).split()
    letters = [c for c in acronym if c.isalpha()]
    # keep as many trailing words as the acronym has letters (a common, cheap heuristic)
    take = words[-len(letters):] if letters else words
    return " ".join(w.lower() for w in take) if take else None


@dataclass
class Catalog:
    """alias -> paper ids; primary names (a title's leading 'Name:') resolve most strongly."""

    aliases: dict[str, list[str]] = field(default_factory=dict)
    primary: dict[str, str] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)

    def add(self, alias: str, paper_id: str) -> None:
        key = name_key(alias)
        if len(key) < 2:
            return
        ids = self.aliases.setdefault(key, [])
        if paper_id not in ids:
            ids.append(paper_id)

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"aliases": self.aliases, "primary": self.primary, "vocabulary": sorted(self.vocabulary)}))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "Catalog":
        if not path.exists():
            return cls()
        data = json.loads(path.read_text())
        return cls(data["aliases"], data["primary"], set(data["vocabulary"]))

    def lookup(self, alias: str) -> list[str]:
        key = name_key(alias)
        if key in self.primary:
            return [self.primary[key]]
        return self.aliases.get(key, [])

    def find_mentions(self, text: str) -> list[tuple[str, list[str]]]:
        """Catalog aliases named in text, longest first, as (surface, paper_ids); ambiguous ones dropped."""
        low = text.lower()
        found: list[tuple[str, list[str]]] = []
        taken: list[tuple[int, int]] = []
        for key in sorted(set(self.aliases) | set(self.primary), key=len, reverse=True):
            if len(key) < 3 and key not in self.primary:
                continue
            for m in re.finditer(r"(?<![A-Za-z0-9])" + re.escape(key) + r"(?![A-Za-z0-9+^])", low):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                ids = self.lookup(key)
                if 0 < len(ids) <= 2:
                    found.append((text[m.start() : m.end()], ids))
                    taken.append((m.start(), m.end()))
                break
        found.sort(key=lambda f: low.find(f[0].lower()))
        return found

    def unknown_names(self, text: str) -> list[str]:
        """Method-like names in text that appear nowhere in the corpus."""
        out = []
        for tok in _TOKEN.findall(text):
            if looks_like_name(tok) and name_key(tok) not in self.vocabulary and name_key(tok) not in self.aliases:
                out.append(tok)
        return out


def build_catalog(store) -> Catalog:
    """Scan every paper in the store for names, acronyms and vocabulary."""
    cat = Catalog()
    for paper in store.iter_papers():
        for tok in _TOKEN.findall(paper.title + " " + paper.abstract):
            cat.vocabulary.add(name_key(tok))
        head = paper.title.split(":", 1)[0].strip() if ":" in paper.title else ""
        if head and len(head.split()) <= 4:
            cat.add(head, paper.paper_id)
            if len(head.split()) == 1 or looks_like_name(head.replace(" ", "")):
                cat.primary.setdefault(name_key(head), paper.paper_id)
        for tok in _TOKEN.findall(paper.title):
            if looks_like_name(tok):
                cat.add(tok, paper.paper_id)
        for acro in _PAREN_ACRONYM.findall(paper.abstract):
            if looks_like_name(acro) or acro.isupper():
                cat.add(acro, paper.paper_id)
                expansion = _acronym_expansion(paper.abstract, acro)
                if expansion and len(expansion.split()) >= 2:
                    cat.add(expansion, paper.paper_id)
        for tok in _TOKEN.findall(paper.abstract):
            if looks_like_name(tok) and re.search(r"[a-z][A-Z]|[\^+]", tok):  # CamelCase / symbol names
                cat.add(tok, paper.paper_id)
    # An acronym shared by many papers (CFG, GNN) is a topic, not a name.
    cat.aliases = {k: v for k, v in cat.aliases.items() if len(v) <= 3 or k in cat.primary}
    return cat
