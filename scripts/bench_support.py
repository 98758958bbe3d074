"""Benchmark: how well the support check agrees with a careful reader, at several thresholds.

evals/labels/support_sentences.jsonl holds 120 answer sentences written by SmolLM2-135M and Qwen2.5-Coder-1.5B for test-split
questions, each labelled by hand as supported or not by its cited abstracts (numbers exact, claims attributed to the
right paper; garbled text and meta-talk are not supported). For each threshold this prints, per model, how many
sentences the check passes, how many of those a reader rejects (false "supported") and how many good sentences it
flags (false "unsupported").

    .venv/bin/python scripts/bench_support.py [--store DIR] [--thresholds 0.35,0.5,0.65,0.8]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import settings_from_env  # noqa: E402
from assistant.store import Store  # noqa: E402
from assistant.verify import CheckedSentence, check_answer, with_markers  # noqa: E402

LABELS = ROOT / "evals" / "labels" / "support_sentences.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=None, help="index folder (default store/index)")
    parser.add_argument("--thresholds", default="0.35,0.5,0.6,0.65,0.7,0.8")
    args = parser.parse_args()
    settings = settings_from_env(store_dir=args.store)
    store = Store(settings)
    records = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    ids = {pid for r in records for pid in r["sources"].values()}
    papers = store.get_papers(ids)
    missing = ids - set(papers)
    if missing:
        print(f"{len(missing)} labelled papers are not in this index; run `assistant ingest` on the bundled corpus.")
        return 2
    print(f"{len(records)} labelled sentences; default threshold {settings.support_threshold}")
    print(f"{'threshold':>9}  {'model':<36} {'passed':>7} {'false supported':>16} {'false unsupported':>18} {'agreement':>9}")
    for threshold in (float(t) for t in args.thresholds.split(",")):
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # passed, false pass, false flag, total
        for r in records:
            texts = [papers[r["sources"][n]].title + ". " + papers[r["sources"][n]].abstract
                     for n in sorted(r["sources"], key=int)]
            sentence = with_markers(CheckedSentence(r["sentence"], tuple(r["cites"]), True, 1.0))
            checked = check_answer(sentence, texts, threshold, question=r["question"])
            passed = bool(checked) and checked[0].supported
            c = counts[r["model"]]
            c[0] += passed
            c[1] += passed and not r["supported"]
            c[2] += r["supported"] and not passed
            c[3] += 1
        for model, (passed, false_pass, false_flag, total) in sorted(counts.items()):
            agree = (total - false_pass - false_flag) / total
            print(f"{threshold:>9.2f}  {model:<36} {passed:>4}/{total:<3}{false_pass:>11}/{total - sum(1 for r in records if r['model'] == model and r['supported']):<4}"
                  f"{false_flag:>13}/{sum(1 for r in records if r['model'] == model and r['supported']):<4} {agree:>9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
