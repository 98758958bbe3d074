"""Dense-only vs BM25-only vs hybrid (RRF) retrieval, measured: recall@5, MRR, nDCG@10 and warm search latency.

    .venv/bin/python scripts/retrieval_benchmark.py [--store DIR] [--json]

Query sets: evals/search_queries.jsonl (short searches: acronyms, paraphrases, numbers) and the
answerable golden questions that stand alone (followups need their earlier turns, so they are
left out). Each query goes straight to Retriever.search(mode=...), without the Assistant's
named-paper boost, so the numbers compare the fusion choice alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from assistant.cli import make_settings
from assistant.retrieval import Retriever
from evals.golden import GOLDEN, load_golden
from evals.metrics import mean, ndcg_at_k, quantile, recall_at_k, reciprocal_rank

QUERIES = Path(__file__).resolve().parent.parent / "evals" / "search_queries.jsonl"
MODES = ("dense", "bm25", "hybrid")
DEPTH = 10


def query_sets(queries: Path, golden: Path) -> dict[str, list[tuple[str, str, list[str]]]]:
    """name -> [(kind, query, gold titles)]."""
    rows = [json.loads(line) for line in queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [i for i in load_golden(golden) if i.answerable and not i.turns]
    return {
        "search_queries": [(r["kind"], r["query"], r["gold_titles"]) for r in rows],
        "golden_questions": [(i.kind, i.question, list(i.gold_titles)) for i in items],
    }


def measure(retriever: Retriever, queries: list[tuple[str, str, list[str]]], k: int) -> dict[str, dict]:
    """Per mode: quality metrics and warm latency over one query set (overall and per query kind).

    Each query runs in every mode back to back, so a change in machine load hits all modes alike.
    """
    for mode in MODES:
        retriever.search(queries[0][1], k=DEPTH, mode=mode)  # warm-up: first-call costs are not search latency
    scores: dict[str, dict[str, list[tuple[float, float, float]]]] = {mode: {} for mode in MODES}
    latencies: dict[str, list[float]] = {mode: [] for mode in MODES}
    for kind, query, gold in queries:
        for mode in MODES:
            t0 = time.perf_counter()
            ranked = [h.title for h in retriever.search(query, k=DEPTH, mode=mode)]
            latencies[mode].append((time.perf_counter() - t0) * 1000)
            row = (recall_at_k(ranked, gold, k), reciprocal_rank(ranked, gold), ndcg_at_k(ranked, gold, DEPTH))
            scores[mode].setdefault(kind, []).append(row)

    def summary(rows):
        cols = np.asarray(rows).T
        return {f"recall@{k}": mean(list(cols[0])), "mrr": mean(list(cols[1])), "ndcg@10": mean(list(cols[2]))}

    return {
        mode: {"n": len(queries), **summary([r for rows in scores[mode].values() for r in rows]),
               "latency_ms_p50": quantile(latencies[mode], "p50"), "latency_ms_p95": quantile(latencies[mode], "p95"),
               "by_kind": {kind: summary(rows) for kind, rows in scores[mode].items()}}
        for mode in MODES
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="index folder (default store/index)")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--golden", type=Path, default=GOLDEN)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    retriever = Retriever(make_settings(args))
    results = {name: measure(retriever, qs, args.k) for name, qs in query_sets(args.queries, args.golden).items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    r = f"recall@{args.k}"
    for name, by_mode in results.items():
        print(f"\n{name} (n={by_mode['hybrid']['n']}; 95% bootstrap intervals; a small set)")
        print(f"  {'mode':7} {r:>22} {'MRR':>22} {'nDCG@10':>22} {'p50 ms':>7} {'p95 ms':>7}")
        for mode, m in by_mode.items():
            cells = [f"{m[x]['value']:.3f} [{m[x]['low']:.2f},{m[x]['high']:.2f}]" for x in (r, "mrr", "ndcg@10")]
            print(f"  {mode:7} " + " ".join(f"{c:>22}" for c in cells)
                  + f" {m['latency_ms_p50']['value']:7.1f} {m['latency_ms_p95']['value']:7.1f}")
        kinds = list(by_mode["hybrid"]["by_kind"])
        print(f"  {r} by kind: " + "; ".join(
            f"{kind} " + "/".join(f"{by_mode[mode]['by_kind'][kind][r]['value']:.2f}" for mode in MODES) for kind in kinds)
            + "  (dense/bm25/hybrid)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
