"""Benchmark: answer latency through our stack vs. llama-cpp-python called directly on the same messages.

For each question: time to first token, tokens/s and total through Assistant.ask_stream; the stack's own
overhead (everything outside the model: retrieval, evidence, prompt building, verification) as a share
of the model's time; then the same chat messages sent straight to llama.cpp. Prints a summary.

    .venv/bin/python scripts/bench_answer.py [--model PATH] [--llm-url URL] [--store DIR] [--n 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer import Answer, Assistant  # noqa: E402
from assistant.llm import load_llm  # noqa: E402
from assistant.retrieval import Retriever  # noqa: E402
from assistant.settings import settings_from_env  # noqa: E402


class TimedLLM:
    """Wraps an LLM and accumulates the wall time spent inside the model."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.n_ctx = inner.n_ctx
        self.model_s = 0.0

    @property
    def last_usage(self):
        return self.inner.last_usage

    def count_tokens(self, text):
        return self.inner.count_tokens(text)

    def stream(self, messages, **kw):
        t = time.perf_counter()
        for piece in self.inner.stream(messages, **kw):
            self.model_s += time.perf_counter() - t
            yield piece
            t = time.perf_counter()
        self.model_s += time.perf_counter() - t


def direct_stream(inner, llm_url, messages, settings):
    """The same messages straight to the model: llama-cpp-python in-process, or the server's /v1 endpoint."""
    if llm_url:
        import openai

        client = openai.OpenAI(base_url=llm_url, api_key="unused", max_retries=0)
        for part in client.chat.completions.create(model=getattr(inner, "model", "default"), messages=messages, stream=True,
                                                   max_tokens=settings.max_answer_tokens, temperature=settings.temperature):
            if part.choices:
                yield part.choices[0].delta.content or ""
        return
    for part in inner._llama.create_chat_completion(messages=messages, max_tokens=settings.max_answer_tokens,
                                                    temperature=settings.temperature, stream=True):
        yield part["choices"][0].get("delta", {}).get("content") or ""


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


def questions(n: int) -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "evals" / "golden.jsonl").read_text().splitlines() if line.strip()]
    picked = [r["question"] for r in rows if r["kind"] in ("single", "numeric", "compare") and r.get("split") == "dev"]
    return picked[:n]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--llm-url")
    parser.add_argument("--store", type=Path)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--direct", action="store_true",
                        help="also send the same messages straight to the model (in-process llama.cpp, or the --llm-url server)")
    args = parser.parse_args()
    settings = settings_from_env(store_dir=args.store, model_path=args.model, llm_url=args.llm_url)
    llm = TimedLLM(load_llm(settings))
    assistant = Assistant(settings, Retriever(settings), llm)
    assistant.ask("warm-up question about diffusion guidance")
    rows = []
    for q in questions(args.n):
        llm.model_s = 0.0
        answer = None
        for piece in assistant.ask_stream(q):
            if isinstance(piece, Answer):
                answer = piece
        t = answer.timings
        overhead = t.total_ms - llm.model_s * 1000
        rows.append({"q": q, "ttft": t.ttft_ms, "total": t.total_ms, "tps": t.tokens_per_s, "overhead_ms": overhead,
                     "model_ms": llm.model_s * 1000, "messages": answer.messages, "refused": answer.refused})
    gen = [r for r in rows if not r["refused"]]
    print(f"model: {llm.name}  questions: {len(rows)} (generated: {len(gen)})")
    print(f"ttft ms   p50 {pct([r['ttft'] for r in gen], .5):7.0f}  p95 {pct([r['ttft'] for r in gen], .95):7.0f}")
    print(f"total ms  p50 {pct([r['total'] for r in gen], .5):7.0f}  p95 {pct([r['total'] for r in gen], .95):7.0f}")
    print(f"tokens/s  mean {statistics.mean(r['tps'] for r in gen):6.1f}")
    share = [r["overhead_ms"] / r["model_ms"] for r in gen if r["model_ms"]]
    print(f"stack overhead / model time: median {statistics.median(share):.1%}, "
          f"p95 {pct(share, .95):.1%} (overhead ms p50 {pct([r['overhead_ms'] for r in gen], .5):.0f})")
    if args.direct:
        d_ttft, d_tps = [], []
        for r in gen:
            t0 = time.perf_counter()
            first, n = None, 0
            for text in direct_stream(llm.inner, args.llm_url, r["messages"], settings):
                if text:
                    first = first or time.perf_counter()
                    n += 1
            end = time.perf_counter()
            d_ttft.append(((first or end) - t0) * 1000)
            d_tps.append((n - 1) / (end - first) if first and end > first and n > 1 else 0)
        ours = pct([r["ttft"] for r in gen], .5)
        how = f"the server at {args.llm_url} via the openai client" if args.llm_url else "llama-cpp-python in-process"
        print(f"direct ({how}): ttft p50 {pct(d_ttft, .5):.0f} ms, tokens/s mean {statistics.mean(d_tps):.1f}; "
              f"our ttft / direct ttft = {ours / max(1e-9, pct(d_ttft, .5)):.2f}, "
              f"our tokens/s / direct = {statistics.mean(r['tps'] for r in gen) / max(1e-9, statistics.mean(d_tps)):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
