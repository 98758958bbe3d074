"""Server mode for vectors: a real `chroma run` on a loopback port; ingest, re-ingest, search, ask, UI, eval, drift."""

import json
import shutil
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.answer import Assistant
from assistant.cli import main
from assistant.errors import AssistantError, IndexMissing
from assistant.ingest import ingest
from assistant.llm import FakeLLM
from assistant.retrieval import Retriever
from assistant.settings import Settings
from assistant.store import Store
from assistant.verify import markers
from servers import VENV_BIN, free_port, running_process

FIX = Path(__file__).parent / "fixtures"
BT2 = "BT^2: Backward-compatible Training with Basis Transformation"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [VENV_BIN / "chroma", "run", "--path", root / "data", "--host", "127.0.0.1", "--port", port]
    with running_process(cmd, f"{url}/api/v2/heartbeat", root / "chroma.log", timeout=60):
        yield url


@pytest.fixture(scope="module")
def http_client(chroma_url):
    port = int(chroma_url.rsplit(":", 1)[1])
    return chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False))


@pytest.fixture(scope="module")
def server_store(tmp_path_factory, chroma_url, embedder):
    """The fixture corpus ingested with its vectors on the server; (settings, first ingest report)."""
    settings = Settings(store_dir=tmp_path_factory.mktemp("server-store"), chroma_url=chroma_url)
    return settings, ingest(settings, [FIX], embedder=embedder)


@pytest.fixture(scope="module")
def server_retriever(server_store, embedder):
    return Retriever(server_store[0], embedder=embedder)


def test_ingest_puts_vectors_on_the_server_and_reingest_adds_nothing(server_store, http_client, embedder):
    settings, first = server_store
    assert (first.papers, first.added, first.updated, first.unchanged) == (7, 7, 0, 0)
    store = Store(settings)
    on_server = http_client.get_collection(store.collection.name)
    assert on_server.count() == store.count_chunks() > 7
    assert not (settings.store_dir / "chroma").exists(), "no embedded Chroma folder in server mode"
    again = ingest(settings, [FIX], embedder=embedder)
    assert (again.added, again.updated, again.unchanged, again.papers) == (0, 0, 7, 7)
    assert on_server.count() == store.count_chunks()


def test_changed_paper_is_replaced_on_the_server(tmp_path, chroma_url, http_client, embedder):
    settings = Settings(store_dir=tmp_path / "own", chroma_url=chroma_url)  # its own collection on the shared server
    corpus = tmp_path / "corpus"
    shutil.copytree(FIX, corpus)
    ingest(settings, [corpus], embedder=embedder)
    daily = corpus / "layout_daily.txt"
    daily.write_text(daily.read_text().replace("Modern retrieval system", "Modern zebra-indexed retrieval system", 1))
    report = ingest(settings, [corpus], embedder=embedder)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 6)
    store = Store(settings)
    pid = next(p.paper_id for p in store.iter_papers() if p.title == BT2)
    docs = http_client.get_collection(store.collection.name).get(where={"paper_id": pid}, include=["documents"])["documents"]
    assert docs and any("zebra-indexed" in d for d in docs)
    assert store.drift()["consistent"]
    assert Retriever(settings, embedder=embedder).search("zebra-indexed", k=1, mode="bm25")[0].title == BT2


def test_search_in_server_mode_ranks_like_the_embedded_store(server_retriever, tmp_path, embedder):
    embedded = Settings(store_dir=tmp_path / "embedded")
    ingest(embedded, [FIX], embedder=embedder)
    local = Retriever(embedded, embedder=embedder)
    for query in ["BT^2", "backward compatible representations", "hate speech detection with T5", "oversaturation at high guidance"]:
        for mode in ("hybrid", "dense", "bm25"):
            remote = [h.paper_id for h in server_retriever.search(query, k=5, mode=mode)]
            assert remote == [h.paper_id for h in local.search(query, k=5, mode=mode)], (query, mode)
            assert remote, (query, mode)
    assert server_retriever.search("BT^2", k=1)[0].title == BT2


def test_ask_against_the_server_cites_the_right_paper(server_store, server_retriever):
    llm = FakeLLM(["BT^2 adds basis transformation to make backward-compatible training work [1]."])
    answer = Assistant(server_store[0], server_retriever, llm).ask("What does BT^2 propose?")
    assert not answer.refused and answer.citations[0].title == BT2
    assert set(markers(answer.text)) <= {c.n for c in answer.citations}
    assert "Basis Transformation" in llm.prompts[0][-1]["content"]


def test_cli_commands_take_chroma_url_flag_and_env(server_store, chroma_url, capsys, monkeypatch):
    settings, _ = server_store
    assert main(["info", "--json", "--store", str(settings.store_dir), "--chroma-url", chroma_url]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["chroma"] == chroma_url and info["papers"] == 7
    assert info["collection"] == Store(settings).collection.name and info["collection"].startswith("papers-")
    assert info["vectors"]["consistent"] and info["vectors"]["vector_chunks"] == info["chunks"]
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", chroma_url)
    assert main(["search", "BT^2", "--k", "2", "--json", "--store", str(settings.store_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["hits"][0]["title"] == BT2


def test_ui_backend_and_eval_work_in_server_mode(server_store, server_retriever, chroma_url, tmp_path, capsys):
    from ui.backend import Backend

    settings, _ = server_store
    backend = Backend(settings, server_retriever, FakeLLM(["It adds a basis transformation [1]."]))
    answer = backend.ask_api("What does BT^2 propose?", None)
    assert answer.citations[0].title == BT2
    golden = tmp_path / "golden.jsonl"
    rows = [("s1", "Which paper trains backward-compatible models with a basis transformation?", BT2),
            ("s2", "Which paper identifies hate language with a text-to-text transformer?",
             "HaT5: Hate Language Identification using Text-to-Text Transfer Transformer")]
    golden.write_text("".join(json.dumps({"id": i, "kind": "single", "split": "dev", "question": q, "turns": [], "gold_titles": [t],
                                          "answer_contains": [], "notes": ""}) + "\n" for i, q, t in rows))
    code = main(["eval", "--retrieval-only", "--golden", str(golden), "--split", "all", "--store", str(settings.store_dir),
                 "--chroma-url", chroma_url, "--out", str(tmp_path / "run"), "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["metrics"]["overall"]["recall@5"]["value"] == 1.0


def test_drift_is_detected_and_repaired_both_ways(tmp_path, chroma_url, http_client, embedder, capsys):
    settings = Settings(store_dir=tmp_path / "drift", chroma_url=chroma_url)
    ingest(settings, [FIX], embedder=embedder)
    store = Store(settings)
    remote = http_client.get_collection(store.collection.name)
    lost = remote.get(include=[], limit=3)["ids"]
    remote.delete(ids=lost)  # the server lost vectors (restored from an older backup, say)
    remote.upsert(ids=["orphan:0"], embeddings=[embedder.embed_one("x")], metadatas=[{"paper_id": "gone", "ordinal": 0}])
    drift = store.drift()
    assert not drift["consistent"] and drift["vector_chunks"] == drift["table_chunks"] - 2

    assert main(["info", "--store", str(settings.store_dir), "--chroma-url", chroma_url]) == 0
    assert "drift" in capsys.readouterr().err

    report = ingest(settings, [FIX], embedder=embedder)
    assert (report.orphans_removed, report.vectors_restored, report.added) == (1, 3, 0)
    assert Store(settings).drift()["consistent"]
    assert set(lost) <= set(remote.get(include=[])["ids"])

    http_client.delete_collection(store.collection.name)  # the whole collection is gone from the server
    with pytest.raises(IndexMissing, match="assistant ingest"):
        Store(settings)
    report = ingest(settings, [FIX], embedder=embedder)
    assert report.vectors_restored == Store(settings).count_chunks() and report.added == 0
    assert Retriever(settings, embedder=embedder).search("BT^2", k=1)[0].title == BT2


def test_unreachable_server_is_a_clear_error(tmp_path):
    with pytest.raises(AssistantError, match="Cannot reach the Chroma server.*chroma run"):
        Store(Settings(store_dir=tmp_path / "s", chroma_url=f"http://127.0.0.1:{free_port()}"), create=True)


def test_chroma_server_still_has_no_sparse_bm25_index(http_client):
    """Why BM25 stays local: the pinned `chroma run` refuses sparse (BM25) indexes. If this fails after an
    upgrade, Chroma's server-side BM25 may have become usable: revisit the README's server-mode section."""
    from chromadb import K, Schema, SparseVectorIndexConfig
    from chromadb.utils.embedding_functions import ChromaBm25EmbeddingFunction

    schema = Schema().create_index(
        key="bm25", config=SparseVectorIndexConfig(embedding_function=ChromaBm25EmbeddingFunction(), source_key=K.DOCUMENT, bm25=True)
    )
    with pytest.raises(Exception, match="Sparse vector indexing is not enabled in local"):
        http_client.get_or_create_collection("sparse-probe", schema=schema)
