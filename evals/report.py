"""A run folder: items.jsonl, report.json, report.md (table, worst items, change against the previous run), plots."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from evals.golden import KINDS
from evals.metrics import DEFINITIONS, aggregate
from evals.plots import plot_latency, plot_metrics_by_kind

NOTE = (
    "The golden set is small: every figure comes with its count n and a 95% interval (Wilson for proportions, "
    "percentile bootstrap for means and percentiles). Differences that stay inside the intervals are noise."
)
LOWER_IS_BETTER = ("false_refusal", "ttft_ms", "total_ms")
COMPARABLE = ("mode", "golden", "split", "limit", "k", "model")
WORST = 10


def build_report(records: list[dict], info: dict) -> dict:
    """report.json's content: run info, metrics overall and per kind, definitions and the small-set note."""
    k = info["k"]
    kinds = [kind for kind in KINDS if any(r["kind"] == kind for r in records)]
    by_kind = {kind: aggregate([r for r in records if r["kind"] == kind], k) for kind in kinds}
    return {**info, "n_items": len(records), "note": NOTE,
            "metrics": {"overall": aggregate(records, k), "by_kind": by_kind}, "definitions": DEFINITIONS}


def lower_is_better(metric: str) -> bool:
    return metric.startswith(LOWER_IS_BETTER)


def previous_run(out_dir: Path, created: str) -> Path | None:
    """The newest other run folder beside out_dir that was created before this run."""
    if not out_dir.parent.is_dir():
        return None
    best: tuple[datetime, Path] | None = None
    for sibling in out_dir.parent.iterdir():
        path = sibling / "report.json"
        if sibling.resolve() == out_dir.resolve() or not path.is_file():
            continue
        try:
            when = datetime.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["created"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a run folder of ours (or a broken one): it cannot serve as the baseline
        if when <= datetime.fromisoformat(created) and (best is None or when > best[0]):
            best = (when, sibling)
    return best[1] if best else None


def read_items(run_dir: Path) -> list[dict]:
    path = run_dir / "items.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _changed(before, after) -> bool:
    if before is None or after is None:
        return before is not after
    return abs(float(before) - float(after)) > 1e-9


def compare_runs(prev_dir: Path, report: dict, records: list[dict]) -> dict:
    """Each overall metric's delta against the previous run, and the per-item metric values that changed."""
    prev = json.loads((prev_dir / "report.json").read_text(encoding="utf-8"))
    prev_records = {r["id"]: r for r in read_items(prev_dir)}
    before, after = prev["metrics"]["overall"], report["metrics"]["overall"]
    metrics = {}
    for name in [*after, *(n for n in before if n not in after)]:
        b, a = before.get(name, {}).get("value"), after.get(name, {}).get("value")
        metrics[name] = {"before": b, "after": a, "delta": None if a is None or b is None else a - b}
    flipped = []
    for rec in records:
        old = prev_records.get(rec["id"])
        if old is None:
            continue
        for name, value in rec["metrics"].items():
            was = old["metrics"].get(name)
            if name in old["metrics"] and _changed(was, value):
                worse = (value is None or (was is not None and value < was)) != lower_is_better(name)
                flipped.append({"id": rec["id"], "kind": rec["kind"], "metric": name, "before": was, "after": value, "better": not worse})
    flipped.sort(key=lambda f: (f["better"], f["id"], f["metric"]))
    differs = [key for key in COMPARABLE if prev.get(key) != report.get(key)]
    return {"previous": str(prev_dir), "previous_created": prev.get("created"), "metrics": metrics,
            "flipped": flipped, "not_comparable": {key: [prev.get(key), report.get(key)] for key in differs}}


def item_score(record: dict) -> float:
    """One number per item for ranking the worst: mean of its metrics, each oriented so that 1 is best."""
    values = []
    for name, value in record["metrics"].items():
        if value is None:
            continue
        values.append(1.0 - float(value) if lower_is_better(name) else float(value))
    return sum(values) / len(values) if values else 1.0


def _fmt(name: str, value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.0f}" if name.startswith(("ttft_ms", "total_ms")) else f"{value:.3f}"


def _signed(name: str, value) -> str:
    if value is None:
        return "–"
    text = f"{value:+.0f}" if name.startswith(("ttft_ms", "total_ms")) else f"{value:+.3f}"
    if abs(value) < 1e-12:
        return text
    return text + (" ✓" if (value < 0) == lower_is_better(name) else " ✗")


def render_markdown(report: dict, records: list[dict], change: dict | None) -> str:
    """report.md: the table, the change against the previous run, the worst items with their answers."""
    overall, by_kind = report["metrics"]["overall"], report["metrics"]["by_kind"]
    kinds = list(by_kind)
    lines = [
        f"# Eval run {report['created']}",
        "",
        f"- mode: **{report['mode']}**; model: {report['model'] or '– (no generation)'}; k = {report['k']}",
        f"- golden: `{report.get('golden', '?')}`; split: {report.get('split', 'all')}; items: {report['n_items']}"
        + (f" (limit {report['limit']})" if report.get("limit") else "") + f"; took {report['seconds']:.0f} s",
        "",
        f"> {report['note']}",
        "",
        "## Metrics",
        "",
        "| metric | value | 95% interval | n | " + " | ".join(kinds) + " |",
        "|---|---:|---|---:|" + "---:|" * len(kinds),
    ]
    for name, m in overall.items():
        cells = [f"{_fmt(name, by_kind[kind][name]['value'])} ({by_kind[kind][name]['n']})" if name in by_kind[kind] else "–" for kind in kinds]
        lines.append(f"| {name} | {_fmt(name, m['value'])} | [{_fmt(name, m['low'])}, {_fmt(name, m['high'])}] | {m['n']} | " + " | ".join(cells) + " |")
    lines += ["", "Per-kind cells: value (n). Latencies in ms.", ""]
    if report["gold_missing_from_index"]:
        lines += ["**Gold titles missing from the index** (these items cannot score):", ""]
        lines += [f"- {m['id']}: {m['title']}" for m in report["gold_missing_from_index"]] + [""]
    lines += _change_section(change)
    lines += _worst_section(records)
    lines += ["## Definitions", ""] + [f"- **{name}**: {text}" for name, text in report["definitions"].items()]
    lines += ["", "## Plots", "", "![metrics by kind](metrics_by_kind.png)", "", "![latency](latency.png)", ""]
    return "\n".join(lines)


def _change_section(change: dict | None) -> list[str]:
    if change is None:
        return ["## Change against the previous run", "", "No earlier run in this folder: nothing to compare.", ""]
    lines = [f"## Change against the previous run ({Path(change['previous']).name}, {change['previous_created']})", ""]
    for key, (was, now) in change["not_comparable"].items():
        lines.append(f"- note: {key} differs ({was!r} then, {now!r} now), so some deltas compare different things")
    lines += ["", "| metric | before | after | delta |", "|---|---:|---:|---:|"]
    lines += [f"| {n} | {_fmt(n, d['before'])} | {_fmt(n, d['after'])} | {_signed(n, d['delta'])} |" for n, d in change["metrics"].items()]
    flipped = change["flipped"]
    lines += ["", f"### Items that flipped ({sum(not f['better'] for f in flipped)} worse, {sum(f['better'] for f in flipped)} better)", ""]
    if not flipped:
        return lines + ["No item changed.", ""]
    lines += ["| id | kind | metric | before | after | |", "|---|---|---|---:|---:|---|"]
    for f in flipped[:60]:
        lines.append(f"| {f['id']} | {f['kind']} | {f['metric']} | {_fmt(f['metric'], f['before'])} | {_fmt(f['metric'], f['after'])} | {'better' if f['better'] else 'worse'} |")
    if len(flipped) > 60:
        lines.append(f"\n… and {len(flipped) - 60} more in report.json.")
    return lines + [""]


def _worst_section(records: list[dict]) -> list[str]:
    worst = sorted((r for r in records if item_score(r) < 1.0), key=lambda r: (item_score(r), r["id"]))[:WORST]
    lines = [f"## Worst items ({len(worst)} of {sum(item_score(r) < 1.0 for r in records)} imperfect)", ""]
    for r in worst:
        failing = ", ".join(f"{n}={_fmt(n, v)}" for n, v in r["metrics"].items() if v is not None and item_score({"metrics": {n: v}}) < 1)
        lines += [f"### {r['id']} ({r['kind']}): score {item_score(r):.2f}", "", f"- failing: {failing}"]
        lines += [f"- earlier turn: {t}" for t in r["turns"]]
        lines.append(f"- question: {r['question']}")
        if r["standalone_question"] != r["question"]:
            lines.append(f"- condensed: {r['standalone_question']}")
        lines.append("- gold: " + ("; ".join(r["gold_titles"]) or "(none: should refuse)"))
        lines.append("- retrieved: " + "; ".join(f"{i + 1}. {t}" for i, t in enumerate(r["retrieved_titles"][:5])))
        if r["answer"] is not None:
            lines.append("- cited: " + ("; ".join(r["cited_titles"]) or "(nothing)"))
            if r.get("missing_facts"):
                lines.append("- missing facts: " + ", ".join(f"`{f}`" for f in r["missing_facts"]))
            answer = r["answer"] if len(r["answer"]) <= 700 else r["answer"][:700] + " …"
            lines += ["- answer:", "", "  > " + answer.replace("\n", "\n  > ")]
        lines.append("")
    return lines


def write_run(out_dir: Path, records: list[dict], info: dict) -> dict:
    """Write items.jsonl, report.json, report.md and the plots into out_dir; return the report."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = build_report(records, info)
    prev = previous_run(out_dir, report["created"])
    report["change"] = compare_runs(prev, report, records) if prev else None
    with (out_dir / "items.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (out_dir / "report.md").write_text(render_markdown(report, records, report["change"]), encoding="utf-8")
    plot_metrics_by_kind(report, out_dir / "metrics_by_kind.png")
    plot_latency(records, out_dir / "latency.png")
    return report
