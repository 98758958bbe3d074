"""A BERT sentence encoder (mean pooling, unit length) in plain torch, for sentence-transformers folders such as the
bundled all-MiniLM-L6-v2.

Importing sentence-transformers costs about 6 s of CPU on these 2 cores (it pulls in transformers, scikit-learn and
SciPy), a third of the web UI's start; this module needs only torch, safetensors and tokenizers, and gives the same
vectors (tests/test_index.py compares them). A folder it does not recognise is left to sentence-transformers.
"""

from __future__ import annotations

import json
from pathlib import Path


def is_plain_bert(folder: Path) -> bool:
    """A sentence-transformers folder of a BERT model with mean pooling and normalisation, and nothing else."""
    try:
        modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((folder / "modules.json").read_text())]
        config = json.loads((folder / "config.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return (modules == ["Transformer", "Pooling", "Normalize"] and config.get("model_type") == "bert"
            and config.get("hidden_act") == "gelu" and config.get("position_embedding_type", "absolute") == "absolute"
            and pooling.get("pooling_mode_mean_tokens") is True
            and not any(pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                                 "pooling_mode_mean_sqrt_len_tokens"))
            and (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file())


class BertEncoder:
    """Loads the weights once; encode() returns unit vectors as a float32 numpy array."""

    def __init__(self, folder: Path):
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        try:
            max_len = int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])
        except (OSError, ValueError, KeyError):
            max_len = 512
        self.torch = torch
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config.get("layer_norm_eps", 1e-12)
        self.w = {k.removeprefix("bert."): v.float() for k, v in load_file(str(folder / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(min(max_len, config["max_position_embeddings"]))
        self.tokenizer.enable_padding(pad_id=config.get("pad_token_id", 0), pad_token="[PAD]")

    def _linear(self, x, name: str):
        return self.torch.nn.functional.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def _norm(self, x, name: str):
        return self.torch.nn.functional.layer_norm(x, x.shape[-1:], self.w[name + ".weight"], self.w[name + ".bias"], self.eps)

    def encode(self, texts: list[str], batch_size: int = 64):
        import numpy as np

        if not texts:
            return np.zeros((0, self.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        # longest first, so each batch pads to lengths close to its own (as sentence-transformers does)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors = np.concatenate([self._batch([texts[i] for i in order[j:j + batch_size]])
                                  for j in range(0, len(texts), batch_size)])
        out = np.empty_like(vectors)
        out[order] = vectors
        return out

    def _batch(self, texts: list[str]):
        torch, F = self.torch, self.torch.nn.functional
        enc = self.tokenizer.encode_batch(texts)
        ids = torch.tensor([e.ids for e in enc])
        types = torch.tensor([e.type_ids for e in enc])
        mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.float32)
        with torch.inference_mode():
            positions = torch.arange(ids.shape[1]).unsqueeze(0)
            x = (F.embedding(ids, self.w["embeddings.word_embeddings.weight"])
                 + F.embedding(positions, self.w["embeddings.position_embeddings.weight"])
                 + F.embedding(types, self.w["embeddings.token_type_embeddings.weight"]))
            x = self._norm(x, "embeddings.LayerNorm")
            bias = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
            b, n, d = x.shape
            heads = (b, n, self.heads, d // self.heads)  # (batch, tokens, hidden) -> (batch, heads, tokens, head size)
            for layer in range(self.layers):
                p = f"encoder.layer.{layer}."
                q, k, v = (self._linear(x, p + "attention.self." + m).view(heads).transpose(1, 2) for m in ("query", "key", "value"))
                context = F.scaled_dot_product_attention(q, k, v, attn_mask=bias).transpose(1, 2).reshape(b, n, d)
                x = self._norm(self._linear(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
                inner = F.gelu(self._linear(x, p + "intermediate.dense"))
                x = self._norm(self._linear(inner, p + "output.dense") + x, p + "output.LayerNorm")
            pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
            return F.normalize(pooled, p=2, dim=1).numpy().astype("float32")
