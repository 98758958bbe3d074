"""Benchmark: N concurrent OpenAI clients against a real `assistant serve` process.

Starts `assistant serve` on a free loopback port (the given store and model), waits until it is
ready, then for each level in --clients fires that many chat completions at once through the
official `openai` client, each with a different question from the golden set. Prints and saves
(docs/bench/concurrency-<model>.json): answered, errors, latency p50/p95/max, wall time, answers/s.

    .venv/bin/python scripts/bench_concurrency.py [--clients 8 32] [--model bundled|PATH] [--store DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import openai

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


def questions(n: int) -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "evals" / "golden.jsonl").read_text().splitlines() if line.strip()]
    pool = [r["question"] for r in rows if r["kind"] in ("single", "numeric", "compare")]
    return [pool[i % len(pool)] for i in range(n)]


def one_level(base: str, n: int) -> dict:
    client = openai.OpenAI(base_url=f"{base}/v1", api_key="unused", max_retries=0, timeout=1800)
    results: list[dict] = [{} for _ in range(n)]
    barrier = threading.Barrier(n)

    def worker(i: int, question: str) -> None:
        barrier.wait()
        t0 = time.perf_counter()
        try:
            reply = client.chat.completions.create(model="assistant", messages=[{"role": "user", "content": question}])
            body = reply.model_dump()
            results[i] = {"ok": bool(reply.choices[0].message.content), "s": time.perf_counter() - t0,
                          "cited": len((body.get("citations") or [])), "refused": bool(body.get("refused"))}
        except Exception as err:  # counted and reported, not raised: the point is to see every failure
            results[i] = {"ok": False, "s": time.perf_counter() - t0, "error": f"{type(err).__name__}: {err}"[:200]}

    threads = [threading.Thread(target=worker, args=(i, q)) for i, q in enumerate(questions(n))]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ok = [r for r in results if r.get("ok")]
    lat = [r["s"] for r in ok]
    return {"clients": n, "answered": len(ok), "errors": n - len(ok), "error_samples": [r["error"] for r in results if "error" in r][:3],
            "latency_p50_s": pct(lat, 0.5), "latency_p95_s": pct(lat, 0.95), "latency_max_s": max(lat, default=0.0),
            "wall_s": wall, "answers_per_s": len(ok) / wall if wall else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--model", default="bundled", help="'bundled' (SmolLM2), a GGUF path, or 'default'")
    parser.add_argument("--store", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench")
    args = parser.parse_args()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    cmd = [str(ROOT / ".venv" / "bin" / "assistant"), "serve", "--port", str(port)]
    if args.model != "default":
        cmd += ["--model", args.model]
    if args.store:
        cmd += ["--store", str(args.store)]
    log = open(args.out.parent.parent / "store" / "bench" / "serve.log", "w") if (ROOT / "store" / "bench").is_dir() else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 300
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                print("the server did not start; see store/bench/serve.log", file=sys.stderr)
                return 1
            time.sleep(0.5)
        model = httpx.get(f"{base}/health", timeout=5).json().get("model", args.model)
        rows = []
        for n in args.clients:
            row = {"model": model, **one_level(base, n)}
            rows.append(row)
            print(json.dumps(row), flush=True)
            if proc.poll() is not None:
                print("the server exited during the run", file=sys.stderr)
                return 1
        args.out.mkdir(parents=True, exist_ok=True)
        name = Path(str(model)).stem.split(".")[0].lower() or "model"
        (args.out / f"concurrency-{name}.json").write_text(json.dumps(rows, indent=1))
        return 0 if all(r["errors"] == 0 for r in rows) else 1
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    raise SystemExit(main())
