"""The golden set follows the issue's rules, checked against the bundled corpus (no model, no index needed)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.corpus import normalise_title, parse_corpus
from assistant.settings import BUNDLED_CORPUS
from evals.golden import ALTERNATIVE, GOLDEN, GoldenError, load_golden, select

QUERIES = GOLDEN.parent / "search_queries.jsonl"
MINIMUMS = {"single": 30, "numeric": 20, "compare": 25, "unanswerable": 15, "followup": 10}


@pytest.fixture(scope="module")
def papers():
    found, skipped = parse_corpus([BUNDLED_CORPUS])
    assert not skipped
    return {normalise_title(p.title): p for p in found}


@pytest.fixture(scope="module")
def items():
    return load_golden(GOLDEN)


def test_size_and_kind_minimums(items):
    assert len(items) >= 100
    counts = Counter(i.kind for i in items)
    for kind, minimum in MINIMUMS.items():
        assert counts[kind] >= minimum, f"{kind}: {counts[kind]} < {minimum}"


def test_gold_titles_exist_in_the_corpus(items, papers):
    missing = [(i.id, t) for i in items for t in i.gold_titles if normalise_title(t) not in papers]
    assert missing == []


def test_spread_over_papers_and_seed_files(items, papers):
    gold = {normalise_title(t) for i in items for t in i.gold_titles}
    assert len(gold) >= 70
    files = {src for key in gold for src in papers[key].sources}
    assert files == {p.name for p in BUNDLED_CORPUS.iterdir() if p.suffix == ".txt"}


def test_facts_occur_verbatim_in_a_gold_abstract(items, papers):
    """The first form of each fact is copied from an abstract; '|' alternatives are declared equivalents."""
    wrong = []
    for item in items:
        abstracts = [papers[normalise_title(t)].abstract.lower() for t in item.gold_titles]
        for fact in item.answer_contains:
            if not any(fact.split(ALTERNATIVE)[0].strip().lower() in a for a in abstracts):
                wrong.append((item.id, fact))
    assert wrong == []


def test_splits_cover_every_kind(items):
    assert {i.split for i in items} == {"dev", "test"}
    for kind in MINIMUMS:
        assert {i.split for i in items if i.kind == kind} == {"dev", "test"}, kind
    assert len(select(items, "dev")) + len(select(items, "test")) == len(items)


def test_kind_shapes(items):
    for i in items:
        assert (i.kind == "unanswerable") == (not i.gold_titles and not i.answer_contains), i.id
        assert (i.kind == "followup") == bool(i.turns), i.id
        assert i.kind != "compare" or 2 <= len(i.gold_titles) <= 3, i.id
        assert i.kind == "unanswerable" or i.answer_contains, i.id


def test_search_queries_gold_titles_exist(papers):
    rows = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 50
    assert [(r["id"], t) for r in rows for t in r["gold_titles"] if normalise_title(t) not in papers] == []


def _write(tmp_path: Path, *rows) -> Path:
    path = tmp_path / "g.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


GOOD = {"id": "x1", "kind": "single", "question": "What is LightGNN?", "gold_titles": ["LightGNN"], "answer_contains": ["80%"]}


@pytest.mark.parametrize(
    "row, message",
    [
        ({**GOOD, "kind": "trivia"}, "kind 'trivia'"),
        ({**GOOD, "gold_titles": []}, "at least one gold title"),
        ({**GOOD, "kind": "unanswerable"}, "unanswerable item has empty"),
        ({**GOOD, "kind": "followup"}, "'turns'"),
        ({**GOOD, "turns": ["earlier"]}, "'turns'"),
        ({**GOOD, "answer_contains": ["80%|"]}, "empty alternative"),
        ({**GOOD, "split": "train"}, "split 'train'"),
        ({**GOOD, "question": " "}, "'question' must be"),
        ({**GOOD, "answer": "x"}, "unknown field(s) answer"),
        ("{not json", "malformed JSON"),
    ],
)
def test_schema_errors_name_the_line(tmp_path, row, message):
    path = _write(tmp_path, GOOD | {"id": "x0"}, row)
    with pytest.raises(GoldenError, match=":2: ") as err:
        load_golden(path)
    assert message in str(err.value)


def test_duplicate_ids_and_empty_splits_are_errors(tmp_path):
    with pytest.raises(GoldenError, match="duplicate id 'x1'"):
        load_golden(_write(tmp_path, GOOD, GOOD))
    items = load_golden(_write(tmp_path, GOOD))  # split is optional: other question sets need not have one
    assert select(items, "all") == items
    with pytest.raises(GoldenError, match="'test' split"):
        select(items, "test")


@pytest.mark.parametrize("name", ["holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl", "holdout5.jsonl", "holdout6.jsonl", "holdout7.jsonl"])
def test_holdout_sets_follow_the_same_rules(papers, name):
    """The held-out sets: papers no other set uses, each scored once before any change for it (see README)."""
    held = load_golden(GOLDEN.parent / name)
    assert {i.split for i in held} == {"holdout"} and len(held) >= 15
    others = {normalise_title(t) for other in GOLDEN.parent.glob("holdout*.jsonl") if other.name != name
              for i in load_golden(other) for t in i.gold_titles}
    assert not others & {normalise_title(t) for i in held for t in i.gold_titles}
    for item in held:
        abstracts = [papers[normalise_title(t)].abstract.lower() for t in item.gold_titles]
        assert all(any(f.split(ALTERNATIVE)[0].strip().lower() in a for a in abstracts) for f in item.answer_contains), item.id


@pytest.mark.parametrize("name", ["topical.jsonl", "topical2.jsonl", "topical3.jsonl", "topical4.jsonl"])
def test_topical_set_lists_every_paper_on_each_topic(papers, name):
    """evals/topical*.jsonl: "which papers here address Z?" questions, written blind; gold papers may appear in other sets,
    but each item lists every paper of the collection on its topic (its author searched all abstracts for it)."""
    items = load_golden(GOLDEN.parent / name)
    assert {i.split for i in items} == {"holdout"} and {i.kind for i in items} == {"compare", "unanswerable"}
    for item in items:
        assert (item.kind == "compare") == (2 <= len(item.gold_titles) <= 4), item.id
        abstracts = [papers[normalise_title(t)].abstract.lower() for t in item.gold_titles]
        assert all(any(f.split(ALTERNATIVE)[0].strip().lower() in a for a in abstracts) for f in item.answer_contains), item.id


def test_mixed_set_follows_the_golden_rules(papers):
    """evals/mixed.jsonl: a blind set of every kind whose papers may appear in other sets (seventh session)."""
    items = load_golden(GOLDEN.parent / "mixed.jsonl")
    assert {i.split for i in items} == {"holdout"} and len(items) == 24
    assert sum(i.kind == "compare" for i in items) == 16
    for item in items:
        abstracts = [papers[normalise_title(t)].abstract.lower() for t in item.gold_titles]
        assert all(any(alt.strip().lower() in a for a in abstracts for alt in f.split(ALTERNATIVE)) for f in item.answer_contains), item.id
