"""BM25 over the same chunks as the dense index, with a tokenizer that keeps acronyms whole."""

from __future__ import annotations

import json
import math
import re
import shutil
from functools import lru_cache
from pathlib import Path

# Whole compound tokens such as "bt^2", "cfg++", "n:m", "gpt-4", "3d-gs" are kept beside their parts,
# so exact method names match exactly while plain words still match after stemming.
_COMPOUND = re.compile(r"[a-z0-9]+(?:[\^:+\-/.][a-z0-9]*)+(?:\+\+)?|[a-z0-9]+\+\+")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by for from has have how in is it its of on or that the this to was were "
    "what which with we our these those does do did than their there they between using use can".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased stemmed words plus whole compound tokens (acronyms with ^ + : - / .)."""
    low = text.lower()
    words = [w for w in _WORD.findall(low) if w not in _STOP]
    tokens = _stemmer().stemWords(words)
    tokens += [c.strip(".-/") for c in _COMPOUND.findall(low) if len(c.strip(".-/")) > 1 and not c[0] == "."]
    return tokens


def word_prefixes(text: str) -> dict[str, set[str]]:
    """Each stem of text's words -> the words' own prefixes, a few letters longer than the stem where the word is:
    "colorization" stems to "color", but a text that says only "color" is not about colorization."""
    out: dict[str, set[str]] = {}
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    for word, stem in zip(words, _stemmer().stemWords(words)):
        out.setdefault(stem, set()).add(word[: max(len(stem), len(word) - 3)])
    return out


class LexicalIndex:
    """A bm25s index plus the chunk ids in index order, saved in one folder."""

    def __init__(self, retriever, chunk_ids: list[str], fingerprint: str):
        self._retriever = retriever
        self.chunk_ids = chunk_ids
        self.fingerprint = fingerprint

    @classmethod
    def build(cls, chunk_ids: list[str], texts: list[str], fingerprint: str) -> "LexicalIndex":
        import bm25s

        retriever = bm25s.BM25()
        if texts:
            retriever.index([tokenize(t) or ["<empty>"] for t in texts], show_progress=False)
        return cls(retriever, list(chunk_ids), fingerprint)

    def save(self, folder: Path) -> None:
        """Write to a temporary folder, then swap it in, so a kill never leaves half an index."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.chunk_ids:
            self._retriever.save(str(tmp))
        (tmp / "chunks.json").write_text(json.dumps({"fingerprint": self.fingerprint, "chunk_ids": self.chunk_ids}))
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex | None":
        meta = folder / "chunks.json"
        if not meta.exists():
            return None
        import bm25s

        data = json.loads(meta.read_text())
        retriever = bm25s.BM25.load(str(folder)) if data["chunk_ids"] else bm25s.BM25()
        return cls(retriever, data["chunk_ids"], data["fingerprint"])

    def idf(self, tokens: set[str]) -> dict[str, float]:
        """log(chunks / (1 + chunks holding the token)); 0 for a token no chunk holds (it tells no paper apart)."""
        if not self.chunk_ids:
            return dict.fromkeys(tokens, 0.0)
        vocab, indptr, n = self._retriever.vocab_dict, self._retriever.scores["indptr"], self._retriever.scores["num_docs"]
        out = {}
        for tok in sorted(tokens):  # a fixed order: sums over these weights must not move with the hash seed
            i = vocab.get(tok)
            df = int(indptr[i + 1] - indptr[i]) if i is not None else 0
            out[tok] = math.log(n / (1 + df)) if df else 0.0
        return out

    @property
    def max_idf(self) -> float:
        """The idf of a token only one chunk holds: the most a token can tell papers apart."""
        return math.log(len(self.chunk_ids) / 2) if len(self.chunk_ids) > 2 else 0.0

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk_id, bm25 score) best first; empty when no query term is in the index."""
        tokens = tokenize(query)
        if not tokens or not self.chunk_ids:
            return []
        k = min(k, len(self.chunk_ids))
        docs, scores = self._retriever.retrieve([tokens], k=k, show_progress=False)
        return [(self.chunk_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
