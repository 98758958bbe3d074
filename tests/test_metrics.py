"""Each metric against values computed by hand, the fact matcher's numeric rules, and the intervals."""

from __future__ import annotations

import math

import pytest

from evals.golden import GoldenItem
from evals.metrics import (
    aggregate, all_cited, bootstrap, canonical, citation_precision, citation_recall, fact_found, fact_recall,
    item_metrics, mean, ndcg_at_k, proportion, quantile, recall_at_k, reciprocal_rank, wilson,
)

RANKED = ["Other A", "LightGNN: Simple Graph Neural Network for Recommendation", "Other B", "Gold Two", "Other C"]
GOLD = ["lightgnn  simple graph neural network for recommendation", "GOLD TWO"]  # matched by normalise_title


def test_recall_at_k():
    assert recall_at_k(RANKED, GOLD, 1) == 0.0
    assert recall_at_k(RANKED, GOLD, 2) == 0.5
    assert recall_at_k(RANKED, GOLD, 5) == 1.0
    assert recall_at_k(RANKED + RANKED, GOLD, 5) == 1.0  # duplicates do not count twice


def test_reciprocal_rank():
    assert reciprocal_rank(RANKED, GOLD) == 0.5
    assert reciprocal_rank(["Gold Two"], GOLD) == 1.0
    assert reciprocal_rank(["x", "y", "z"], GOLD) == 0.0


def test_ndcg_by_hand():
    # gold at ranks 2 and 4: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3) = 1.061606 / 1.630930
    assert ndcg_at_k(RANKED, GOLD) == pytest.approx(0.650921, abs=1e-6)
    assert ndcg_at_k(["Gold Two", RANKED[1]], GOLD) == pytest.approx(1.0)
    assert ndcg_at_k([f"x{i}" for i in range(10)] + ["Gold Two"], GOLD) == 0.0  # rank 11 is past @10
    assert ndcg_at_k(["Gold Two"], GOLD[1:]) == 1.0


def test_citation_metrics():
    assert citation_precision(["Gold Two", "Other A"], GOLD) == 0.5
    assert citation_precision([], GOLD) is None
    assert citation_recall(["Gold Two", "Other A"], GOLD) == 0.5
    assert citation_recall([], GOLD) == 0.0
    assert all_cited(["Gold Two", RANKED[1], "Other"], GOLD)
    assert not all_cited(["Gold Two"], GOLD)


@pytest.mark.parametrize(
    "fact, answer",
    [
        ("85x", "It is 85 times cheaper."),
        ("85x", "85times less compute"),
        ("85times", "an 85× reduction"),
        ("85 times", "85X"),
        ("85x", "an 85-fold cut"),
        ("80%", "cuts edges by 80 percent"),
        ("5.3%", "+5.3 %"),
        ("1.3 million", "1.3M images"),
        ("1M", "one corpus of 1 million tokens"),
        ("1,000", "1000 steps"),
        ("23.3", "an FID of 23.30"),
        ("77.5-80.4%", "between 77.5%–80.4% of it"),
        ("3.2-4.8x", "3.2x-4.8x faster"),
        ("10X~20X", "10x to 20x"),
        ("Neural Field", "a neural   field"),
        ("fine-tuning", "ﬁne‑tuning"),  # NFKC ligature, non-breaking hyphen
        ("85%", "８５％ of cases"),  # full-width digits and percent sign
        ("80%|0.8", "a ratio of 0.8"),
    ],
)
def test_fact_found(fact, answer):
    assert fact_found(fact, answer)


@pytest.mark.parametrize(
    "fact, answer",
    [
        ("80%", "a ratio of 0.8"),  # a fraction is not a percentage unless the golden says "80%|0.8"
        ("0.8", "80% of edges"),
        ("5.3%", "by 15.3%"),
        ("85x", "850 times"),
        ("85x", "8.5x"),
        ("85x", "85 ms"),
        ("100", "on A100 GPUs"),  # a name is not a number
        ("2.81", "2.81x"),  # a bare number is not a ratio
        ("coarse-to-fine", "coarse to fine"),
        ("ISTD", "the metric"),
    ],
)
def test_fact_not_found(fact, answer):
    assert not fact_found(fact, answer)


def test_canonical_tokens():
    assert canonical("Cuts 85x and 80%") == "cuts ⟦85|x⟧ and ⟦80|%⟧"
    assert canonical("77.5-80.4%") == canonical("77.5% to 80.4%") == "⟦77.5|%⟧-⟦80.4|%⟧"


def test_fact_recall():
    assert fact_recall(["80%", "90%"], "LightGNN removes 80% of edges.") == 0.5
    assert fact_recall(["80%", "90%|0.9"], "80% of edges and 0.9 of embeddings") == 1.0


def test_wilson_by_hand():
    low, high = wilson(8, 10)
    assert (low, high) == (pytest.approx(0.49016, abs=1e-5), pytest.approx(0.94331, abs=1e-5))
    assert wilson(0, 10) == (0.0, pytest.approx(3.8416 / 13.8416, abs=1e-6))
    assert wilson(10, 10)[0] == pytest.approx(1 - 3.8416 / 13.8416, abs=1e-6)
    assert wilson(0, 0) == (0.0, 1.0)


def test_bootstrap_is_seeded_and_brackets_the_statistic():
    values = [0.0, 1.0, 1.0, 0.5, 0.25, 1.0, 0.0, 1.0]
    low, high = bootstrap(values)
    assert low < sum(values) / len(values) < high
    assert bootstrap(values) == (low, high)
    assert bootstrap([3.0, 3.0, 3.0]) == (3.0, 3.0)
    p95 = quantile([float(v) for v in range(1, 101)], "p95")
    assert p95["value"] == pytest.approx(95.05) and p95["low"] <= 95.05 <= p95["high"] and p95["n"] == 100


def test_summaries_carry_count_and_interval():
    assert proportion([]) is None and mean([]) is None
    p = proportion([True, True, False, True])
    assert p["value"] == 0.75 and p["n"] == 4 and p["interval"] == "wilson"
    assert (p["low"], p["high"]) == pytest.approx(wilson(3, 4))


def _item(kind, gold=(), facts=(), turns=()):
    return GoldenItem(id="x", kind=kind, question="q", turns=turns, gold_titles=tuple(gold), answer_contains=tuple(facts))


def test_item_metrics_by_kind():
    unanswerable = item_metrics(_item("unanswerable"), RANKED, ["Other A"], "text", refused=False, k=5)
    assert unanswerable == {"refusal_correct": False}
    m = item_metrics(_item("compare", GOLD, ["80%", "90%"]), RANKED, ["Gold Two"], "80% fewer", refused=False, k=2)
    assert m == {"false_refusal": False, "recall@2": 0.5, "mrr": 0.5, "ndcg@10": pytest.approx(0.650921, abs=1e-6),
                 "citation_precision": 1.0, "citation_recall": 0.5, "compare_all_cited": False, "fact_recall": 0.5}
    retrieval_only = item_metrics(_item("single", GOLD[1:], ["x"]), RANKED, None, None, refused=True, k=5)
    assert set(retrieval_only) == {"false_refusal", "recall@5", "mrr", "ndcg@10"}


def test_aggregate_by_hand():
    records = [
        {"kind": "single", "refused": False, "generated": True, "timings": {"ttft_ms": 100.0, "total_ms": 1000.0, "tokens_per_s": 20.0},
         "metrics": {"recall@5": 1.0, "mrr": 1.0, "ndcg@10": 1.0, "citation_precision": None, "fact_recall": 1.0}},
        {"kind": "single", "refused": True, "generated": False, "timings": {"ttft_ms": 5.0, "total_ms": 5.0, "tokens_per_s": 0.0},
         "metrics": {"recall@5": 0.0, "mrr": 0.0, "ndcg@10": 0.0, "citation_precision": None, "fact_recall": 0.0}},
        {"kind": "unanswerable", "refused": True, "generated": False, "timings": {"ttft_ms": 5.0, "total_ms": 5.0, "tokens_per_s": 0.0},
         "metrics": {"refusal_correct": True}},
    ]
    out = aggregate(records, k=5)
    assert out["recall@5"]["value"] == 0.5 and out["recall@5"]["n"] == 2
    assert out["fact_recall"]["value"] == 0.5
    assert "citation_precision" not in out  # no item cited anything: undefined, not zero
    assert out["refusal_accuracy"]["value"] == 1.0 and out["refusal_accuracy"]["n"] == 1
    assert out["false_refusal_rate"]["value"] == 0.5 and out["false_refusal_rate"]["n"] == 2
    assert out["ttft_ms_p50"]["value"] == 100.0 and out["ttft_ms_p50"]["n"] == 1  # only generated answers are timed
    assert out["tokens_per_s"]["value"] == 20.0
    assert math.isclose(out["mrr"]["low"], 0.0) and math.isclose(out["mrr"]["high"], 1.0)
