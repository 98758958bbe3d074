"""Offline metrics computed from titles, text and numbers, with 95% intervals.

Every per-item metric is a small pure function whose docstring is its definition; DEFINITIONS
collects those docstrings so report.json, report.md and the README say the same thing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import numpy as np

from assistant.corpus import normalise_title
from evals.golden import ALTERNATIVE

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
# A number not glued to a word on its left ("A100", "v1.5" are names, not numbers), then an optional unit.
_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(?!\d)"
    r"(?:\s?(%|percent\b|per cent\b|x\b|×|times\b|-?fold\b|thousand\b|k\b|million\b|m\b|billion\b|b\b|trillion\b))?"
)
_UNITS = {"%": "%", "percent": "%", "per cent": "%", "x": "x", "×": "x", "times": "x", "fold": "x", "-fold": "x"}
_SCALES = {"thousand": 3, "k": 3, "million": 6, "m": 6, "billion": 9, "b": 9, "trillion": 12}
_TOKEN = re.compile(r"⟦([^|⟧]+)\|([^⟧]*)⟧")
_RANGE = re.compile(r"(⟦[^⟧]+⟧)\s*(?:-|~|to)\s*(⟦[^⟧]+⟧)")


def _number_token(match: re.Match) -> str:
    digits, unit = match.group(1).replace(",", ""), (match.group(2) or "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return match.group(0)
    if unit in _SCALES:
        value, unit = value.scaleb(_SCALES[unit]), ""
    text = format(value.normalize(), "f")
    return f"⟦{text}|{_UNITS.get(unit, '')}⟧"


def _spread_range_unit(match: re.Match) -> str:
    """'77.5-80.4%' says both ends are percentages: give the bare left end the right end's unit."""
    (lv, lu), (rv, ru) = _TOKEN.match(match.group(1)).groups(), _TOKEN.match(match.group(2)).groups()
    return f"⟦{lv}|{lu or ru}⟧-⟦{rv}|{ru or lu}⟧"


def canonical(text: str) -> str:
    """Text as facts are compared: NFKC, case-folded, one space, dashes unified, numbers as value+unit tokens.

    "85x", "85 times", "85times" and "85×" all become ⟦85|x⟧; "80%" and "80 percent" ⟦80|%⟧;
    "1.3 million" and "1.3M" ⟦1300000|⟧. A fraction never equals a percentage ("0.8" is not "80%").
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = " ".join(_DASHES.sub("-", text).split())
    text = _NUMBER.sub(_number_token, text)
    return _RANGE.sub(_spread_range_unit, text)


def fact_found(fact: str, answer: str) -> bool:
    """A fact is found when any of its '|'-separated alternatives occurs in the canonical answer."""
    target = canonical(answer)
    return any(canonical(alt.strip()) in target for alt in fact.split(ALTERNATIVE) if alt.strip())


# -- per-item metrics (their docstrings are the definitions) --------------------------------------

def _keys(titles) -> list[str]:
    return list(dict.fromkeys(normalise_title(t) for t in titles))


def recall_at_k(ranked: list[str], gold: list[str], k: int) -> float:
    """Share of the gold papers among the first k papers retrieved (titles matched by normalise_title)."""
    gold_keys = set(_keys(gold))
    return len(gold_keys & set(_keys(ranked)[:k])) / len(gold_keys)


def reciprocal_rank(ranked: list[str], gold: list[str]) -> float:
    """1 / rank of the first gold paper in the retrieved list (0 when none is retrieved); MRR is its mean."""
    gold_keys = set(_keys(gold))
    return next((1.0 / (i + 1) for i, key in enumerate(_keys(ranked)) if key in gold_keys), 0.0)


def ndcg_at_k(ranked: list[str], gold: list[str], k: int = 10) -> float:
    """DCG of the first k papers with binary relevance (gold = 1) over the DCG of a perfect ranking."""
    gold_keys = set(_keys(gold))
    dcg = sum(1.0 / math.log2(i + 2) for i, key in enumerate(_keys(ranked)[:k]) if key in gold_keys)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold_keys), k)))
    return dcg / ideal


def citation_precision(cited: list[str], gold: list[str]) -> float | None:
    """Cited papers that are gold / cited papers; undefined (None) for an answer that cites nothing."""
    cited_keys = set(_keys(cited))
    return len(cited_keys & set(_keys(gold))) / len(cited_keys) if cited_keys else None


def citation_recall(cited: list[str], gold: list[str]) -> float:
    """Gold papers cited / gold papers (a refusal cites nothing and scores 0)."""
    gold_keys = set(_keys(gold))
    return len(gold_keys & set(_keys(cited))) / len(gold_keys)


def all_cited(cited: list[str], gold: list[str]) -> bool:
    """For compare items: every gold paper is cited."""
    return set(_keys(gold)) <= set(_keys(cited))


def fact_recall(facts: list[str], answer: str) -> float:
    """Share of answer_contains facts found in the answer after canonical() ('a|b' = either form counts)."""
    return sum(fact_found(f, answer) for f in facts) / len(facts)


DEFINITIONS = {
    "recall@k": recall_at_k.__doc__,
    "mrr": reciprocal_rank.__doc__,
    "ndcg@10": ndcg_at_k.__doc__,
    "citation_precision": citation_precision.__doc__,
    "citation_recall": citation_recall.__doc__,
    "compare_all_cited": all_cited.__doc__,
    "fact_recall": fact_recall.__doc__,
    "refusal_accuracy": "Share of unanswerable items answered with the refusal sentence.",
    "false_refusal_rate": "Share of answerable items answered with the refusal sentence.",
    "ttft_ms_p50/p95": "Median / 95th percentile of time from the question to the first token (generated answers).",
    "total_ms_p50/p95": "Median / 95th percentile of time from the question to the finished answer (generated answers).",
    "tokens_per_s": "Mean completion tokens per second of generation (generated answers).",
}


# -- intervals ---------------------------------------------------------------------------------

def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion (sound at small n and at 0 or 1, unlike p +- z*se)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap(values: list[float], stat: str = "mean", *, resamples: int = 2000, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap 95% interval of the mean or of a percentile ("p50", "p95"); seeded, so reports repeat."""
    data = np.asarray(values, dtype=float)
    if len(data) < 2:
        return (float(data[0]), float(data[0])) if len(data) else (0.0, 0.0)
    draws = data[np.random.default_rng(seed).integers(0, len(data), size=(resamples, len(data)))]
    stats = draws.mean(axis=1) if stat == "mean" else np.percentile(draws, float(stat[1:]), axis=1)
    low, high = np.percentile(stats, [2.5, 97.5])
    return (float(low), float(high))


def proportion(flags: list[bool]) -> dict | None:
    """A proportion with its count and Wilson interval; None when no item applies."""
    if not flags:
        return None
    low, high = wilson(sum(flags), len(flags))
    return {"value": sum(flags) / len(flags), "n": len(flags), "low": low, "high": high, "interval": "wilson"}


def mean(values: list[float]) -> dict | None:
    """A mean with its count and bootstrap interval; None when no item applies."""
    if not values:
        return None
    low, high = bootstrap(values)
    return {"value": float(np.mean(values)), "n": len(values), "low": low, "high": high, "interval": "bootstrap"}


def quantile(values: list[float], stat: str) -> dict | None:
    """A percentile ("p50", "p95") with its count and bootstrap interval."""
    if not values:
        return None
    low, high = bootstrap(values, stat)
    value = float(np.percentile(values, float(stat[1:])))
    return {"value": value, "n": len(values), "low": low, "high": high, "interval": "bootstrap"}


# -- per item and aggregated -------------------------------------------------------------------

def item_metrics(item, ranked: list[str], cited: list[str] | None, answer: str | None, refused: bool, k: int) -> dict:
    """The per-item metrics of one run; generation metrics only when an answer was generated (cited is not None)."""
    if not item.answerable:
        return {"refusal_correct": refused}
    gold = list(item.gold_titles)
    out: dict = {"false_refusal": refused, f"recall@{k}": recall_at_k(ranked, gold, k),
                 "mrr": reciprocal_rank(ranked, gold), "ndcg@10": ndcg_at_k(ranked, gold)}
    if cited is None:
        return out
    out["citation_precision"] = citation_precision(cited, gold)
    out["citation_recall"] = citation_recall(cited, gold)
    if item.kind == "compare":
        out["compare_all_cited"] = all_cited(cited, gold)
    if item.answer_contains:
        out["fact_recall"] = fact_recall(list(item.answer_contains), answer or "")
    return out


def aggregate(records: list[dict], k: int) -> dict:
    """Every metric over a list of items.jsonl records: {name: {value, n, low, high, interval}}."""
    answerable = [r for r in records if r["kind"] != "unanswerable"]

    def values(key: str, rows=answerable) -> list:
        return [r["metrics"][key] for r in rows if r["metrics"].get(key) is not None]

    generated = [r for r in records if r.get("generated")]
    out = {
        f"recall@{k}": mean(values(f"recall@{k}")),
        "mrr": mean(values("mrr")),
        "ndcg@10": mean(values("ndcg@10")),
        "citation_precision": mean(values("citation_precision")),
        "citation_recall": mean(values("citation_recall")),
        "compare_all_cited": proportion(values("compare_all_cited")),
        "fact_recall": mean(values("fact_recall")),
        "refusal_accuracy": proportion([r["refused"] for r in records if r["kind"] == "unanswerable"]),
        "false_refusal_rate": proportion([r["refused"] for r in answerable]),
        "ttft_ms_p50": quantile([r["timings"]["ttft_ms"] for r in generated], "p50"),
        "ttft_ms_p95": quantile([r["timings"]["ttft_ms"] for r in generated], "p95"),
        "total_ms_p50": quantile([r["timings"]["total_ms"] for r in generated], "p50"),
        "total_ms_p95": quantile([r["timings"]["total_ms"] for r in generated], "p95"),
        "tokens_per_s": mean([r["timings"]["tokens_per_s"] for r in generated if r["timings"]["tokens_per_s"] > 0]),
    }
    return {name: m for name, m in out.items() if m is not None}
