"""Shared fixtures: explicit settings, a real Chroma store of the bundled corpus (built once), models."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import BUNDLED_CORPUS, Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def bundled_model_by_default():
    """Tests use the bundled SmolLM2, even on a machine where the larger default model is installed."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ASSISTANT_MODEL", "bundled")
    yield
    mp.undo()


def make_settings(store_dir: Path, **overrides) -> Settings:
    return Settings(store_dir=store_dir, **overrides)


@pytest.fixture(scope="session")
def embedder():
    from assistant.embeddings import BUNDLED, Embedder

    return Embedder(BUNDLED)


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory, embedder) -> Settings:
    """The whole bundled corpus ingested into a real store, once per test session."""
    from assistant.ingest import ingest

    settings = make_settings(tmp_path_factory.mktemp("corpus-store"))
    report = ingest(settings, [BUNDLED_CORPUS], embedder=embedder)
    assert report.papers == 392
    return settings


@pytest.fixture(scope="session")
def retriever(corpus_settings, embedder):
    from assistant.retrieval import Retriever

    return Retriever(corpus_settings, embedder=embedder)


@pytest.fixture(scope="session")
def bundled_llm():
    from assistant.llm import LlamaCppLLM, bundled_model_path

    return LlamaCppLLM(bundled_model_path(), n_ctx=2048)


@pytest.fixture
def fake_llm():
    from assistant.llm import FakeLLM

    return FakeLLM()
