"""Benchmark: ingest and search at 1k / 10k / 100k synthetic arXiv-JSONL abstracts.

Prints (and saves as JSON + a PNG plot) papers/s, peak RSS of the ingest process, and warm search
p50/p95 for each size. Each ingest runs in its own subprocess so its peak RSS is measured alone.

    .venv/bin/python scripts/bench_scale.py --sizes 1000 10000 100000 [--chroma-url http://127.0.0.1:8000]
        [--vectors model|stand-in] [--search-only]

--vectors stand-in keeps everything real (parsing, chunking, the loaded embedding model's memory,
Chroma, BM25, SQLite, search) except the encoder's forward pass: each chunk gets a deterministic
pseudo-random unit vector instead (a search query still runs the real encoder, for its time). MiniLM encodes ~22 chunks/s on 2 cores, so 100k abstracts
(~167k chunks) need ~2 h of encoding alone; stand-in runs measure how the rest scales, and the
report adds the model's measured encoding time to give an estimated real total.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.corpus import parse_corpus  # noqa: E402
from assistant.settings import BUNDLED_CORPUS  # noqa: E402


def synthetic_jsonl(path: Path, n: int, seed: int = 7) -> None:
    """Abstracts made of sentences recombined from the real corpus, so vocabulary and lengths are realistic."""
    papers, _ = parse_corpus([BUNDLED_CORPUS])
    sentences = [s for p in papers for s in p.abstract.split(". ") if len(s) > 40]
    words = [w for p in papers for w in p.title.split() if w.isalpha()]
    rng = random.Random(seed)
    with path.open("w") as fh:
        for i in range(n):
            title = " ".join(rng.choice(words) for _ in range(rng.randint(5, 11))) + f" {i}"
            abstract = ". ".join(rng.choice(sentences) for _ in range(rng.randint(5, 9))) + "."
            row = {"id": f"9{i:07d}", "title": title, "abstract": abstract, "authors": "A. Author, B. Author",
                   "categories": "cs.LG", "update_date": "2024-01-01"}
            fh.write(json.dumps(row) + "\n")


def use_stand_in_vectors() -> None:
    """Replace the encoder's forward pass with deterministic pseudo-random unit vectors (the model still loads)."""
    import hashlib

    import numpy as np

    from assistant import embeddings

    real = embeddings.Embedder.embed

    def embed(self, texts, batch_size=64):
        if len(texts) == 1:  # a search query still pays the real encoder, so search latency stays honest
            real(self, texts)
        out = []
        for text in texts:
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
            out.append((v / np.linalg.norm(v)).tolist())
        return out

    embeddings.Embedder.embed = embed


def run_ingest(jsonl: Path, store: Path, chroma_url: str | None, stand_in: bool = False) -> dict:
    cmd = [sys.executable, "-m", "assistant", "ingest", str(jsonl), "--store", str(store), "--json"]
    if stand_in:
        cmd = [sys.executable, __file__, "--child-ingest", *cmd[3:]]
    if chroma_url:
        cmd += ["--chroma-url", chroma_url]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = json.loads(out.stdout)
    return {"seconds": seconds, "papers": report["papers"], "chunks": report["chunks"],
            "papers_per_s": report["papers"] / seconds, "peak_rss_mb": max(peak_kb, before) / 1024}


def search_latency(store: Path, chroma_url: str | None, n: int = 100) -> dict:
    from assistant.retrieval import Retriever
    from assistant.settings import Settings

    retriever = Retriever(Settings(store_dir=store, chroma_url=chroma_url))
    papers, _ = parse_corpus([BUNDLED_CORPUS])
    rng = random.Random(3)
    queries = [" ".join(rng.choice(p.abstract.split()) for _ in range(6)) for p in rng.sample(papers, n)]
    retriever.search(queries[0])  # warm
    times = []
    for q in queries:
        t0 = time.perf_counter()
        retriever.search(q, k=5)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"search_p50_ms": times[len(times) // 2], "search_p95_ms": times[int(len(times) * 0.95) - 1]}


def plot(out: Path) -> None:
    """One figure of every saved run (scale-*.json): ingest time, peak RSS and search p95 against corpus size."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for i, path in enumerate(sorted(out.glob("scale-*.json"))):
        rows = sorted(json.loads(path.read_text()), key=lambda r: r["size"])
        sizes = [r["size"] for r in rows]
        label = rows[0]["mode"] if rows else path.stem
        color = f"C{i}"
        for ax, key in zip(axes, ["seconds", "peak_rss_mb", "search_p95_ms"]):
            ax.plot(sizes, [r[key] for r in rows], marker="o", label=label, color=color)
        if rows and "estimated_real_seconds" in rows[0]:
            axes[0].plot(sizes, [r["estimated_real_seconds"] for r in rows], marker="x", linestyle="--", color=color,
                         label=label.replace("stand-in", "stand-in + encoder time (estimate)"))
    for ax, title in zip(axes, ["ingest seconds", "ingest peak RSS (MB)", "search p95 (ms)"]):
        ax.set_xscale("log")
        ax.set_yscale("log" if title.startswith("ingest seconds") else "linear")
        ax.set_xlabel("abstracts")
        ax.set_title(title)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "scale.png", dpi=90)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--chroma-url")
    parser.add_argument("--work", type=Path, default=ROOT / "store" / "bench")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench")
    parser.add_argument("--vectors", choices=["model", "stand-in"], default="model")
    parser.add_argument("--search-only", action="store_true", help="only re-measure search on the stores of the last run")
    parser.add_argument("--model-chunks-per-s", type=float, default=22.0,
                        help="measured MiniLM encoding speed, for the stand-in runs' estimate (scripts/bench_scale.py --sizes 1000)")
    if sys.argv[1:2] == ["--child-ingest"]:  # the ingest subprocess of a stand-in run
        use_stand_in_vectors()
        from assistant.cli import main as cli_main

        return cli_main(sys.argv[2:])
    args = parser.parse_args()
    stand_in = args.vectors == "stand-in"
    if stand_in:
        use_stand_in_vectors()
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    mode = ("server" if args.chroma_url else "embedded") + ("-stand-in" if stand_in else "")
    rows = []
    saved = {r["size"]: r for r in json.loads((args.out / f"scale-{mode}.json").read_text())} if args.search_only else {}
    for n in args.sizes:
        if args.search_only:  # re-measure search on the stores a previous run left (e.g. on a quieter machine)
            row = {**saved[n], **search_latency(args.work / f"store-{mode}-{n}", args.chroma_url)}
            rows.append(row)
            print(json.dumps(row), flush=True)
            continue
        jsonl = args.work / f"synthetic-{n}.jsonl"
        if not jsonl.exists():
            synthetic_jsonl(jsonl, n)
        store = args.work / f"store-{mode}-{n}"
        subprocess.run(["rm", "-rf", str(store)], check=True)
        row = {"size": n, "mode": mode, **run_ingest(jsonl, store, args.chroma_url, stand_in)}
        if stand_in:  # what the real encoder would add, at its measured speed
            row["estimated_real_seconds"] = row["seconds"] + row["chunks"] / args.model_chunks_per_s
        row.update(search_latency(store, args.chroma_url))
        rows.append(row)
        print(json.dumps(row), flush=True)
    (args.out / f"scale-{mode}.json").write_text(json.dumps(rows, indent=1))
    plot(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
