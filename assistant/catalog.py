"""A catalog of method names, acronyms and title keywords per paper, built at ingest time."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

_TEX = re.compile(r"[{}$]")  # TeX markup inside names ("SL^{2}A-INR", "$\\alpha$-CLIP")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9^+:\-]*[A-Za-z0-9+]|[A-Za-z0-9]")
# a question's words may be spelled with any letters ("Würstchen"); the catalog's own tokens stay as _TOKEN reads them
_ANY_TOKEN = re.compile(r"[^\W_][^\W_^+:\-]*(?:[\^+:\-]+[^\W_]+)*\+*|[^\W_]")
_SPELLABLE = re.compile(r"(?<![\w\-])[A-Z]{2,6}(?![\w])")  # an all-caps acronym a title's initials may spell ("OT-based" too)
_OPTIONAL_PREFIX = re.compile(r"(?<!\w)\((\w{1,3})\)(-[\w^+-]+)")  # "(N)-HARPG": a name whose prefix is optional
_PAREN_ACRONYM = re.compile(r"\(((?:[A-Z]|\d+(?=[A-Za-z]*[A-Z]{2}))[A-Za-z0-9^+\-]{1,14})\)")  # "(REPA)", "(2DMSE)", not "(2022)"
# Words that look like names in questions but are ordinary English or generic ML vocabulary ("MLP" and "ViT" name
# families of models: the abstracts that use them are not their papers).
_COMMON = frozenset(
    """what which how does do did is are was were why who when where compare compared comparing versus vs
    and or the a an of in on for to with between paper papers method methods approach approaches model models
    i we you it its they this that these those can could would should tell me about explain describe summarize
    ai ml nlp llm llms gpu gpus cpu api sota id ok
    mlp mlps cnn cnns rnn rnns gnn gnns lstm lstms gan gans vae vaes vit vits moe moes sgd kl svm svms pca relu mse
    l0 l1 l2 lp l-inf l-infinity""".split()  # norms ("L1 or group-Lasso regression") are no names
)


def name_key(text: str) -> str:
    return text.lower().strip(" .,;:!?\"'()[]{}")


def looks_like_name(token: str) -> bool:
    """Method-like tokens: inner capitals, letters mixed with digits, ^ or + (LightGNN, REPA, BT^2, CFG++, N:M, T5).

    Title-cased hyphenated words such as "Fine-Tuning" or "Low-Rank" are ordinary vocabulary, not names.
    """
    if len(token) < 2 or token.isdigit() or name_key(token) in _COMMON:
        return False
    if "^" in token or "+" in token:
        return True
    if ":" in token and all(part.isupper() for part in token.split(":") if part):
        return True
    for seg in re.split(r"[-:/]", token):
        if len(seg) >= 2 and (any(c.isupper() for c in seg[1:]) or (any(c.isdigit() for c in seg) and any(c.isalpha() for c in seg))):
            return True
    return False


def _capitalised_word(token: str, start: int, text: str) -> bool:
    """A mid-sentence Capitalised word (a proper name such as "Medusa" or "Chinchilla")."""
    before = text[:start].rstrip()
    # ("Kolmogorov-Arnold", "Navier-Stokes": proper names joined by a hyphen, each Capitalised)
    proper = token[1:].islower() or all(re.fullmatch(r"[A-Z][a-z]{2,}", part) for part in token.split("-"))
    return len(token) >= 4 and token[0].isupper() and proper and bool(before) and before[-1] not in ".!?:"


def _spelled_out(expansion: str | None, acronym: str) -> bool:
    """'orthogonal compatible aligned' spells out OCA: the words' initials are the acronym's letters."""
    if not expansion:
        return False
    initials = "".join(w[0] for w in re.split(r"[\s\-]+", expansion) if w)
    letters = "".join(c for c in acronym.lower() if c.isalpha())
    return len(letters) >= 2 and letters in initials


_LEADING = frozenset("the a an of we with and to for in on that this then".split())


def _words_before(sentence: str, acronym: str) -> list[str]:
    """The (up to six) words right before '(ACRONYM)' in a sentence, as written; [] when it is not there."""
    m = re.search(r"((?:[\w\-]+\s+){1,6})\(" + re.escape(acronym) + r"\)", sentence)
    return m.group(1).split() if m else []


def _capital_spelling(sentence: str, acronym: str) -> str | None:
    """'a regularization called REPresentation Alignment (REPA)' -> 'representation alignment': the capitals of the
    words before the parenthesis spell the acronym."""
    words = _words_before(sentence, acronym)
    caps = [(i, c) for i, w in enumerate(words) for c in w if c.isupper()]
    # all its letters ("REPA"), or only its capitals when it mixes case ("Layer-Integrated Memory (LIMe)"; "GNNs" is a plural)
    spellings = ["".join(c for c in acronym if c.isalpha()).upper()]
    if not re.fullmatch(r"[A-Z]+s", acronym):
        spellings.append("".join(c for c in acronym if c.isupper()))
    for letters in dict.fromkeys(spellings):
        if words and len(letters) >= 2 and "".join(c for _, c in caps).endswith(letters):
            return " ".join(words[caps[len(caps) - len(letters)][0]:]).lower()
    return None


_NUMBER_INITIALS = {"1": "o", "2": "t", "3": "t", "4": "f", "5": "f", "6": "s", "7": "s", "8": "e", "9": "n"}  # "one", "two", ...


def acronym_expansion(abstract: str, acronym: str) -> str | None:
    """'Orthogonal Compatible Aligned (OCA)' -> 'orthogonal compatible aligned'."""
    words = _words_before(abstract, acronym)
    if not words:
        return None
    letters = [c for c in acronym if c.isalpha()]
    if acronym[:1] in _NUMBER_INITIALS:  # "Two-dimensional Matryoshka Sentence Embedding (2DMSE)"
        letters = [_NUMBER_INITIALS[acronym[0]]] + letters
    # keep as many trailing words as the acronym has letters (a common, cheap heuristic)
    take = words[-len(letters):] if letters else words
    # "of classifier-free guidance (CFG)", "we propose contrast ...": the expansion starts at the acronym's first letter
    while take and letters and (take[0][0].lower() != letters[0].lower() or take[0].lower() in _LEADING):
        take = take[1:]
    return " ".join(w.lower() for w in take) if take else None


@dataclass
class Catalog:
    """alias -> paper ids; primary names (a title's leading 'Name:') resolve most strongly."""

    aliases: dict[str, list[str]] = field(default_factory=dict)
    primary: dict[str, str] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)  # short all-caps names matched case-sensitively ("ART" is not "art")
    defined: set[str] = field(default_factory=set)  # names a paper gives itself: title names, acronyms it spells out
    own: dict[str, str] = field(default_factory=dict)  # paper id -> the name it gives its method, as written ("SimVQ")
    # an acronym no abstract writes that one title's initials spell ("DANN") -> [paper id, that title's word stems]
    spelled: dict[str, list] = field(default_factory=dict)
    # an acronym one abstract writes -> the one other paper whose title spells it out ("SVD" -> "... using Singular Value
    # Decomposition"): which of the two a question means, its other words decide (Planner._named_sides)
    spelled_out: dict[str, list[str]] = field(default_factory=dict)

    def add(self, alias: str, paper_id: str) -> None:
        key = name_key(alias)
        if len(key) < 2:
            return
        ids = self.aliases.setdefault(key, [])
        if paper_id not in ids:
            ids.append(paper_id)

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": CATALOG_VERSION, "aliases": self.aliases, "primary": self.primary, "vocabulary": sorted(self.vocabulary),
                                   "exact": sorted(self.exact), "defined": sorted(self.defined), "own": self.own,
                                   "spelled": self.spelled, "spelled_out": self.spelled_out}))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "Catalog | None":
        """The saved catalog, or None when it is missing or was built by an older version of the code."""
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        if data.get("version") != CATALOG_VERSION:
            return None
        return cls(data["aliases"], data["primary"], set(data["vocabulary"]), set(data.get("exact", [])), set(data.get("defined", [])),
                   data.get("own", {}), data.get("spelled", {}), data.get("spelled_out", {}))

    def names_of(self, paper_id: str) -> list[str]:
        """Every alias that means only this paper, and its primary name."""
        return sorted(self._names_by_paper.get(paper_id, ()))

    @cached_property
    def _names_by_paper(self) -> dict[str, set[str]]:
        """paper id -> its unambiguous aliases and primary names (derived once from aliases and primary)."""
        by_paper: dict[str, set[str]] = {}
        for alias, ids in self.aliases.items():
            if len(ids) == 1:
                by_paper.setdefault(ids[0], set()).add(alias)
        for alias, pid in self.primary.items():
            by_paper.setdefault(pid, set()).add(alias)
        return by_paper

    def own_name(self, paper_id: str) -> str | None:
        """The name the paper gives its method, as written (title head, a name in the title, 'we propose X (ABC)')."""
        return self.own.get(paper_id)

    def write_ups(self, paper_id: str) -> list[str]:
        """The other papers that give their method the same name as this one does: two write-ups of one method."""
        if not (own := self.own.get(paper_id)):
            return []
        key = name_key(own)
        named = self.aliases.get(key, [])  # a name the catalog knows both papers by ("UPGD"), not "Text-to-3D"
        return [pid for pid in self._papers_by_own_name.get(key, ()) if pid != paper_id and pid in named]

    @cached_property
    def _papers_by_own_name(self) -> dict[str, list[str]]:
        """own name key -> the papers that give their method that name (derived once)."""
        by_name: dict[str, list[str]] = {}
        for pid, own in self.own.items():
            by_name.setdefault(name_key(own), []).append(pid)
        return by_name

    def lookup(self, alias: str) -> list[str]:
        key = name_key(alias)
        if key in self.primary:
            return [self.primary[key]]
        return self.aliases.get(key, [])

    def find_mentions(self, text: str, context: str | None = None) -> list[tuple[str, list[str]]]:
        """Catalog aliases named in text, longest first, as (surface, paper_ids); ambiguous ones dropped. `context`
        (the whole question, when text is part of it) tells whether an acronym a title spells means that paper."""
        low = text.lower()
        exact = {e.lower(): e for e in self.exact}
        found: list[tuple[str, list[str]]] = []
        taken: list[tuple[int, int]] = []
        for key in sorted(set(self.aliases) | set(self.primary), key=len, reverse=True):
            # a plural phrase in the singular: "the deep kernel machine paper" names "deep kernel machines"
            said = key[:-1] if " " in key and key.endswith("s") and not key.endswith("ss") and key not in low else key
            if len(key) < 3 and key not in self.primary or said not in low:
                continue  # the substring test first: a regex per alias on every question is slow
            for m in re.finditer(r"(?<![A-Za-z0-9\-])" + re.escape(said) + r"(?![A-Za-z0-9+^\-])", low):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                if key in exact and text[m.start() : m.end()] != exact[key]:
                    continue
                ids = self.lookup(key)
                if 0 < len(ids) <= 2:
                    found.append((text[m.start() : m.end()], ids))
                    taken.append((m.start(), m.end()))
                break
        for m in _SPELLABLE.finditer(text):
            if (pid := self.spelled_paper(m.group(0), context or text)) and not any(s < m.end() and m.start() < e for s, e in taken):
                found.append((m.group(0), [pid]))
                taken.append((m.start(), m.end()))
        found.sort(key=lambda f: low.find(f[0].lower()))
        return found

    def spelled_paper(self, acronym: str, text: str) -> str | None:
        """The paper whose title spells an acronym, when the text around it shares a word with that title: "DANN vs
        ParetoDA for domain adaptation" means "Domain-Adversarial Training of Neural Networks"; an acronym in a
        question about something else keeps its status as a name the collection lacks."""
        entry = self.spelled.get(acronym)
        if not entry:
            return None
        pid, stems = entry
        # (four letters of a stem are enough: "prune" in the question, "pruning" in the title; two letters spell too
        # much by chance, so "OT" needs two of the title's words: "OT-based transformer fusion")
        shared = {w[:4] for w in _title_stems(text.replace(acronym, " "))} & {w[:4] for w in stems}
        return pid if len(shared) >= (2 if len(acronym) == 2 else 1) else None

    def borrowed_names(self, text: str) -> list[str]:
        """Method-like names in text that the papers use but none of them gives itself ("LoRA", "CLIP", "LLaMA")."""
        return [tok for tok in dict.fromkeys(m.group(0) for m in _TOKEN.finditer(text))
                if looks_like_name(tok) and name_key(tok) in self.vocabulary and name_key(tok) not in self._owned_keys]

    @cached_property
    def _owned_keys(self) -> set[str]:
        """Every paper's own name and primary name (derived once, not per question)."""
        return {name_key(n) for n in self.own.values()} | set(self.primary)

    @staticmethod
    def names_in(text: str) -> list[str]:
        """Method-like names in text, known or not ("NYUv2", "MSR-VTT", "DenseCLIP")."""
        return list(dict.fromkeys(m.group(0) for m in _TOKEN.finditer(text) if looks_like_name(m.group(0))))

    def unknown_names(self, text: str, *, proper_nouns: bool = False, context: str | None = None) -> list[str]:
        """Method-like names in text that appear nowhere in the corpus (optionally also Capitalised words)."""
        out = []
        for m in _ANY_TOKEN.finditer(text):
            tok = m.group(0)
            key = name_key(tok)
            if key in self.vocabulary or key in self.aliases or key in _COMMON or self.spelled_paper(tok, context or text):
                continue
            if key + "s" in self.vocabulary or (key.endswith("s") and key[:-1] in self.vocabulary):
                continue  # "VLM" when the papers say "VLMs", and the other way round
            if re.search(r"-(style|like|inspired|esque)$", tok, re.I):
                continue  # "a BiC-style method" describes a kind of method; it does not claim BiC is here
            parts = [p for p in re.split(r"[-/]", tok) if p]
            if proper_nouns and re.fullmatch(r"[A-Z][a-z]+(?:-(?:of|and|for|in|to|the|on)-[A-Z][a-z]+)+", tok):
                out.append(tok)  # "Mixture-of-Depths": a Title Case name joined by small words, which no paper writes
                continue
            if len(parts) > 1 and any(p[0].islower() for p in parts):
                # a descriptive compound ("distillation-plus-DPO"): only its name-like parts must be known
                if all(name_key(p) in self.vocabulary for p in parts if looks_like_name(p)):
                    continue
            if re.fullmatch(r"[\d.,x×%]+[a-z]{0,2}", key) or re.fullmatch(r"\d[\d.,]*[a-z]{0,2}-[a-z]+", tok, re.I):
                continue  # resolutions and quantities ("64x64", "85x", "the 361M-mask benchmark"), not names
            if re.fullmatch(r"[a-z]+\^[-{(]*-?[\d.]+[})]*", tok):
                continue  # a power in a bound ("O(eps^-2)", "n^2"), not a name such as "BT^2"
            if looks_like_name(tok) or (proper_nouns and _capitalised_word(tok, m.start(), text)):
                out.append(tok)
        return out


def _phrase_usage(phrases: set[str], texts) -> dict[str, int]:
    """In how many texts each phrase occurs as whole words (as the regex (?<!\\w)phrase(?!\\w) would find it).

    One pass over each text's word starts, looking up the phrases that begin with that word: a regex per phrase per
    text is quadratic, hours at 100k papers.
    """
    by_first: dict[str, list[str]] = {}
    odd = []  # phrases that do not start with a word character: the plain regex, rare
    for phrase in phrases:
        if m := re.match(r"\w+", phrase):
            by_first.setdefault(m.group(0), []).append(phrase)
        else:
            odd.append(phrase)
    usage = dict.fromkeys(phrases, 0)
    for text in texts:
        found = {p for p in odd if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text)}
        for m in re.finditer(r"(?<!\w)\w+", text):
            for phrase in by_first.get(m.group(0), ()):
                end = m.start() + len(phrase)
                if text.startswith(phrase, m.start()) and not re.match(r"\w", text[end:end + 1]):
                    found.add(phrase)
        for phrase in found:
            usage[phrase] += 1
    return usage


CATALOG_VERSION = 45  # bump when build_catalog changes: stores with an older catalog rebuild it on open
VOCABULARY_USES = 5  # a term more abstracts than this use is vocabulary, unless a paper names its method so


_NAMING_VERBS = "called|named|dubbed|termed|coined|propose|introduce|present|design|develop|build"


def _named_by_sentence(token: str, sentence: str, verbs: str, gap: int, whole: bool = False) -> bool:
    """Whether the sentence names the token with one of the verbs, at most `gap` words before it ("we propose
    SimVQ", "we introduce the IMed-361M benchmark"); `whole`: the token is not the start of a longer name."""
    return re.search(rf"\b({verbs})\w*\W+(\w+\W+){{0,{gap}}}?" + re.escape(token) + (r"(?![\w-])" if whole else ""),
                     sentence) is not None


_INTRODUCES = re.compile(r"\b(we|our|this (paper|work))\b", re.I)
_PROPOSED_CALLED = re.compile(r"\bthe proposed\b[^.]{0,60}?\b(called|named|dubbed|termed)\b", re.I)  # "the proposed architecture, called CMFNet"
# "we propose MEOW, ...", "our method, called P2L, ...", "we present the Geom-Erasing, a novel ...": a one-word name
# right after the verb, closed by punctuation or an apposition (multi-word names are caught by their acronyms)
_INTRODUCED_NAME = re.compile(
    r"(?<![\w-])(?:propos|introduc|present|call|dubb|nam|term|coin)\w*\s+(?:the\s+)?([A-Z][A-Za-z0-9^+\-]*[A-Za-z0-9+])"
    r"(?=\s*[,:;(]|\s+(?:a|an|which|that)\s)")
# "we propose a new adapter architecture, p-adapter, which ...": a name in apposition to what the paper proposes
_PROPOSED_APPOSITION = re.compile(
    r"(?<![\w-])(?:propos|introduc|present)\w*\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}?[\w-]+,\s+([A-Za-z][\w^+]*(?:-[\w^+]+)*),\s")
# "we propose a novel approach OGEN to ...", "we develop a framework named RCAL": the name right after what it is
_PROPOSED_KIND_NAME = re.compile(
    r"(?<![\w-])(?:propos|introduc|present|develop)\w*\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:approach|method|framework|model|"
    r"algorithm|technique|metric|loss|module|architecture|pipeline|strategy|scheme|system|network|benchmark|dataset|paradigm|"
    r"regularizer|objective)\s+(?:named\s+|called\s+)?([A-Z][\w^+\-]*[\w+])(?=[\s,.:;(])")
# "SUPIR (Scaling-UP Image Restoration)": the name first, its spelled-out form in brackets
_NAME_THEN_EXPANSION = re.compile(r"\b([A-Z][A-Za-z0-9^+\-]{1,15})\s+\(([A-Za-z][A-Za-z\- ]{4,80})\)")
# "we propose a novel metric called the Transfer Score to ...": a title-case name of two to four words after a naming
# verb; "a recent method called Rectified Flow" is somebody else's
_INTRODUCED_PHRASE = re.compile(
    r"(?<![\w-])(?:call|dubb|nam|term|coin)\w*\s+(?:the\s+|as\s+(?:the\s+)?)?([A-Z][A-Za-z0-9]+(?:[\s-][A-Z][A-Za-z0-9]+){1,3})"
    r"(?=\s*[,.:;(]|\s+(?:to|for|that|which|a|an|as|in|and|with|is)\b)")
_SOMEONE_ELSES = re.compile(r"\b(recent|existing|previous|prior|popular|known|standard|classic|conventional)\s+(\w+\s+){0,2}$", re.I)
_NAMES_IT = re.compile(r"\b(called|dubbed|named|termed|coined|(we|this (paper|work)) (propose|introduce|present)\w*)\b", re.I)
_OWN = re.compile(r"\b(we|our|this (paper|work)|called|named|dubbed|termed)\b", re.I)


def _untex(paper):
    """A paper as a reader types its names: "SL^{2}A-INR" in an abstract is "SL^2A-INR" in a question."""
    return replace(paper, title=_TEX.sub("", paper.title), abstract=_TEX.sub("", paper.abstract))


def build_catalog(store) -> Catalog:
    """Scan every paper for its own names: title heads, title names, acronyms it defines for its method.

    A term many papers use (FID, LLMs, NeRF) is vocabulary, not a name: only names that at most a few
    papers use, or that a paper introduces as its own ("we propose X (ABC)"), become aliases.
    """
    cat = Catalog()
    df: dict[str, int] = {}
    candidates: list[tuple[str, str, bool]] = []  # (alias, paper_id, introduced by the paper itself)
    numbered: list[tuple[str, str]] = []  # (name with a number, paper_id) from abstracts
    owned: list[tuple[str, list[str], list[str], set[str]]] = []  # (paper_id, title names, abstract names, explicitly named)
    plain_heads: set[str] = set()  # title heads in ordinary words ("Knowledge distillation: ...")
    heads: set[str] = set()  # title heads short enough to be names ("LightGNN: ...")
    titles: dict[str, str] = {}  # paper id -> title (TeX removed), for the acronyms titles spell (below)
    spelled_as: dict[str, set[str]] = {}  # acronym key -> the words abstracts spell it out with ("singular value decomposition")
    paper_keys: dict[str, set[str]] = {}  # paper id -> the name keys of its title and abstract
    for paper in map(_untex, store.iter_papers()):
        titles[paper.paper_id] = paper.title
        text = paper.title + " " + paper.abstract
        # "(N)-HARPG" is how one abstract writes its N-HARPG
        keys = {name_key(t) for t in _TOKEN.findall(text + " " + " ".join(a + b for a, b in _OPTIONAL_PREFIX.findall(text)))}
        paper_keys[paper.paper_id] = keys
        cat.vocabulary |= keys
        # "PixArt" is said wherever "PixArt-alpha" is, "GPT-4" where "GPT-4-turbo" is
        cat.vocabulary |= {key[:hyphen.start()] for key in keys for hyphen in re.finditer("-", key) if hyphen.start() >= 2}
        for key in keys:
            df[key] = df.get(key, 0) + 1
        # a one-word title ("Hyper-Connections") is its own head
        head = paper.title.split(":", 1)[0].strip() if ":" in paper.title else paper.title.strip() if len(paper.title.split()) == 1 else ""
        named: list[str] = []  # this paper's own names, best first
        if head and len(head.split()) <= 3:
            named.append(head)
            heads.add(head)
        if head and (len(head.split()) > 1 or not looks_like_name(head)):
            plain_heads.add(name_key(head))  # its usage below decides: "Representation Learning" is a topic, "Compose and Conquer" a name
        if head and len(head.split()) <= 4:
            candidates.append((head, paper.paper_id, True))
            cat.defined.add(name_key(head))
            if len(head.split()) == 1 or looks_like_name(head.replace(" ", "")):
                cat.primary.setdefault(name_key(head), paper.paper_id)
                if head.isupper() and len(head) <= 5:
                    cat.exact.add(head)
        for tok in _TOKEN.findall(paper.title):
            if looks_like_name(tok):
                candidates.append((tok, paper.paper_id, False))
                cat.defined.add(name_key(tok))
                if sum(c.isalpha() for c in tok) >= 3:  # "VQGraph", not "2D" or "N:M"
                    named.append(tok)
        acronyms: list[str] = []  # own names from the abstract, in the order they rank: spelled-out acronyms,
        introduced: list[str] = []  # then CamelCase names the paper introduces ("we propose SimVQ")
        named_here: set[str] = set()  # acronyms the paper explicitly gives its method ("a regularization called ... (REPA)")
        ours: list[str] = []  # names the abstract writes as "our X"
        for sentence in re.split(r"(?<=[.!?])\s+", paper.abstract):
            for acro in _PAREN_ACRONYM.findall(sentence):
                if looks_like_name(acro) or acro.isupper():
                    own = bool(_OWN.search(sentence))
                    candidates.append((acro, paper.paper_id, own))
                    capitals = _capital_spelling(sentence, acro)  # "REPresentation Alignment (REPA)"
                    expansion = capitals or acronym_expansion(sentence, acro)
                    letters = sum(c.isalpha() for c in acro)
                    if capitals or _spelled_out(expansion, acro):
                        cat.defined.add(name_key(acro))
                        if own and letters >= 3:
                            acronyms.append(acro)
                            if _NAMES_IT.search(sentence):
                                named_here.add(acro)
                        if len(expansion.split()) >= 2:
                            spelled_as.setdefault(name_key(acro), set()).add(expansion)
                    # "diffusion model (DM)" is too generic; "we propose Weight Aligning (WA)" capitalises the name it gives
                    if own and expansion and len(expansion.split()) >= 2 and (letters >= 3 or capitals and re.search(
                            r"\b(?:propos|introduc|present|call|dubb|nam|term)\w*\s+(?:(?:a|an|the)\s+)?" + re.escape(capitals) + r"\s*\(", sentence, re.I)):
                        candidates.append((expansion, paper.paper_id, True))
                        cat.defined.add(name_key(expansion))
            for name, expansion in _NAME_THEN_EXPANSION.findall(sentence):
                letters = "".join(c for c in name if c.isalpha()).upper()
                capitals = "".join(c for c in expansion if c.isupper())  # "Grad-SAM (Gradient-based Selective Attention ...)"
                if len(letters) >= 3 and looks_like_name(name) and (capitals in (letters, "".join(c for c in name if c.isupper()))
                                                                    or _spelled_out(expansion.lower(), name)):
                    if _OWN.search(sentence):  # "we introduce SUPIR (...)", not "under IPC (Images Per Class) 50"
                        candidates += [(name, paper.paper_id, True), (expansion, paper.paper_id, True)]
                        cat.defined |= {name_key(name), name_key(expansion)}
                        acronyms.append(name)
            introduces = bool(_INTRODUCES.search(sentence))
            if introduces or _PROPOSED_CALLED.search(sentence):  # "our method, called P2L", not "recent work, named VAR"
                appositions = [n for n in _PROPOSED_APPOSITION.findall(sentence) if re.search(r"[-\dA-Z^+]", n)]
                kinds = [n for n in _PROPOSED_KIND_NAME.findall(sentence) if looks_like_name(n) or n.isupper()]
                phrases = [m.group(1) for m in _INTRODUCED_PHRASE.finditer(sentence) if not _SOMEONE_ELSES.search(sentence[:m.start()])]
                for name in _INTRODUCED_NAME.findall(sentence) + appositions + kinds + phrases:
                    if len(name) >= 3 and name_key(name) not in _COMMON:
                        candidates.append((name, paper.paper_id, True))
                        cat.defined.add(name_key(name))
                        acronyms.append(name)  # as strong as a spelled-out acronym: ranks in order of appearance
            for tok in _TOKEN.findall(sentence):
                if introduces and looks_like_name(tok) and re.search(r"[A-Za-z]{2}-?\d|\d-?[A-Za-z]*[A-Z]{2}", tok) \
                        and _named_by_sentence(tok, sentence, _NAMING_VERBS + "|collect|construct|release|curate", gap=3, whole=True):
                    numbered.append((tok, paper.paper_id))  # "we introduce the IMed-361M benchmark": its own, if no other says it
                if looks_like_name(tok) and re.search(r"[a-z]-?[A-Z]|[\^+]", tok):  # CamelCase / symbol names, "Grad-SAM"
                    candidates.append((tok, paper.paper_id, False))
                    if introduces and _named_by_sentence(tok, sentence, _NAMING_VERBS, gap=6):
                        cat.defined.add(name_key(tok))
                        introduced.append(tok)
                    if not tok.lower().endswith("-based") and re.search(r"\bour\s+" + re.escape(tok) + r"(?![\w-])", sentence):
                        ours.append(tok)  # "our WideNet can still surpass ViT": the paper's own method, whatever else it spells out
        owned.append((paper.paper_id, named, list(dict.fromkeys(ours + acronyms + introduced)), named_here | set(ours)))
    # A title head in ordinary words that many abstracts use ("Knowledge distillation", "Representation Learning")
    # names a topic, not this paper: "the transformer knowledge distillation framework" is about another one.
    usage = _phrase_usage(plain_heads, ((p.title + " " + p.abstract).lower() for p in map(_untex, store.iter_papers())))
    generic = {h for h in plain_heads if usage[h] > 4}
    cat.defined -= generic
    cat.primary = {k: v for k, v in cat.primary.items() if k not in generic}
    candidates = [c for c in candidates if name_key(c[0]) not in generic]
    owned = [(pid, [n for n in t if name_key(n) not in generic], a, h) for pid, t, a, h in owned]

    def uses(name: str) -> int:
        """Abstracts using a name in either number ("GANs" or "GAN")."""
        key = name_key(name)
        other = key[:-1] if key.endswith("s") else key + "s"
        return df.get(key, 0) + df.get(other, 0)

    for pid, from_title, from_abstract, named_here in owned:
        # "we report FID (Frechet Inception Distance)" does not make FID this paper's name: a term many papers use is
        # not, unless the paper explicitly names its method so ("a regularization called REPresentation Alignment (REPA)")
        # A title word many papers use ("OOD", "GANs", "MoE") is not this paper's name ("Diffusion Models Beat GANs on
        # Image Classification" is not the GANs paper); the name its abstract gives is ("a novel approach OGEN").
        rare = [n for n in from_title if uses(n) <= 3 or n in heads]
        names = rare + [n for n in from_abstract if uses(n) <= 3 or n in named_here]
        if names:
            cat.own[pid] = names[0]
    explicit = {name_key(n) for _, _, _, named_here in owned for n in named_here}
    for alias, pid, own in candidates:
        if name_key(alias) in _COMMON:
            continue  # "a plain MLP (multilayer perceptron)": a kind of model, whoever spells it out
        if own and uses(alias) > VOCABULARY_USES and name_key(alias) not in explicit and name_key(alias) not in cat.primary:
            continue  # "we report Frechet Inception Distance (FID)" in one abstract of the many that use FID: a metric
        if own or uses(alias) <= 2:
            cat.add(alias, pid)
    # "the SVD-based representation paper for deep RL": one abstract writes "Singular Value Decomposition (SVD)", the RL
    # paper's title spells it out; the acronym may mean either, and the question's other words choose
    own_names = {name_key(n) for n in cat.own.values()} | set(cat.primary)
    for key, expansions in spelled_as.items():
        if len(cat.aliases.get(key, ())) != 1 or key in own_names:
            continue  # "REPA" is its paper's own name, not also "What matters for Representation Alignment"
        holders = {pid for pid, title in titles.items() for e in expansions
                   if re.search(r"(?<![\w-])" + re.escape(e) + r"(?![\w-])", title.lower())}
        if len(others := holders - set(cat.aliases[key])) == 1:
            cat.spelled_out[key] = sorted(others)
    for alias, pid in numbered:  # "the IMed-361M benchmark": a numbered name that one abstract alone writes is that paper's
        if uses(alias) == 1 and name_key(alias) not in _COMMON:
            cat.add(alias, pid)
    for pid, title in titles.items():  # "GDWCT" (only in its code URL) spelled by "Group-wise Deep Whitening-and-Coloring Transformation"
        # three letters only from the title's first three words, in a row ("DDS" in "github.com/HJ-harry/DDS" for
        # "Decomposed Diffusion Sampler for ..."): any three initials would match too many titles
        opening = "".join(title_initials(title)[:3])
        for acronym in title_initialisms(title, anywhere=True) | ({opening} if len(opening) == 3 else set()):
            key = name_key(acronym)
            if key in paper_keys[pid] and df.get(key) == 1 and key not in _COMMON:
                cat.add(acronym, pid)
    # A name shared by several papers (CFG, GNN) is a topic, not a name.
    cat.aliases = {k: v for k, v in cat.aliases.items() if len(v) <= 3 or k in cat.primary}
    # "SL^2A-INR" is typed "SL2A-INR" too
    for key, ids in list(cat.aliases.items()):
        if "^" in key and re.match(r"[a-z]{2}", key) and (plain := key.replace("^", "")) not in cat.vocabulary:  # not "Z_p^2"
            cat.aliases.setdefault(plain, list(ids))
            cat.vocabulary.add(plain)
    # "DANN" for "Domain-Adversarial Training of Neural Networks": an acronym that no abstract writes, spelled by the
    # initials of exactly one title. It names that paper only where the question is about it (Planner._side_on_topic).
    spelled: dict[str, set[str]] = {}
    for pid, title in titles.items():
        for acronym in title_initialisms(title):
            spelled.setdefault(acronym, set()).add(pid)
        # "TAS" for "Network Pruning via Transformable Architecture Search": the method's name after "via" (or "with",
        # "using", "through", "by"), every word of it, two letters or more ("OT" for "... Fusion with Optimal Transport")
        if (method := re.split(r"\b(?:via|with|using|through|by)\b", title, flags=re.I)[1:]) and \
                INITIALISM_LETTERS[1] >= len(whole := "".join(title_initials(method[-1]))) >= 2:
            spelled.setdefault(whole, set()).add(pid)
    for acronym, ids in spelled.items():
        key = name_key(acronym)
        if len(ids) == 1 and key not in cat.vocabulary and key not in cat.aliases and key not in _COMMON:
            pid = next(iter(ids))
            cat.spelled[acronym] = [pid, sorted(_title_stems(titles[pid]))]
    return cat


def _title_stems(text: str) -> set[str]:
    """Content words of four letters or more, cut to five ("adaptation" ~ "adapt")."""
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _TITLE_STOP}


_TITLE_STOP = frozenset("a an the of for in on with and to via by from using at as is are into towards toward".split())
INITIALISM_LETTERS = (4, 6)  # shortest and longest acronym read off a title (three letters match too many titles)


def title_initials(title: str) -> list[str]:
    """The initials of a title's words, in order; hyphenated parts count as words, small words do not."""
    return [w[0].upper() for w in re.split(r"[\s\-:]+", title) if w and w.lower() not in _TITLE_STOP and w[0].isalpha()]


def title_initialisms(title: str, anywhere: bool = False) -> set[str]:
    """Acronyms a title's opening words spell with their initials, one word skipped at most ("Domain-Adversarial
    Training of Neural Networks" -> DATNN, DANN, DATN, ...); hyphenated parts count as words, small words do not.
    With anywhere, spans may start at any word ("... via Group-wise Deep Whitening-and-Coloring ..." -> GDWCT)."""
    initials = title_initials(title)
    low, high = INITIALISM_LETTERS
    out = set()
    for start in range(len(initials) if anywhere else 1):
        rest = initials[start:]
        for end in range(low, min(len(rest), high + 1) + 1):
            span = rest[:end]
            if end <= high:
                out.add("".join(span))
            if end - 1 >= low:  # one word skipped, never the first or the last of the span
                out.update("".join(span[:skip] + span[skip + 1:]) for skip in range(1, end - 1))
    return out
