"""How long this machine takes to read a typical question's prompt with a model, measured once per machine.

The default model is the larger one only when its first token fits the budget on this machine: the same
Qwen2.5-Coder-1.5B that reads a comparison prompt in under 2 s on a 2-core AVX-512 machine takes about 5 s on
a 2-core AVX2 one. The figure is kept in the models folder (speed.json), keyed by the CPU, the llama.cpp build and the
model file, so a copied folder on another machine, or a rebuilt llama.cpp, is measured again.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import sys
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path

FIRST_TOKEN_BUDGET_S = 3.0  # first-token p50 the default model must keep (issue 3), measured on the sample below
SPEED_FILE = "speed.json"
RUNS = 3  # measurements per calibration; the median is kept

# A typical question's user message: a two-sided comparison with one evidence sentence per side (about 230
# tokens; the eval prompts' median is about as long). The system prompt before it is read once and reused.
SAMPLE_QUESTION = """Sources:
[1] BT^2: Backward-compatible Training with Basis Transformation
To deal with this, we propose Backward-compatible Training with a novel Basis Transformation (BT^2). We then \
further extend BT^2 to other challenging yet more practical settings, including significant change in model \
architecture (CNN to Transformers), modality change, and even a series of updates in the model architecture \
mimicking the evolution of deep learning models.

[2] Backward-Compatible Aligned Representations via an Orthogonal Transformation Layer
Our Orthogonal Compatible Aligned (OCA) approach eliminates the need for re-indexing during model updates and \
ensures that features can be compared directly across different model updates without additional mapping functions.

Question: How does BT^2 differ from the orthogonal transformation approach (OCA)?
Compare BT^2 and OCA. Say in 2 to 3 short sentences how their approaches differ, citing each source like [1] and [2]:"""


@lru_cache(maxsize=1)
def machine_key() -> str:
    """The CPU this runs on (model name, instruction-set flags, cores) and the llama.cpp build (version and the
    instruction sets it was compiled for): a rebuilt or upgraded llama.cpp is timed again."""
    described = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("model name", "flags", "Features")):
                described += line + "\n"
                if described.count("\n") >= 2:
                    break
    except OSError:
        import platform

        described = platform.processor() + platform.machine()
    try:
        import llama_cpp

        build = f"{llama_cpp.__version__} {llama_cpp.llama_print_system_info().decode(errors='replace')}"
    except (ImportError, AttributeError, OSError):
        build = ""
    return hashlib.sha256(f"{described}{os.cpu_count()}{build}".encode()).hexdigest()[:16]


def _read(models_dir: Path) -> dict:
    try:
        data = json.loads((models_dir / SPEED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recorded_first_token(models_dir: Path, model: Path) -> float | None:
    """The first-token time measured earlier on this machine for this model file, if any."""
    entry = _read(models_dir).get(machine_key(), {}).get(model.name)
    value = entry.get("first_token_s") if isinstance(entry, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


def record_first_token(models_dir: Path, model: Path, seconds: float) -> None:
    """Keep a measurement (written atomically; other machines' entries stay)."""
    data = _read(models_dir)
    data.setdefault(machine_key(), {})[model.name] = {
        "first_token_s": round(seconds, 3), "measured": datetime.now().astimezone().isoformat(timespec="seconds")}
    models_dir.mkdir(parents=True, exist_ok=True)
    tmp = models_dir / (SPEED_FILE + ".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, models_dir / SPEED_FILE)


def measure_first_token(llm, system: str, runs: int = RUNS) -> float:
    """Seconds from sending the sample question to its first token, the system prompt already read (as after the
    UI's warm-up); the median of `runs`. A short turn between runs moves the cache off the sample."""
    times = []
    for _ in range(runs + 1):
        for _ in llm.stream([{"role": "system", "content": system}, {"role": "user", "content": "Hello"}],
                            max_tokens=1, temperature=0.0):
            pass
        t0 = time.perf_counter()
        for _ in llm.stream([{"role": "system", "content": system}, {"role": "user", "content": SAMPLE_QUESTION}],
                            max_tokens=1, temperature=0.0):
            break
        times.append(time.perf_counter() - t0)
    return statistics.median(times[1:])  # the first run also pages the model in


def first_token_seconds(models_dir: Path, model: Path, threads: int | None = None, n_ctx: int = 2048) -> float:
    """This machine's first-token time for the model: recorded, or measured now (10-20 s, once) and recorded."""
    if (known := recorded_first_token(models_dir, model)) is not None:
        return known
    from assistant.llm import LlamaCppLLM
    from assistant.prompting import system_prompt

    sys.stderr.write(f"Measuring how fast this machine reads a prompt with {model.name} (once per machine) ...\n")
    llm = LlamaCppLLM(model, n_ctx=n_ctx, threads=threads)
    seconds = measure_first_token(llm, system_prompt(compare=True))
    del llm
    record_first_token(models_dir, model, seconds)
    sys.stderr.write(f"  first token of a typical question: {seconds:.2f} s (budget {FIRST_TOKEN_BUDGET_S:.0f} s)\n")
    return seconds
