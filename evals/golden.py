"""The golden Q&A set: load a JSONL file in the golden schema, validate it, select a split."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.errors import BadInput

GOLDEN = Path(__file__).resolve().parent / "golden.jsonl"
KINDS = ("single", "numeric", "compare", "unanswerable", "followup")
SPLITS = ("dev", "test", "holdout")  # holdout: evals/holdout.jsonl, written after tuning and never tuned on
ALTERNATIVE = "|"  # in answer_contains: "80%|0.8" means either form counts as the fact (see evals/metrics.py)


class GoldenError(BadInput):
    """A golden file that does not follow the schema; the message names the file and line."""


@dataclass(frozen=True)
class GoldenItem:
    """One question with what a correct answer must retrieve, cite and say."""

    id: str
    kind: str
    question: str
    turns: tuple[str, ...] = ()
    gold_titles: tuple[str, ...] = ()
    answer_contains: tuple[str, ...] = ()
    split: str = ""
    notes: str = ""

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"

    def as_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def _strings(row: dict, key: str, where: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GoldenError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def parse_item(row: object, where: str) -> GoldenItem:
    """One validated item; `where` ("file:line") prefixes every error message."""
    if not isinstance(row, dict):
        raise GoldenError(f"{where}: each line must be a JSON object")
    known = {"id", "kind", "split", "question", "turns", "gold_titles", "answer_contains", "notes"}
    if extra := sorted(set(row) - known):
        raise GoldenError(f"{where}: unknown field(s) {', '.join(extra)}; the schema has {', '.join(sorted(known))}")
    for key in ("id", "kind", "question"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise GoldenError(f"{where}: '{key}' must be a non-empty string")
    kind = row["kind"]
    if kind not in KINDS:
        raise GoldenError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    split = row.get("split", "")
    if split not in (*SPLITS, ""):
        raise GoldenError(f"{where}: split {split!r} is not one of {', '.join(SPLITS)}")
    if not isinstance(row.get("notes", ""), str):
        raise GoldenError(f"{where}: 'notes' must be a string")
    item = GoldenItem(
        id=row["id"], kind=kind, question=row["question"], split=split, notes=row.get("notes", ""),
        turns=_strings(row, "turns", where), gold_titles=_strings(row, "gold_titles", where),
        answer_contains=_strings(row, "answer_contains", where),
    )
    if kind == "unanswerable" and (item.gold_titles or item.answer_contains):
        raise GoldenError(f"{where}: an unanswerable item has empty gold_titles and answer_contains")
    if kind != "unanswerable" and not item.gold_titles:
        raise GoldenError(f"{where}: a {kind} item needs at least one gold title")
    # a compare item may hold one gold title: the other side is not in the collection ("How does SeLa differ from
    # DeepCluster?" is answered for SeLa, saying DeepCluster is missing)
    if (kind == "followup") != bool(item.turns):
        raise GoldenError(f"{where}: 'turns' holds the earlier user turns of a followup item, and only of one")
    if any(not alt.strip() for fact in item.answer_contains for alt in fact.split(ALTERNATIVE)):
        raise GoldenError(f"{where}: an answer_contains entry has an empty alternative around '{ALTERNATIVE}'")
    return item


def load_golden(path: Path) -> list[GoldenItem]:
    """Every item of a golden JSONL file, validated; ids must be unique."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise GoldenError(f"Cannot read the golden file {path}: {err}") from err
    items: list[GoldenItem] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldenError(f"{where}: malformed JSON ({err.msg})") from err
        item = parse_item(row, where)
        if item.id in seen:
            raise GoldenError(f"{where}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise GoldenError(f"The golden file {path} holds no items.")
    return items


def select(items: list[GoldenItem], split: str = "all", limit: int | None = None) -> list[GoldenItem]:
    """Items of one split ("dev", "test" or "all"), the first `limit` of them."""
    chosen = items if split == "all" else [i for i in items if i.split == split]
    if not chosen:
        raise GoldenError(f"No golden item is in the {split!r} split.")
    return chosen[:limit] if limit else chosen
