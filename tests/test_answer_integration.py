"""End to end with the real bundled SmolLM2 model and the real store."""

import pytest

from assistant.answer import Assistant
from assistant.prompting import refusal_sentence
from assistant.verify import markers

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assistant(corpus_settings, retriever, bundled_llm):
    return Assistant(corpus_settings, retriever, bundled_llm)


def test_real_answer_has_valid_citations_and_timings(assistant):
    answer = assistant.ask("How much does LightGNN reduce the number of edges?")
    assert not answer.refused and answer.text
    assert answer.citations and answer.citations[0].title.startswith("LightGNN")
    cited = {c.n for c in answer.citations}
    assert set(markers(answer.text)) <= cited and cited <= {s["n"] for s in answer.sources}
    assert answer.timings.ttft_ms > 0 and answer.timings.completion_tokens > 0
    assert answer.messages[0]["role"] == "system" and "LightGNN" in answer.messages[-1]["content"]


def test_real_refusal(assistant):
    answer = assistant.ask("What context length does the Chinchilla-Mega-9000 model support?")
    assert answer.refused and answer.text.startswith(refusal_sentence())
    assert not answer.citations and answer.retrieved


def test_real_comparison_cites_both_sides(assistant):
    answer = assistant.ask("How does BT^2 differ from the orthogonal transformation approach (OCA)?")
    titles = " ".join(c.title for c in answer.citations)
    assert "BT^2" in titles and "Orthogonal Transformation Layer" in titles
    assert len(answer.table) == 2
