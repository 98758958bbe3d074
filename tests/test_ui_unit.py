"""The web UI without a server: the app's wiring, the chat handlers with the fake LLM, rendering, errors."""

import json
import re

import pytest

from assistant.answer import Answer, Assistant, Citation, Timings
from assistant.errors import BadInput
from assistant.llm import FakeLLM
from assistant.verify import CheckedSentence
from ui import chat, render
from ui.app import GENERATION, create_app, is_loopback, launch, parse_auth
from ui.backend import Backend, Options, parse_prior

LIGHTGNN_REPLY = ("LightGNN is a lightweight and distillation-based GNN pruning framework [1]. "
                  "It removes redundant edges and embedding entries [1].")


@pytest.fixture
def llm():
    return FakeLLM(reply_fn=lambda messages: LIGHTGNN_REPLY)


@pytest.fixture
def backend(corpus_settings, retriever, llm):
    return Backend(corpus_settings, retriever, llm, models=[])


def ask(backend, question, chat_value=None, answers=None, options=None):
    """Both UI steps, as Gradio runs them: the instant submit, then the streamed generation."""
    _, chat_value, pending = chat.submit(backend, question, chat_value or [])
    outputs = list(chat.generate(backend, pending, chat_value, answers or [], options or backend.defaults()))
    return outputs


def test_create_app_builds_and_exposes_ask_on_the_generation_queue(corpus_settings, retriever, llm):
    app = create_app(corpus_settings, Assistant(corpus_settings, retriever, llm), models=[])
    fns = list(app.fns.values())
    ask_fn = [f for f in fns if f.api_name == "ask"]
    assert len(ask_fn) == 1 and ask_fn[0].api_visibility == "public"
    generating = [f for f in fns if f.name == "_generate"]
    assert generating, "the chat's streaming step is wired"
    # chat and API share one concurrency group of size 1: one model, one answer at a time
    for f in ask_fn + generating:
        assert f.concurrency_id == GENERATION and f.concurrency_limit == 1
    assert app.backend.model_choices == [("fake", "fake")]
    public = [f.api_name for f in fns if f.api_visibility == "public"]
    assert public == ["ask"]


def test_streaming_handler_yields_progressively_and_ends_with_a_cited_answer(backend, llm):
    outputs = ask(backend, "What is LightGNN?")
    bubbles = [out[0][-1]["content"] for out in outputs]
    streamed = [b for b in bubbles if "streaming" in b]
    assert len(streamed) >= 10  # one update per token of the fake reply
    texts = [re.sub(r"<[^>]+>", "", b) for b in streamed]
    assert all(len(a) < len(b) for a, b in zip(texts, texts[1:])), "each update adds text"
    final_chat, answers, sources = outputs[-1]
    assert final_chat[0]["role"] == "user" and "What is LightGNN?" in final_chat[0]["content"]
    final = final_chat[-1]["content"]
    assert 'class="answer"' in final and "streaming" not in final
    assert '<a class="cite" href="#src-0-1"' in final
    assert "retrieval" in final and "tok/s" in final and "model fake" in final
    [answer] = answers
    assert answer.citations[0].title.startswith("LightGNN")
    assert 'id="src-0-1"' in sources and "<mark>" in sources and "supported" in sources
    assert llm.prompts and "LightGNN" in llm.prompts[-1][-1]["content"]


def test_follow_up_uses_the_previous_answer_as_history(backend, llm):
    first = ask(backend, "What is LightGNN?")
    chat_value, answers, _ = first[-1]
    second = ask(backend, "How much does it cut the number of edges?", chat_value, answers)
    chat_value, answers, sources = second[-1]
    assert len(answers) == 2 and len(chat_value) == 4
    assert "LightGNN" in answers[1].standalone_question
    assert any(m["role"] == "assistant" and "LightGNN is a lightweight" in m["content"] for m in llm.prompts[-1])
    assert 'id="src-1-1"' in sources, "sources of the latest answer use that turn's anchors"


def test_settings_apply_per_request_without_touching_the_shared_objects(backend, llm):
    options = Options(top_k=2, temperature=0.7, max_answer_tokens=5, model="fake", drop_unsupported=True)
    assistant = backend.assistant(options)
    assert (assistant.settings.top_k, assistant.settings.temperature, assistant.settings.max_answer_tokens) == (2, 0.7, 16)
    assert assistant.settings.drop_unsupported is True and backend.settings.drop_unsupported is False
    assert assistant.retriever is backend.retriever and assistant.llm is llm
    outputs = ask(backend, "What is LightGNN?", options=options)
    assert len([o for o in outputs if "streaming" in o[0][-1]["content"]]) <= 16  # max tokens reached the model


def test_comparison_renders_a_real_table(backend):
    outputs = ask(backend, "How does Fisher-weighted merging differ from model soups?")
    _, [answer], _ = outputs[-1]
    assert answer.table, "the library built a comparison table"
    final = outputs[-1][0][-1]["content"]
    assert final.count("<tr>") == len(answer.table) + 1 and '<table class="compare">' in final
    assert "| Paper |" not in final, "the Markdown table is replaced, not shown twice"


def test_refusal_is_styled_and_lists_the_closest_papers(backend):
    outputs = ask(backend, "What MMLU score does Gemini Ultra achieve?")
    _, [answer], sources = outputs[-1]
    assert answer.refused
    final = outputs[-1][0][-1]["content"]
    assert 'class="refusal"' in final and "No answer in the collection" in final
    assert all(render.esc(h.title) in final for h in answer.retrieved) and answer.retrieved
    assert "closest papers" in sources


def test_user_abstract_and_model_text_are_escaped(backend):
    attack = "<script>alert(1)</script><img src=x onerror=alert(2)> What is LightGNN?"
    _, chat_value, pending = chat.submit(backend, attack, [])
    assert "<script" not in chat_value[0]["content"] and "<img" not in chat_value[0]["content"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chat_value[0]["content"]
    hostile = Answer("q", "See <b onclick=x>this</b> ${value} [1].", False,
                     [Citation(1, "p1", "A <i>title</i>", ("<script>bad()</script> evidence.",), False, "2024")],
                     [], [], "m", Timings())
    html = render.answer_html(hostile, 0) + render.sources_html(hostile, 0, {})
    assert "<b " not in html and "<i>" not in html and "<script>" not in html and "${" not in html
    assert "&lt;b onclick=x&gt;" in html and 'href="#src-0-1"' in html and "unsupported" in html
    marked = render.highlight("Intro <tag>. Key & result. End.", ["Key & result."])
    assert marked == "Intro &lt;tag&gt;. <mark>Key &amp; result.</mark> End."
    assert render.streaming_html("<svg onload=x>").count("<svg") == 0


def test_errors_become_messages_and_the_page_stays_usable(backend, corpus_settings, retriever, tmp_path):
    _, chat_value, pending = chat.submit(backend, "   ", [])
    assert pending is None and "error-msg" in chat_value[-1]["content"] and "empty" in chat_value[-1]["content"]
    unchanged = list(chat.generate(backend, pending, chat_value, [], backend.defaults()))
    assert unchanged[-1][0] == chat_value and unchanged[-1][1] == []
    _, chat_value, pending = chat.submit(backend, "x" * (corpus_settings.max_question_chars + 1), [])
    assert pending is None and "limit" in chat_value[-1]["content"]

    not_gguf = tmp_path / "broken.gguf"
    not_gguf.write_bytes(b"not a model")
    with_bad_model = Backend(corpus_settings, retriever, FakeLLM([LIGHTGNN_REPLY]), models=[not_gguf])
    bad = Options(5, 0.1, 64, str(not_gguf), False)
    final_chat, answers, _ = ask(with_bad_model, "What is LightGNN?", options=bad)[-1]
    assert "error-msg" in final_chat[-1]["content"] and "GGUF" in final_chat[-1]["content"] and answers == []
    final_chat, answers, _ = ask(with_bad_model, "What is LightGNN?", final_chat)[-1]  # default model still answers
    assert 'class="answer"' in final_chat[-1]["content"] and len(answers) == 1

    no_index = Backend(corpus_settings, None, None, problem="No index at /nowhere. Run `assistant ingest` to build it.")
    final_chat, answers, _ = ask(no_index, "What is LightGNN?")[-1]
    assert "No index at /nowhere" in final_chat[-1]["content"] and answers == []
    assert "No index" in chat.search_corpus(no_index, "graph")[1]


def test_api_prior_turns_accept_lists_json_and_plain_strings():
    assert parse_prior(None) == [] and parse_prior("") == [] and parse_prior([]) == []
    assert parse_prior(["What is LightGNN?", "  "]) == ["What is LightGNN?"]
    assert parse_prior(json.dumps(["a?", "b?"])) == ["a?", "b?"]
    assert parse_prior("What is LightGNN?") == ["What is LightGNN?"]
    assert parse_prior([{"question": "earlier?", "answer": "..."}]) == ["earlier?"]
    for bad in ("[1, 2", [3], {"q": 1}):
        with pytest.raises(BadInput):
            parse_prior(bad)


def test_api_rebuilds_history_from_prior_user_turns(backend, llm):
    answer = backend.ask_api("How much does it cut the number of edges?", ["What is LightGNN?"])
    assert "LightGNN" in answer.standalone_question
    assert len(llm.prompts) == 2, "the prior turn was re-asked once to rebuild its answer"
    assert set(answer.as_dict()) >= {"question", "answer", "refused", "citations", "retrieved", "timings"}


def test_export_writes_markdown_with_citations_and_evidence(backend):
    _, answers, _ = ask(backend, "What is LightGNN?")[-1]
    update = chat.export(answers)
    assert update["visible"] is True
    text = open(update["value"], encoding="utf-8").read()
    assert "## 1. What is LightGNN?" in text and "[1] LightGNN: Simple Graph Neural Network" in text
    assert "  > To address these challenges, we present LightGNN" in text
    assert chat.export([])["visible"] is False
    cleared = chat.clear()
    assert cleared[0] == [] and cleared[1] == [] and "appear here" in cleared[2]


def test_corpus_tab_searches_opens_and_counts(backend):
    update, note = chat.search_corpus(backend, "graph neural network pruning for recommendation")
    labels = [label for label, _ in update["choices"]]
    assert any("LightGNN" in label for label in labels) and "papers for" in note
    pid = dict((label, value) for label, value in update["choices"])[next(lbl for lbl in labels if "LightGNN" in lbl)]
    page = chat.open_paper(backend, pid)
    assert "LightGNN: Simple Graph Neural Network" in page and "80% reduction in edge count" in page
    papers, chunks, per_file = backend.corpus_stats()
    assert papers == 392 and chunks >= papers and sum(per_file.values()) >= papers
    assert "empty" in chat.search_corpus(backend, "  ")[1]


def test_listening_beyond_loopback_needs_credentials(corpus_settings, monkeypatch, capsys):
    monkeypatch.delenv("ASSISTANT_AUTH", raising=False)
    assert launch(corpus_settings, host="0.0.0.0", port=0, auth=None) == 2
    assert "--auth user:password" in capsys.readouterr().err
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")
    assert parse_auth("ann:s3:cret") == ("ann", "s3:cret") and parse_auth(None) is None
    with pytest.raises(Exception, match="user:password"):
        parse_auth("nopassword")


def test_an_unsupported_sentence_is_marked_in_the_answer_itself():
    sentences = [CheckedSentence("LightGNN prunes edges.", (1,), True, 0.9),
                 CheckedSentence("It was introduced in 1980.", (1,), False, 0.1)]
    body = "LightGNN prunes edges [1]. It was introduced in 1980 [1]."
    answer = Answer("q", body, False, [Citation(1, "p1", "LightGNN", ("e.",), False)], [], [], "m", Timings(),
                    sentences, body=body)
    html = render.answer_html(answer, 0)
    assert '<span class="unsupported"' in html and html.count('class="unsupported"') == 2  # the sentence and the legend
    marked = html.split('<span class="unsupported"', 1)[1]
    assert "1980" in marked and "LightGNN prunes" not in marked and 'href="#src-0-1"' in html
    supported = Answer("q", "LightGNN prunes edges [1].", False, [Citation(1, "p1", "LightGNN", ("e.",), True)], [], [],
                       "m", Timings(), sentences[:1], body="LightGNN prunes edges [1].")
    assert "unsupported" not in render.answer_html(supported, 0)


def test_markdown_table_in_answer_text_becomes_an_html_table():
    text = "Two methods differ [1].\n\n| Paper | Idea |\n|---|---|\n| [1] A | uses a \\| pipe <x> |\n| [2] B | other |"
    answer = Answer("q", text, False, [Citation(1, "p1", "A", ("e.",), True)], [], [], "m", Timings())
    html = render.answer_html(answer, 3)
    assert html.count("<tr>") == 3 and "<th>Idea</th>" in html and "uses a | pipe &lt;x&gt;" in html
    assert 'href="#src-3-1"' in html and "[2] B" in html, "only cited numbers become links"


@pytest.mark.integration
def test_switching_models_loads_each_gguf_once(corpus_settings, retriever, tmp_path):
    from assistant.llm import bundled_model_path

    other = tmp_path / "other-model.gguf"
    other.symlink_to(bundled_model_path())
    backend = Backend(corpus_settings, retriever, FakeLLM(), models=[other])
    assert backend.model_choices == [("fake", "fake"), ("other-model.gguf", str(other))]
    assert not backend.is_loaded(str(other))
    options = Options(3, 0.0, 16, str(other), False)
    first = backend.assistant(options).llm
    assert first.name == "other-model.gguf" and backend.is_loaded(str(other))
    assert backend.assistant(options).llm is first, "loaded once, then shared"
    assert backend.assistant(backend.defaults()).llm.name == "fake"


def test_a_timed_model_shows_its_first_token_time_in_the_list(corpus_settings, retriever, tmp_path):
    from assistant.llm import bundled_model_path
    from assistant.model_speed import record_first_token

    models = tmp_path / "models"
    models.mkdir()
    qwen = models / "big.gguf"
    qwen.symlink_to(bundled_model_path())
    record_first_token(models, qwen, 4.73)
    backend = Backend(corpus_settings.model_copy(update={"models_dir": models}), retriever, FakeLLM(), models=[qwen])
    assert ("big.gguf · first token ~4.7 s here", str(qwen)) in backend.model_choices
    assert backend.model_label("fake") == "fake"  # an untimed model keeps its bare name
