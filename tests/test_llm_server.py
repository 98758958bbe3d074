"""--llm-url: llama-cpp-python's own OpenAI-compatible server with the bundled model; ask, CLI and UI through it."""

import json
import shutil
import subprocess
import sys

import pytest

from assistant.answer import Answer, Assistant
from assistant.errors import LLMUnavailable
from assistant.llm import FakeLLM, OpenAIChatLLM, bundled_model_path, load_llm
from assistant.settings import Settings
from assistant.verify import markers
from servers import clean_env, free_port, running_process

QUESTION = "How much does LightGNN reduce the number of edges?"
ALIAS = "smollm2-server"
TEST_ANSWER_TOKENS = 48  # short answers keep the real-model tests fast on two cores


@pytest.fixture(scope="module")
def llm_url(tmp_path_factory):
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", bundled_model_path(), "--model_alias", ALIAS,
           "--host", "127.0.0.1", "--port", port, "--n_ctx", 2048, "--n_threads", 2]
    url = f"http://127.0.0.1:{port}/v1"
    with running_process(cmd, f"{url}/models", tmp_path_factory.mktemp("llm-server") / "server.log", timeout=120):
        yield url


@pytest.fixture(scope="module")
def server_settings(corpus_settings, llm_url):
    return corpus_settings.model_copy(update={"llm_url": llm_url, "max_answer_tokens": TEST_ANSWER_TOKENS})


def check_cited(answer: dict) -> None:
    """The invariants of a grounded answer in its JSON form."""
    cited = {c["n"] for c in answer["citations"]}
    assert not answer["refused"] and answer["answer"].strip()
    assert answer["citations"][0]["title"].startswith("LightGNN") and answer["citations"][0]["evidence"]
    assert set(markers(answer["answer"])) <= cited and markers(answer["answer"])
    assert {c["paper_id"] for c in answer["citations"]} <= {h["paper_id"] for h in answer["retrieved"]}


@pytest.mark.integration
def test_ask_streams_through_the_llm_server_with_the_same_prompt(server_settings, retriever, llm_url):
    llm = load_llm(server_settings)
    assert isinstance(llm, OpenAIChatLLM) and llm.name == f"{ALIAS} @ {llm_url}"
    pieces = list(Assistant(server_settings, retriever, llm).ask_stream(QUESTION))
    answer = pieces[-1]
    assert isinstance(answer, Answer) and len(pieces) > 3, "the text arrives in pieces, then the Answer"
    check_cited(answer.as_dict())
    assert answer.model == llm.name
    t = answer.timings
    assert 0 < t.retrieval_ms < t.ttft_ms < t.total_ms and t.completion_tokens > 0 and t.tokens_per_s > 0
    same = Assistant(server_settings, retriever, FakeLLM()).ask(QUESTION)
    assert answer.messages == same.messages, "the server gets exactly the prompt the in-process path builds"


@pytest.mark.integration
def test_cli_ask_json_through_llm_url(corpus_settings, llm_url, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(corpus_settings.store_dir, store)  # its own copy: two processes never share one Chroma folder
    res = subprocess.run([sys.executable, "-m", "assistant", "ask", "What is LightGNN?", "--store", store, "--llm-url", llm_url, "--json"],
                         capture_output=True, text=True, timeout=600, env=clean_env())
    assert res.returncode == 0, res.stderr[-2000:]
    answer = json.loads(res.stdout)
    check_cited(answer)
    assert answer["model_path"] == f"{ALIAS} @ {llm_url}"
    assert answer["timings"]["completion_tokens"] > 0 and answer["timings"]["ttft_ms"] > 0


@pytest.mark.integration
def test_ui_answers_through_llm_url(server_settings, retriever):
    from gradio_client import Client

    from uiserver import running_ui

    with running_ui(server_settings, retriever, load_llm(server_settings)) as url:
        result = Client(url, verbose=False).predict("What is LightGNN?", api_name="/ask")
    check_cited(result)
    assert result["model_path"].startswith(ALIAS + " @ ")


def test_unreachable_llm_url_is_a_clear_error(tmp_path):
    with pytest.raises(LLMUnavailable, match="Cannot reach the LLM server.*--llm-url"):
        load_llm(Settings(store_dir=tmp_path, llm_url=f"http://127.0.0.1:{free_port()}/v1"))
