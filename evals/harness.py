"""`assistant eval`: run golden items through the Assistant (the UI's code path), score them, write a run folder."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from assistant.answer import Assistant, is_refusal
from assistant.conversation import Turn
from assistant.corpus import normalise_title
from assistant.errors import BadInput
from assistant.settings import Settings
from evals.golden import GOLDEN, GoldenItem, load_golden, select
from evals.metrics import fact_found, item_metrics
from evals.report import write_run

RUNS = Path(__file__).resolve().parent / "runs"
RANK_DEPTH = 10  # papers ranked for MRR and nDCG@10, whatever k the answers use


def run_item(assistant: Assistant, item: GoldenItem, k: int, generate: bool) -> dict:
    """One golden item: the earlier turns first (as the UI would), then the question; one items.jsonl record.

    The ranking scored by the retrieval metrics is the plan at depth max(k, 10), so nDCG@10 sees ten
    papers; its first k equal the plan at k (the search behind it fetches the same candidates). Without
    generation, that plan's refuse decision stands in for the answer's (the Assistant only refuses when
    its plan does). On the 137 golden items the plans at k=5 and k=10 gave the same top 5 and the same
    refusals.
    """
    depth = max(k, RANK_DEPTH)
    history: list[Turn] = []
    for turn in item.turns:
        if generate:
            history.append(assistant.ask(turn, history, k=k).turn())
        else:
            history.append(assistant.replay_turn(turn, "", history, k=k))  # as if every planned source were cited
    t0 = time.perf_counter()
    ranking = assistant.plan(item.question, history, depth)
    plan_ms = (time.perf_counter() - t0) * 1000
    ranked = [h.title for h in ranking.retrieved]
    record = {
        "id": item.id, "kind": item.kind, "split": item.split, "question": item.question, "turns": list(item.turns),
        "standalone_question": ranking.standalone, "gold_titles": list(item.gold_titles), "retrieved_titles": ranked,
    }
    if generate:
        answer = assistant.ask(item.question, history, k=k)
        refused = answer.refused or is_refusal(answer.text)
        t = answer.timings
        timings = {"retrieval_ms": t.retrieval_ms, "ttft_ms": t.ttft_ms, "total_ms": t.total_ms, "tokens_per_s": t.tokens_per_s,
                   "prompt_tokens": t.prompt_tokens, "completion_tokens": t.completion_tokens}
        record.update(sentences=len(answer.sentences), unsupported_sentences=sum(not x.supported for x in answer.sentences),
                      cited_titles=[c.title for c in answer.citations], answer=answer.text, refused=refused,
                      generated=bool(answer.messages), timings=timings,
                      missing_facts=[f for f in item.answer_contains if not fact_found(f, answer.text)])
    else:
        refused = ranking.refuse or not ranking.sources
        record.update(cited_titles=[], answer=None, refused=refused, generated=False, timings={"retrieval_ms": plan_ms})
    record["metrics"] = item_metrics(item, ranked, record["cited_titles"] if generate else None, record["answer"], refused, k)
    return record


def missing_gold(retriever, items: list[GoldenItem]) -> list[dict]:
    """Gold titles that are not in the index: such items can never score, so the report lists them."""
    known = {normalise_title(p.title) for p in retriever.store.iter_papers()}
    return [{"id": i.id, "title": t} for i in items for t in i.gold_titles if normalise_title(t) not in known]


def run_eval(settings: Settings, items: list[GoldenItem], *, retriever, llm=None, k: int | None = None,
             out_dir: Path, meta: dict | None = None, progress: bool = True) -> dict:
    """Run items (generation skipped when llm is None), write the run folder, return report.json's content."""
    from tqdm import tqdm

    k = k or settings.top_k
    assistant = Assistant(settings, retriever, llm)  # llm None: retrieval-only, only plan() is used
    started = datetime.now().astimezone()
    t0 = time.perf_counter()
    records = []
    with tqdm(items, desc="eval", unit="item", file=sys.stderr, disable=None if progress else True) as bar:
        for item in bar:
            records.append(run_item(assistant, item, k, generate=llm is not None))
    info = {
        "created": started.isoformat(timespec="milliseconds"),
        "seconds": round(time.perf_counter() - t0, 2),
        "mode": "full" if llm is not None else "retrieval-only",
        "k": k,
        "model": getattr(llm, "name", None),
        "model_path": str(getattr(llm, "path", settings.model_path or "")) or None,
        "settings": settings.model_dump(mode="json"),
        "gold_missing_from_index": missing_gold(retriever, items),
        **(meta or {}),
    }
    return write_run(Path(out_dir), records, info)


def new_run_dir(parent: Path) -> Path:
    """evals/runs/<timestamp>/, never reusing a folder."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path, n = parent / stamp, 2
    while path.exists():
        path, n = parent / f"{stamp}-{n}", n + 1
    return path


def run_eval_cli(settings: Settings, args, *, retriever=None) -> int:
    """The `assistant eval` command: load, run, write, print a summary (or report.json with --json).

    `retriever` lets a caller that already holds one (the test suite) skip loading the embedder again.
    """
    from assistant.cli import print_json
    from assistant.llm import load_llm
    from assistant.retrieval import Retriever

    if args.k is not None and args.k < 1:
        raise BadInput("--k must be 1 or more.")
    if args.limit is not None and args.limit < 1:
        raise BadInput("--limit must be 1 or more.")
    golden = Path(args.golden or GOLDEN)
    items = select(load_golden(golden), args.split, args.limit)
    retriever = retriever or Retriever(settings)
    llm = None if args.retrieval_only else load_llm(settings)
    out_dir = Path(args.out) if args.out else new_run_dir(RUNS)
    meta = {"golden": str(golden), "split": args.split, "limit": args.limit}
    report = run_eval(settings, items, retriever=retriever, llm=llm, k=args.k, out_dir=out_dir, meta=meta)
    for miss in report["gold_missing_from_index"]:
        print(f"warning: {miss['id']}: gold title not in the index: {miss['title']!r}", file=sys.stderr)
    if args.json:
        print_json(report)
        return 0
    print(f"{len(items)} items ({report['mode']}, split {args.split}, k={report['k']}, model {report['model'] or '-'})")
    for name, m in report["metrics"]["overall"].items():
        print(f"  {name:20} {m['value']:8.3f}  [{m['low']:.3f}, {m['high']:.3f}]  n={m['n']}")
    print(f"report: {out_dir / 'report.md'}")
    return 0

