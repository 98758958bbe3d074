"""Comparison questions: detect them, find their sides, and lay out a cited comparison table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.catalog import Catalog
from assistant.evidence import table_cells

_COMPARE = re.compile(
    r"\b(differ\w*|difference\w*|compare\w*|comparison|contrast\w*|versus|vs\.?|similar\w*|"
    r"which (one |method |approach |paper )?(is|was|does|gets|achieves|reports|has)\b.*\b(or|than)\b|"
    r"better|faster|slower|stronger|weaker|more \w+ than|how do they (differ|compare))\b",
    re.I,
)
_SPLITTERS = re.compile(
    r"\b(?:differ(?:s|ent)? from|compared? (?:to|with)|versus|vs\.?|and|or|from|with|than)\b|,", re.I
)
_LEAD = re.compile(
    r"^(how (does|do|is|are)|what (is|are) the (main )?differences? between|compare|contrast|which (is|one is) \w+[,:]?|"
    r"what distinguishes|in what way does|how)\s+", re.I
)
_TAIL = re.compile(r"\b(differ|compare|in terms of|regarding|on|when|for)\b.*$|\?$", re.I)
_TOPICAL = re.compile(r"\b(what|which) (methods|approaches|papers|works)\b.*\b(differ|compare)\b", re.I)


@dataclass(frozen=True)
class Side:
    label: str  # how the question names it
    paper_ids: tuple[str, ...]  # empty when the corpus does not hold it


def is_comparison(question: str) -> bool:
    return bool(_COMPARE.search(question))


def is_topical(question: str) -> bool:
    """'What methods here address Z and how do they differ?': sides come from retrieval, not names."""
    return bool(_TOPICAL.search(question))


def side_phrases(question: str) -> list[str]:
    """Rough surface phrases for each side when the catalog does not name them."""
    body = _LEAD.sub("", question.strip().rstrip("?").strip())
    body = re.sub(r"\b(the|a|an)\s+(\w+\s+)?(approach|method|paper|model|work)\b", r"\2", body, flags=re.I)
    parts = [p.strip(" ,.;:") for p in _SPLITTERS.split(body) if p and p.strip(" ,.;:")]
    parts = [_TAIL.sub("", p).strip(" ,.;:") for p in parts if p.lower() not in {"and", "or", "from", "with", "than", ","}]
    return [p for p in parts if len(p) >= 2][:3]


def find_sides(question: str, catalog: Catalog) -> list[Side]:
    """Sides named through the catalog, in question order; fills in from phrases when fewer than two."""
    sides: list[Side] = []
    seen: set[str] = set()
    for surface, ids in catalog.find_mentions(question):
        if ids[0] in seen:
            continue
        seen.update(ids)
        sides.append(Side(surface, tuple(ids[:1])))
    for name in catalog.unknown_names(question):
        sides.append(Side(name, ()))
    return sides


def comparison_table(rows: list[tuple[int, str, str]], question: str) -> list[dict]:
    """Rows (number, title, abstract) -> [{n, title, problem, approach, result}] cells quoted from abstracts."""
    table = []
    for n, title, abstract in rows:
        cells = table_cells(abstract, question)
        table.append({"n": n, "title": title, **{k: cells.get(k, "") for k in ("problem", "approach", "result")}})
    return table


def table_markdown(table: list[dict]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ") or "—"

    lines = ["| Paper | Problem | Approach | Key result |", "|---|---|---|---|"]
    for row in table:
        lines.append(
            f"| [{row['n']}] {cell(row['title'])} | {cell(row['problem'])} | {cell(row['approach'])} | {cell(row['result'])} |"
        )
    return "\n".join(lines)
