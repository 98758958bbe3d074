"""One typed settings object, built once at the edge (CLI, UI, evals) and passed down."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "store" / "corpus"
DEFAULT_STORE = PROJECT_ROOT / "store" / "index"
MODELS_DIR = PROJECT_ROOT / "store" / "models"


class Settings(BaseModel, extra="forbid", frozen=True):
    store_dir: Path = Field(DEFAULT_STORE, description="where the index (Chroma + BM25) lives")
    chroma_url: str | None = Field(None, description="Chroma server URL; None = embedded store")
    collection: str = Field("papers", description="Chroma collection name")
    embedding_model: str = Field("bundled:all-MiniLM-L6-v2", description="sentence-transformers model path, or the bundled one")
    chunk_tokens: int = Field(200, ge=32, le=2048, description="chunk size in cl100k tokens")
    chunk_overlap: int = Field(40, ge=0, le=512, description="chunk overlap in cl100k tokens")
    top_k: int = Field(5, ge=1, le=20, description="papers retrieved per question")
    rrf_k: int = Field(60, ge=1, description="reciprocal-rank-fusion constant")
    candidates: int = Field(40, ge=5, description="chunks fetched per retriever before fusion")
    min_relevance: float = Field(0.30, description="best dense cosine similarity below which we refuse")
    model_path: Path | None = Field(None, description="GGUF chat model; 'bundled' = SmolLM2-135M; 'qwen' = Qwen 1.5B; None = the default (Qwen 1.5B if installed and fast enough here)")
    models_dir: Path = Field(MODELS_DIR, description="folder scanned for extra GGUF models")
    llm_url: str | None = Field(None, description="OpenAI-compatible /v1 endpoint; None = in-process llama.cpp")
    n_ctx: int = Field(2048, ge=512, le=32768, description="model context window in tokens")
    max_answer_tokens: int = Field(160, ge=16, le=2048, description="max tokens the model may write")
    temperature: float = Field(0.1, ge=0.0, le=2.0, description="sampling temperature")
    evidence_sentences: int = Field(3, ge=1, le=10, description="evidence sentences kept per paper")
    compare_side_tokens: int = Field(70, ge=16, description="most prompt tokens for one comparison side's evidence; above it the side gets fewer sentences")
    drop_unsupported: bool = Field(False, description="drop answer sentences the sources do not support")
    support_threshold: float = Field(0.65, description="share of a sentence's content words its cited source must use for it to count as supported (measured: scripts/bench_support.py)")
    max_question_chars: int = Field(2000, ge=10, description="longest question accepted")
    history_turns: int = Field(6, ge=0, description="most previous turns kept in a conversation")
    threads: int = Field(os.cpu_count() or 2, description="llama.cpp threads")


def settings_from_env(**overrides) -> Settings:
    """Settings from ASSISTANT_* environment variables plus explicit overrides (None = unset)."""
    env = {
        "store_dir": os.environ.get("ASSISTANT_STORE"),
        "model_path": os.environ.get("ASSISTANT_MODEL"),
        "chroma_url": os.environ.get("ASSISTANT_CHROMA_URL"),
        "llm_url": os.environ.get("ASSISTANT_LLM_URL"),
    }
    values = {k: v for k, v in env.items() if v}
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
