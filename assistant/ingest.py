"""Ingest files into the store: parse, de-duplicate, chunk, embed only what changed, index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from assistant.catalog import Catalog, build_catalog
from assistant.chunking import chunk_paper
from assistant.corpus import Paper, Skipped, expand_paths, iter_jsonl_batches, merge_papers, parse_file
from assistant.embeddings import Embedder
from assistant.settings import Settings
from assistant.store import Store

BATCH = 256
BIG_JSONL_BYTES = 20_000_000  # larger JSONL files are streamed in batches to bound memory


@dataclass
class IngestReport:
    papers: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seen: int = 0
    orphans_removed: int = 0  # drift repaired before this run (not part of the JSON contract)
    vectors_restored: int = 0

    def as_dict(self) -> dict:
        return {
            "papers": self.papers,
            "chunks": self.chunks,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": [s.as_dict() for s in self.skipped],
        }


def _batches(files: list[Path], report: IngestReport) -> Iterable[list[Paper]]:
    """Small files are merged together (cross-file de-duplication); big JSONL files stream."""
    small: list[list[Paper]] = []
    for file in files:
        if file.suffix.lower() in {".jsonl", ".ndjson"} and file.stat().st_size > BIG_JSONL_BYTES:
            for papers, skipped in iter_jsonl_batches(file, 5000):
                report.skipped.extend(skipped)
                yield merge_papers([papers])
            continue
        papers, skipped = parse_file(file)
        report.skipped.extend(skipped)
        small.append(papers)
    if small:
        yield merge_papers(small)


def ingest(
    settings: Settings,
    paths: list[Path],
    *,
    embedder: Embedder | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Add new papers, replace changed ones, leave unchanged ones alone; report what was skipped."""
    report = IngestReport()
    files, missing = expand_paths(paths)
    report.skipped.extend(missing)
    store = Store(settings, create=True)

    def embed(texts: list[str]) -> list[list[float]]:
        nonlocal embedder
        if embedder is None:
            embedder = Embedder(settings.embedding_model)
        return embedder.embed(texts)

    report.orphans_removed, report.vectors_restored = repair_drift(store, embed)
    known = store.paper_hashes()
    for batch in _batches(files, report):
        report.seen += len(batch)
        todo = [p for p in batch if known.get(p.paper_id) != p.content_hash]
        same = [p for p in batch if known.get(p.paper_id) == p.content_hash]
        report.unchanged += len(same)
        if same:
            store.update_sources(same)
        if progress:
            progress(len(same), len(batch))
        for start in range(0, len(todo), BATCH):
            part = todo[start : start + BATCH]
            with_chunks = [(p, chunk_paper(p, settings.chunk_tokens, settings.chunk_overlap)) for p in part]
            vectors = embed([c.text for _, cs in with_chunks for c in cs])
            replaced = {p.paper_id for p in part if p.paper_id in known}
            store.write_papers(with_chunks, vectors, replaced)
            report.updated += len(replaced)
            report.added += len(part) - len(replaced)
            known.update({p.paper_id: p.content_hash for p in part})
            if progress:
                progress(len(part), 0)
    store.lexical()  # rebuilds BM25 when papers changed (or a previous run was killed before it)
    if report.added or report.updated or Catalog.load(store.path / "catalog.json") is None:
        build_catalog(store).save(store.path / "catalog.json")
    report.papers = store.count_papers()
    report.chunks = store.count_chunks()
    return report


def repair_drift(store: Store, embed: Callable[[list[str]], list[list[float]]] | None = None) -> tuple[int, int]:
    """Make the vector collection match the paper table; returns (orphans removed, vectors restored).

    Orphans are vectors a killed ingest wrote but never recorded. Missing vectors happen in server
    mode when the Chroma server lost data (wiped, restored from an older backup, collection deleted):
    they are re-embedded from the chunk text kept in SQLite, so no source file is needed.
    """
    if store.drift()["consistent"]:
        return 0, 0
    known = {r[0] for r in store.db.execute("SELECT chunk_id FROM chunks")}
    present: set[str] = set()
    offset = 0
    while True:
        got = store.collection.get(include=[], limit=5000, offset=offset)
        if not got["ids"]:
            break
        present.update(got["ids"])
        offset += len(got["ids"])
    orphans = sorted(present - known)
    for start in range(0, len(orphans), 5000):
        store.collection.delete(ids=orphans[start : start + 5000])
    missing = sorted(known - present)
    if missing and embed is not None:
        chunks = store.get_chunks(missing)
        for start in range(0, len(missing), BATCH * 4):
            part = [chunks[cid] for cid in missing[start : start + BATCH * 4] if cid in chunks]
            store.write_vectors(part, embed([c.text for c in part]))
    return len(orphans), len(missing) if embed is not None else 0
