"""`assistant serve`: the OpenAI-compatible API, driven by the official `openai` client and plain HTTP."""

import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import openai
import pytest

from assistant.answer import Assistant
from assistant.llm import FakeLLM
from assistant.openai_format import ApiError, ChatMessage, conversation
from assistant.server import create_app
from assistant.verify import markers
from servers import VENV_BIN, clean_env, free_port, running_app, running_process

LIGHTGNN = "LightGNN: Simple Graph Neural Network for Recommendation"
UNANSWERABLE = "What MMLU score does Gemini Ultra achieve?"  # refused before generation: cheap
TOKEN = "test-token-123"


def client(base: str, key: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base}/v1", api_key=key, max_retries=0, timeout=600)


def check_citations(text: str, citations: list[dict], retrieved: list[dict]) -> None:
    """Every [n] in the text is a structured citation, and every cited paper was retrieved."""
    assert markers(text) and set(markers(text)) <= {c["n"] for c in citations}
    assert {c["paper_id"] for c in citations} <= {h["paper_id"] for h in retrieved}
    assert all(c["title"] and c["evidence"] for c in citations)


@pytest.fixture(scope="module")
def real_api(corpus_settings, retriever, bundled_llm):
    settings = corpus_settings.model_copy(update={"max_answer_tokens": 48})
    with running_app(create_app(Assistant(settings, retriever, bundled_llm))) as base:
        yield base


class SlowFake(FakeLLM):
    """A fake that takes `delay` seconds per answer and records how many answers ran at once."""

    def __init__(self, delay: float = 0.0):
        super().__init__(reply_fn=lambda messages: "LightGNN prunes redundant edges and embedding entries [1].")
        self.delay, self.active, self.most = delay, 0, 0
        self._count = threading.Lock()

    def stream(self, messages, *, max_tokens, temperature):
        with self._count:
            self.active += 1
            self.most = max(self.most, self.active)
        time.sleep(self.delay)
        yield from super().stream(messages, max_tokens=max_tokens, temperature=temperature)
        with self._count:
            self.active -= 1


@pytest.fixture(scope="module")
def fake_llm_api(corpus_settings, retriever):
    llm = SlowFake(delay=0.2)
    with running_app(create_app(Assistant(corpus_settings, retriever, llm), token=TOKEN)) as base:
        yield base, llm


# -- the wire format, no server ---------------------------------------------------------------------
def test_conversation_takes_the_last_user_message_and_pairs_earlier_turns():
    msgs = [ChatMessage(role=r, content=c) for r, c in [
        ("system", "You are a pirate."), ("user", "What is LightGNN?"), ("assistant", "A pruned GNN [1]."),
        ("user", "  "), ("user", "And InstaFlow?"), ("user", "How fast is it?")]]
    assert conversation(msgs) == ("How fast is it?", [("What is LightGNN?", "A pruned GNN [1]."), ("And InstaFlow?", "")])
    parts = ChatMessage(role="user", content=[{"type": "text", "text": "What is "}, {"type": "text", "text": "CFG++?"}])
    assert conversation([parts]) == ("What is CFG++?", [])
    with pytest.raises(ApiError, match="last message must be a user"):
        conversation([ChatMessage(role="user", content="hi"), ChatMessage(role="assistant", content="hello")])
    with pytest.raises(ApiError, match="Only text"):
        conversation([ChatMessage(role="user", content=[{"type": "image_url", "image_url": {"url": "x"}}])])


def test_replay_turn_recovers_the_cited_papers_without_generating(corpus_settings, retriever):
    llm = FakeLLM()
    turn = Assistant(corpus_settings, retriever, llm).replay_turn("What is LightGNN?", "It prunes edges [1].")
    assert llm.prompts == [] and turn.names == ["LightGNN"]
    assert retriever.store.get_paper(turn.paper_ids[0]).title == LIGHTGNN


# -- the real model through the official client -----------------------------------------------------
@pytest.mark.integration
def test_models_and_a_cited_non_streaming_completion(real_api):
    api = client(real_api)
    assert [m.id for m in api.models.list().data] == ["assistant"]
    assert api.models.retrieve("assistant").id == "assistant"
    done = api.chat.completions.create(model="assistant", messages=[{"role": "user", "content": "What is LightGNN?"}])
    assert done.model == "assistant" and done.choices[0].finish_reason == "stop"
    text = done.choices[0].message.content
    extra = done.model_extra
    check_citations(text, extra["citations"], extra["retrieved"])
    assert extra["citations"][0]["title"] == LIGHTGNN and extra["refused"] is False
    assert done.usage.completion_tokens > 0 and extra["timings"]["ttft_ms"] > 0


@pytest.mark.integration
def test_streaming_completion_ends_with_citations_and_usage(real_api):
    stream = client(real_api).chat.completions.create(
        model="assistant", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "How much does LightGNN reduce the number of edges?"}],
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    final = next(c for c in chunks if c.choices and c.choices[0].finish_reason == "stop")
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 3, "the text comes in pieces"
    check_citations(text, final.model_extra["citations"], final.model_extra["retrieved"])
    assert LIGHTGNN in [c["title"] for c in final.model_extra["citations"]]
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0


@pytest.mark.integration
def test_concurrent_requests_are_all_answered(real_api):
    questions = ["What is LightGNN?", "What is InstaFlow?", UNANSWERABLE]

    def ask(q):
        return client(real_api).chat.completions.create(model="assistant", messages=[{"role": "user", "content": q}], max_tokens=24)

    def search(q):
        return httpx.post(f"{real_api}/v1/search", json={"query": q, "k": 3}, timeout=600)

    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(ask, questions))
        found = list(pool.map(search, ["BT^2", "CFG++"]))
    for q, done in zip(questions, answers):
        assert done.choices[0].message.content.strip()
        assert done.model_extra["refused"] == (q == UNANSWERABLE)
    assert [r.json()["hits"][0]["title"][:6] for r in found] == ["BT^2: ", "CFG++:"]


# -- queueing, errors and auth with a fake model ----------------------------------------------------
def test_requests_queue_one_at_a_time(fake_llm_api):
    base, llm = fake_llm_api
    api = client(base, TOKEN)
    with ThreadPoolExecutor(max_workers=8) as pool:
        done = list(pool.map(lambda i: api.chat.completions.create(
            model="assistant", messages=[{"role": "user", "content": f"What is LightGNN? ({i})"}]), range(8)))
    assert all(d.model_extra["citations"][0]["title"] == LIGHTGNN for d in done)
    assert llm.most == 1, "generations never overlap"


def test_follow_up_history_reaches_the_prompt(fake_llm_api):
    base, llm = fake_llm_api
    done = client(base, TOKEN).chat.completions.create(model="assistant", messages=[
        {"role": "user", "content": "What is LightGNN?"}, {"role": "assistant", "content": "A pruned GNN recommender [1]."},
        {"role": "user", "content": "How much does it cut?"}])
    assert done.model_extra["citations"][0]["title"] == LIGHTGNN
    assert "LightGNN" in llm.prompts[-1][-1]["content"]
    assert {"role": "assistant", "content": "A pruned GNN recommender [1]."} in llm.prompts[-1]


def test_token_is_required_when_set(fake_llm_api):
    base, _ = fake_llm_api
    with pytest.raises(openai.AuthenticationError) as err:
        client(base, "wrong").models.list()
    assert err.value.status_code == 401 and err.value.body["code"] == "invalid_api_key"
    res = httpx.post(f"{base}/v1/search", json={"query": "BT^2"})
    assert res.status_code == 401 and set(res.json()["error"]) >= {"message", "type", "code"}
    assert client(base, TOKEN).models.list().data[0].id == "assistant"
    assert httpx.get(f"{base}/health").json()["status"] == "ok"


@pytest.mark.parametrize("body,status,fragment", [
    ({"model": "assistant", "messages": []}, 400, "messages"),
    ({"model": "assistant", "messages": "What is LightGNN?"}, 400, "valid list"),
    ({"model": "assistant", "messages": [{"role": "user", "content": 42}]}, 400, "valid string"),
    ({"model": "assistant", "messages": [{"role": "wizard", "content": "hi"}]}, 400, "role"),
    ({"model": "assistant", "messages": [{"role": "user", "content": "   "}]}, 400, "empty"),
    ({"model": "assistant", "messages": [{"role": "user", "content": "why " * 600}]}, 400, "limit is 2,000"),
    ({"model": "assistant", "messages": [{"role": "assistant", "content": "hi"}]}, 400, "last message"),
    ({"model": "assistant", "messages": [{"role": "user", "content": "hi"}], "stream": "yes"}, 400, "stream"),
    ({"model": "assistant", "messages": [{"role": "user", "content": "hi"}], "temperature": 9}, 400, "temperature"),
    ({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, 404, "does not exist"),
])
def test_bad_chat_requests_get_openai_shaped_4xx(fake_llm_api, body, status, fragment):
    base, _ = fake_llm_api
    res = httpx.post(f"{base}/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == status
    error = res.json()["error"]
    assert fragment in error["message"] and error["type"] == "invalid_request_error" and "code" in error


def test_bad_search_and_raw_requests_get_4xx_and_the_server_keeps_answering(fake_llm_api):
    base, _ = fake_llm_api
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for body in ({"query": ""}, {"query": "BT^2", "k": "3"}, {"query": "BT^2", "k": 0}, {"k": 3}, {"query": "x", "extra": 1}):
        res = httpx.post(f"{base}/v1/search", json=body, headers=auth)
        assert res.status_code == 400 and res.json()["error"]["message"], body
    res = httpx.post(f"{base}/v1/chat/completions", content=b"{not json", headers={**auth, "Content-Type": "application/json"})
    assert res.status_code == 400 and res.json()["error"]["code"] == "invalid_json"
    assert httpx.get(f"{base}/v1/nothing", headers=auth).status_code == 404
    with pytest.raises(openai.BadRequestError):
        client(base, TOKEN).chat.completions.create(model="assistant", messages=[])
    hits = httpx.post(f"{base}/v1/search", json={"query": "BT^2", "k": 2}, headers=auth).json()["hits"]
    assert [h["rank"] for h in hits] == [1, 2] and hits[0]["title"].startswith("BT^2")


def test_a_full_queue_answers_503_not_a_crash(corpus_settings, retriever):
    llm = SlowFake(delay=1.5)
    with running_app(create_app(Assistant(corpus_settings, retriever, llm), max_waiting=1)) as base:
        with ThreadPoolExecutor(max_workers=1) as pool:
            first = pool.submit(httpx.post, f"{base}/v1/chat/completions", timeout=60,
                                json={"model": "assistant", "messages": [{"role": "user", "content": "What is LightGNN?"}]})
            while httpx.get(f"{base}/health").json()["waiting"] < 1:
                time.sleep(0.02)
            busy = httpx.post(f"{base}/v1/search", json={"query": "BT^2"})
            assert busy.status_code == 503 and busy.json()["error"]["code"] == "overloaded"
            assert first.result().status_code == 200
        assert httpx.post(f"{base}/v1/search", json={"query": "BT^2"}).status_code == 200


# -- the command ------------------------------------------------------------------------------------
def test_serve_refuses_a_public_host_without_a_token(tmp_path):
    res = subprocess.run([VENV_BIN / "assistant", "serve", "--host", "0.0.0.0", "--store", tmp_path / "none"],
                         capture_output=True, text=True, timeout=120, env=clean_env())
    assert res.returncode == 2 and "--token" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.integration
def test_assistant_serve_command_answers_with_a_token(corpus_settings, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(corpus_settings.store_dir, store)  # its own copy: two processes never share one Chroma folder
    port = free_port()
    cmd = [VENV_BIN / "assistant", "serve", "--store", store, "--port", port, "--token", TOKEN]
    with running_process(cmd, f"http://127.0.0.1:{port}/health", tmp_path / "serve.log"):
        api = client(f"http://127.0.0.1:{port}", TOKEN)
        assert [m.id for m in api.models.list().data] == ["assistant"]
        done = api.chat.completions.create(model="assistant", messages=[{"role": "user", "content": UNANSWERABLE}])
        assert done.model_extra["refused"] and done.model_extra["retrieved"]
        with pytest.raises(openai.AuthenticationError):
            client(f"http://127.0.0.1:{port}").models.list()
