"""The store: chunk budgets, incremental and interrupted ingest, signatures, hybrid search."""

import json
from pathlib import Path

import pytest

from assistant.chunking import chunk_paper, count_tokens
from assistant.corpus import make_paper, parse_corpus
from assistant.errors import IndexMismatch, IndexMissing
from assistant.ingest import ingest
from assistant.retrieval import Retriever
from assistant.settings import BUNDLED_CORPUS, Settings
from assistant.store import Store

FIX = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("size,overlap", [(64, 8), (128, 16), (200, 40)])
def test_every_chunk_fits_its_token_budget_and_carries_the_title(size, overlap):
    papers, _ = parse_corpus([BUNDLED_CORPUS])
    for paper in papers[:120]:
        chunks = chunk_paper(paper, size, overlap)
        assert chunks
        for c in chunks:
            assert count_tokens(c.text) <= size
            assert c.text.startswith(paper.title[:20]) and c.paper_id == paper.paper_id


def test_small_store_ingest_is_idempotent_and_replaces_changed_papers(tmp_path, embedder):
    s = Settings(store_dir=tmp_path / "idx")
    first = ingest(s, [FIX], embedder=embedder)
    assert (first.added, first.updated, first.unchanged) == (7, 0, 0)
    again = ingest(s, [FIX], embedder=embedder)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 7)
    store = Store(s)
    assert store.count_papers() == 7 and store.collection.count() == store.count_chunks() == again.chunks

    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps({"title": "InvGC: Robust Cross-Modal Retrieval by Inverse Graph Convolution",
                                   "abstract": "A rewritten abstract about hubness in retrieval."}) + "\n")
    third = ingest(s, [changed], embedder=embedder)
    assert (third.added, third.updated) == (0, 1)
    store = Store(s)
    assert store.count_papers() == 7
    assert store.collection.count() == store.count_chunks()
    pid = make_paper("InvGC: Robust Cross-Modal Retrieval by Inverse Graph Convolution", "x", "x").paper_id
    assert "rewritten" in store.get_paper(pid).abstract
    hits = Retriever(s, embedder=embedder).search("hubness rewritten abstract", k=1)
    assert hits[0].paper_id == pid


def test_interrupted_ingest_leaves_an_openable_store_and_completes_without_duplicates(tmp_path, embedder, monkeypatch):
    s = Settings(store_dir=tmp_path / "idx")
    ingest(s, [FIX / "layout_daily.txt"], embedder=embedder)
    real_write = Store.write_papers

    def killed_after_vectors(self, papers, vectors, replaced):
        # vectors reach Chroma, then the process dies before the paper table commits
        chunks = [c for _, cs in papers for c in cs]
        self.collection.upsert(ids=[c.chunk_id for c in chunks], embeddings=vectors,
                               metadatas=[{"paper_id": c.paper_id, "ordinal": c.ordinal} for c in chunks])
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "write_papers", killed_after_vectors)
    with pytest.raises(KeyboardInterrupt):
        ingest(s, [FIX], embedder=embedder)
    monkeypatch.setattr(Store, "write_papers", real_write)

    store = Store(s)  # still opens, still answers
    assert store.count_papers() == 2
    assert Retriever(s, embedder=embedder).search("backward compatible", k=1)[0].title.startswith(("BT^2", "Backward"))
    report = ingest(s, [FIX], embedder=embedder)
    assert report.added == 5 and report.papers == 7
    store = Store(s)
    assert store.collection.count() == store.count_chunks()


def test_orphan_vectors_from_a_killed_run_are_removed(tmp_path, embedder):
    s = Settings(store_dir=tmp_path / "idx")
    ingest(s, [FIX / "layout_daily.txt"], embedder=embedder)
    store = Store(s)
    store.collection.upsert(ids=["orphan:0"], embeddings=[embedder.embed_one("x")], metadatas=[{"paper_id": "gone", "ordinal": 0}])
    assert not store.drift()["consistent"]
    ingest(s, [FIX / "layout_daily.txt"], embedder=embedder)
    assert Store(s).drift()["consistent"]


def test_missing_and_empty_store_say_to_ingest(tmp_path):
    with pytest.raises(IndexMissing, match="assistant ingest"):
        Store(Settings(store_dir=tmp_path / "nothing"))


def test_store_built_with_other_settings_is_refused(tmp_path, embedder):
    s = Settings(store_dir=tmp_path / "idx")
    ingest(s, [FIX / "layout_daily.txt"], embedder=embedder)
    with pytest.raises(IndexMismatch, match="re-ingest|Re-ingest"):
        Store(Settings(store_dir=tmp_path / "idx", chunk_tokens=100))


def test_bm25_rescues_acronyms_that_dense_misses(retriever):
    for query, title in [("RECE", "Reliable and Efficient Concept Erasure"), ("UPGD", "Addressing Loss of Plasticity")]:
        dense = retriever.search(query, k=1, mode="dense")
        hybrid = retriever.search(query, k=1, mode="hybrid")
        assert not dense[0].title.startswith(title)
        assert hybrid[0].title.startswith(title)


def test_papers_found_only_by_words_get_their_real_similarity(retriever):
    """A paper BM25 found but the approximate dense search did not return still gets its true cosine, so relevance
    decisions do not depend on which candidates HNSW happened to return."""
    query = "UPGD"
    hits = retriever.search(query, k=10)
    vector = retriever.embedder.embed_one(query)
    for hit in hits:
        got = retriever.store.collection.get(where={"paper_id": hit.paper_id}, include=["embeddings"])
        best = max(sum(a * b for a, b in zip(vector, e)) for e in got["embeddings"])
        assert hit.dense_similarity == pytest.approx(best, abs=1e-4)


@pytest.mark.parametrize("query,title", [
    ("BT^2", "BT^2: Backward-compatible Training"), ("CFG++", "CFG++: Manifold-constrained"),
    ("N:M sparsity", "Progressive Gradient Flow for Robust N:M"), ("LightGNN", "LightGNN"),
    ("Which paper removes 80% of edges in a GNN recommender?", "LightGNN"),
])
def test_exact_method_names_are_found_first(retriever, query, title):
    assert retriever.search(query, k=5)[0].title.startswith(title)


def test_reingest_of_bundled_corpus_adds_nothing(corpus_settings, embedder):
    report = ingest(corpus_settings, [BUNDLED_CORPUS], embedder=embedder)
    assert (report.added, report.updated, report.unchanged, report.papers) == (0, 0, 392, 392)


def test_the_plain_torch_encoder_gives_sentence_transformers_vectors():
    # the bundled MiniLM is run without importing sentence-transformers (6 s of the UI's start); same vectors
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from assistant.embeddings import BUNDLED, resolve_model_path
    from assistant.minilm import BertEncoder, is_plain_bert

    folder = resolve_model_path(BUNDLED)
    assert is_plain_bert(folder)
    texts = ["How does BT^2 differ from OCA?", "", "word " * 400, "Ünïcödé — ∑ text", "LightGNN prunes 80% of edges."] * 3
    ours = BertEncoder(folder).encode(texts, batch_size=4)
    theirs = SentenceTransformer(str(folder), device="cpu", local_files_only=True).encode(
        texts, batch_size=4, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == theirs.shape == (15, 384) and np.abs(ours - theirs).max() < 1e-5
    assert not is_plain_bert(folder.parent)  # a folder it does not recognise is left to sentence-transformers


def test_a_paper_alone_writing_the_rare_words_leads_the_search(retriever):
    # the small embedding model ranks other multimodal papers above UniFork; only its abstract says "Y-shaped"
    q = "Which paper proposes a Y-shaped network for a single model that both understands and generates images?"
    assert retriever.search(q, k=3)[0].title.startswith("UniFork")
    assert not retriever.search(q, k=3, mode="dense")[0].title.startswith("UniFork")  # what the lexical lead mends


def test_a_hyphenated_topic_is_said_by_papers_writing_it_solid(retriever):
    # "Fast Certified Robust Training with Short Warmup" and ERW write "warmup"; two other papers write "warm-up"
    scored = retriever.topic_search("warm-up", k=8)
    full = {h.title.split(" with ")[0].split(" via ")[0] for _, cover, h in scored if cover == 1.0}
    assert {"Fast Certified Robust Training", "Efficient Generative Model Training"} <= full
    fast = [h.paper_id for _, _, h in scored if h.title.startswith("Fast Certified")]
    assert retriever.says_topic("warm-up", fast) and retriever.says_topic("warmup", fast)
