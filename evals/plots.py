"""The run folder's PNG plots: each quality metric per kind (with intervals), and the latency distribution."""

from __future__ import annotations

from pathlib import Path

QUALITY = ("mrr", "ndcg@10", "citation_precision", "citation_recall", "compare_all_cited", "fact_recall",
           "refusal_accuracy", "false_refusal_rate")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on CI or over SSH
    import matplotlib.pyplot as plt

    return plt


def plot_metrics_by_kind(report: dict, path: Path) -> None:
    """Grouped bars: one group per metric, one bar per kind, 95% intervals as error bars."""
    plt = _pyplot()
    by_kind = report["metrics"]["by_kind"]
    names = [n for n in report["metrics"]["overall"] if n.startswith("recall@")]
    names += [n for n in QUALITY if n in report["metrics"]["overall"]]
    kinds = list(by_kind)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.3 * len(names) + 2), 4.2))
    width = 0.8 / max(1, len(kinds))
    for j, kind in enumerate(kinds):
        xs, ys, errs = [], [], ([], [])
        for i, name in enumerate(names):
            m = by_kind[kind].get(name)
            if m is None:
                continue
            xs.append(i + (j - (len(kinds) - 1) / 2) * width)
            ys.append(m["value"])
            errs[0].append(max(0.0, m["value"] - m["low"]))
            errs[1].append(max(0.0, m["high"] - m["value"]))
        ax.bar(xs, ys, width, yerr=errs, capsize=2, label=kind)
    ax.set_xticks(range(len(names)), names, rotation=25, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("value (95% interval)")
    ax.set_title(f"Metrics per kind ({report['mode']}, {report['n_items']} items, small set: mind the intervals)")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_latency(records: list[dict], path: Path) -> None:
    """Histograms of time to first token and total time (retrieval time when nothing was generated)."""
    plt = _pyplot()
    import numpy as np

    generated = [r for r in records if r.get("generated")]
    if generated:
        series = {"time to first token (ms)": [r["timings"]["ttft_ms"] for r in generated],
                  "total time (ms)": [r["timings"]["total_ms"] for r in generated]}
    else:
        series = {"retrieval time (ms)": [r["timings"]["retrieval_ms"] for r in records]}
    fig, axes = plt.subplots(1, len(series), figsize=(5.0 * len(series), 3.6), squeeze=False)
    for ax, (label, values) in zip(axes[0], series.items()):
        ax.hist(values, bins=min(30, max(5, len(values) // 2)), color="#4878a8")
        for q, style in ((50, "-"), (95, "--")):
            v = float(np.percentile(values, q)) if values else 0.0
            ax.axvline(v, color="#c44e52", linestyle=style, label=f"p{q} = {v:.0f} ms")
        ax.set_xlabel(label)
        ax.set_ylabel("items")
        ax.legend(fontsize=8)
    fig.suptitle(f"Latency over {len(generated) or len(records)} items")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
