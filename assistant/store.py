"""The store: paper records (SQLite), dense vectors (Chroma) and the BM25 index, kept consistent."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from typing import Iterable, Iterator
from urllib.parse import urlparse

from assistant.chunking import Chunk
from assistant.corpus import Paper
from assistant.errors import AssistantError, IndexMismatch, IndexMissing
from assistant.lexical import LexicalIndex
from assistant.settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    paper_id TEXT PRIMARY KEY, title TEXT NOT NULL, abstract TEXT NOT NULL,
    content_hash TEXT NOT NULL, meta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, paper_id TEXT NOT NULL, ordinal INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_paper ON chunks(paper_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
INGEST_HINT = "Run `assistant ingest` to build it"


def index_signature(settings: Settings) -> dict:
    """What the vectors depend on: opening a store built with other values is refused."""
    return {
        "embedding_model": settings.embedding_model,
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
    }


def _paper_from_row(row) -> Paper:
    meta = json.loads(row[4])
    return Paper(paper_id=row[0], title=row[1], abstract=row[2], **meta)


def open_chroma(settings: Settings):
    """A Chroma client: embedded under the store folder, or a server when chroma_url is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "localhost", port=url.port or 8000, ssl=url.scheme == "https", settings=chroma_settings
            )
            client.heartbeat()
        except Exception as err:  # chromadb raises several transport errors; all mean "not reachable"
            raise AssistantError(
                f"Cannot reach the Chroma server at {settings.chroma_url}: {err}. Start it with `chroma run --path DIR --port PORT`."
            ) from err
        return client
    return chromadb.PersistentClient(path=str(settings.store_dir / "chroma"), settings=chroma_settings)


class Store:
    """One index on disk (or with a Chroma server). Open with create=True only to ingest."""

    def __init__(self, settings: Settings, *, create: bool = False):
        self.settings = settings
        self.path = settings.store_dir
        db_path = self.path / "papers.sqlite"
        if not create and not db_path.exists():
            raise IndexMissing(f"No index at {self.path}. {INGEST_HINT}.")
        self.path.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(db_path), check_same_thread=False)
        self.db.executescript(SCHEMA)
        self._check_signature(create)
        self._client = open_chroma(settings)
        self.collection = self._open_collection(create)
        self._lexical: LexicalIndex | None = None
        self._vectors = None  # (generation, (chunk ids, unit vectors) or None), see unit_vectors

    # -- consistency ----------------------------------------------------------------------------
    def _check_signature(self, create: bool) -> None:
        want = index_signature(self.settings)
        row = self.db.execute("SELECT value FROM meta WHERE key='signature'").fetchone()
        if row is None:
            if not create:
                raise IndexMissing(f"The index at {self.path} is empty. {INGEST_HINT}.")
            with self.db:
                self.db.execute("INSERT INTO meta VALUES ('signature', ?)", (json.dumps(want),))
            return
        have = json.loads(row[0])
        if have != want:
            diff = ", ".join(f"{k}: index has {have.get(k)!r}, settings ask {v!r}" for k, v in want.items() if have.get(k) != v)
            raise IndexMismatch(
                f"The index at {self.path} was built with different settings ({diff}). "
                f"Re-ingest into a fresh store (`assistant ingest --store NEW_DIR`) or delete {self.path} and run `assistant ingest`."
            )

    def _collection_name(self) -> str:
        # In server mode several stores may share one server: the local folder picks the collection.
        if not self.settings.chroma_url:
            return self.settings.collection
        import hashlib

        return f"{self.settings.collection}-{hashlib.sha1(str(self.path.resolve()).encode()).hexdigest()[:8]}"

    def _open_collection(self, create: bool):
        sig = index_signature(self.settings)
        meta = {"hnsw:space": "cosine", **{k: str(v) for k, v in sig.items()}}
        name = self._collection_name()
        if create:
            coll = self._client.get_or_create_collection(name, metadata=meta, embedding_function=None)
        else:
            try:
                coll = self._client.get_collection(name, embedding_function=None)
            except Exception as err:  # chromadb raises NotFoundError/ValueError by version
                raise IndexMissing(f"The vector collection {name!r} is missing from {self.settings.chroma_url or self.path}. {INGEST_HINT}.") from err
        stored = coll.metadata or {}
        for key, value in sig.items():
            if key in stored and stored[key] != str(value):
                raise IndexMismatch(
                    f"The vector collection was built with {key}={stored[key]!r} but settings ask {value!r}. "
                    f"Re-ingest into a fresh store or delete {self.path}."
                )
        return coll

    @property
    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    # -- reads ----------------------------------------------------------------------------------
    def count_papers(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM papers").fetchone()[0]

    def count_chunks(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def require_nonempty(self) -> None:
        if self.count_papers() == 0:
            raise IndexMissing(f"The index at {self.path} holds no papers. {INGEST_HINT}.")

    def paper_hashes(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT paper_id, content_hash FROM papers"))

    def get_paper(self, paper_id: str) -> Paper | None:
        row = self.db.execute("SELECT paper_id, title, abstract, content_hash, meta FROM papers WHERE paper_id=?", (paper_id,)).fetchone()
        return _paper_from_row(row) if row else None

    def get_papers(self, paper_ids: Iterable[str]) -> dict[str, Paper]:
        ids = list(dict.fromkeys(paper_ids))
        out: dict[str, Paper] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            q = f"SELECT paper_id, title, abstract, content_hash, meta FROM papers WHERE paper_id IN ({','.join('?' * len(part))})"
            out.update({row[0]: _paper_from_row(row) for row in self.db.execute(q, part)})
        return out

    def iter_papers(self) -> Iterator[Paper]:
        for row in self.db.execute("SELECT paper_id, title, abstract, content_hash, meta FROM papers ORDER BY title"):
            yield _paper_from_row(row)

    def get_chunks(self, chunk_ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(dict.fromkeys(chunk_ids))
        out: dict[str, Chunk] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            q = (
                "SELECT c.chunk_id, c.paper_id, p.title, c.text, c.ordinal FROM chunks c JOIN papers p USING(paper_id) "
                f"WHERE c.chunk_id IN ({','.join('?' * len(part))})"
            )
            out.update({r[0]: Chunk(*r) for r in self.db.execute(q, part)})
        return out

    # -- writes (ingest only) -------------------------------------------------------------------
    def write_papers(self, papers: list[tuple[Paper, list[Chunk]]], vectors: list[list[float]], replaced: set[str]) -> None:
        """Vectors first (idempotent upserts), then one SQLite transaction: a kill between them is repaired by the next run."""
        for pid in replaced:
            self.collection.delete(where={"paper_id": pid})
        self.write_vectors([c for _, cs in papers for c in cs], vectors)
        with self.db:
            for paper, cs in papers:
                meta = {k: v for k, v in paper.__dict__.items() if k not in {"paper_id", "title", "abstract"}}
                self.db.execute("DELETE FROM chunks WHERE paper_id=?", (paper.paper_id,))
                self.db.execute(
                    "INSERT OR REPLACE INTO papers VALUES (?,?,?,?,?)",
                    (paper.paper_id, paper.title, paper.abstract, paper.content_hash, json.dumps(meta)),
                )
                self.db.executemany(
                    "INSERT INTO chunks VALUES (?,?,?,?)", [(c.chunk_id, c.paper_id, c.ordinal, c.text) for c in cs]
                )
            self._bump_generation()

    def write_vectors(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        """Idempotent upserts, in batches the Chroma server accepts."""
        size = min(1000, self._client.get_max_batch_size())
        for start in range(0, len(chunks), size):
            part = chunks[start : start + size]
            self.collection.upsert(
                ids=[c.chunk_id for c in part],
                embeddings=vectors[start : start + size],
                documents=[c.text for c in part],
                metadatas=[{"paper_id": c.paper_id, "ordinal": c.ordinal} for c in part],
            )

    def update_sources(self, papers: list[Paper]) -> None:
        """Record new source files for papers whose text did not change."""
        with self.db:
            for paper in papers:
                row = self.db.execute("SELECT meta FROM papers WHERE paper_id=?", (paper.paper_id,)).fetchone()
                meta = json.loads(row[0])
                merged = list(dict.fromkeys(meta.get("sources", []) + paper.sources))
                if merged != meta.get("sources"):
                    meta["sources"] = merged
                    self.db.execute("UPDATE papers SET meta=? WHERE paper_id=?", (json.dumps(meta), paper.paper_id))

    def _bump_generation(self) -> None:
        self.db.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    # -- vectors for exact dense search ---------------------------------------------------------
    def unit_vectors(self, limit: int):
        """(chunk ids, their embeddings as unit-length rows of a float32 matrix), read once per store generation; None
        when the collection holds more than `limit` chunks (too many to keep in memory and score exactly)."""
        import numpy as np

        generation = self.generation
        if self._vectors is None or self._vectors[0] != generation:
            if self.collection.count() > limit:
                self._vectors = (generation, None)
            else:
                got = self.collection.get(include=["embeddings"])
                ids = list(got["ids"])
                matrix = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(ids), -1)
                norms = np.linalg.norm(matrix, axis=1, keepdims=True)
                self._vectors = (generation, (ids, matrix / np.where(norms == 0, 1, norms)))
        return self._vectors[1]

    # -- lexical index --------------------------------------------------------------------------
    def lexical(self) -> LexicalIndex:
        """The BM25 index, rebuilt from SQLite when it is missing or older than the papers."""
        if self._lexical is None or self._lexical.fingerprint != str(self.generation):
            loaded = LexicalIndex.load(self.path / "bm25")
            if loaded is None or loaded.fingerprint != str(self.generation):
                loaded = self.rebuild_lexical()
            self._lexical = loaded
        return self._lexical

    def rebuild_lexical(self) -> LexicalIndex:
        rows = self.db.execute("SELECT chunk_id, text FROM chunks ORDER BY rowid").fetchall()
        index = LexicalIndex.build([r[0] for r in rows], [r[1] for r in rows], str(self.generation))
        index.save(self.path / "bm25")
        self._lexical = index
        return index

    def drift(self) -> dict:
        """How far the vector collection and the paper table disagree (0/0 when consistent)."""
        vectors = self.collection.count()
        chunks = self.count_chunks()
        return {"vector_chunks": vectors, "table_chunks": chunks, "consistent": vectors == chunks}

    def close(self) -> None:
        with closing(self.db):
            pass
