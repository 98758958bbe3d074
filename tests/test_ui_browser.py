"""End to end in headless Debian Chromium (never a downloaded browser): stream, cite, follow up, stay safe."""

import os
import shutil
import time
from pathlib import Path

import pytest
from gradio_client import Client
from gradio_client.utils import Status
from playwright.sync_api import sync_playwright

from uiserver import running_ui

pytestmark = [pytest.mark.browser, pytest.mark.integration]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSWERED = "#chat .answer .stats"


@pytest.fixture(scope="module")
def url(corpus_settings, retriever, bundled_llm):
    with running_ui(corpus_settings, retriever, bundled_llm) as address:
        yield address


@pytest.fixture
def page(url):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `scripts/setup.sh browser`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(90_000)
        page.goto(url)
        page.wait_for_selector("#question textarea")
        yield page
        browser.close()


def stream_lengths(page, finals: int) -> list[int]:
    """Text lengths of the streaming bubble, sampled until `finals` answers are finished."""
    seen = []
    deadline = time.monotonic() + 120
    while page.locator(ANSWERED).count() < finals and time.monotonic() < deadline:
        text = page.evaluate("() => { const b = document.querySelector('#chat .answer.streaming');"
                             " return b && !b.querySelector('.waiting') ? b.textContent.length : -1; }")
        if text > 0 and (not seen or seen[-1] != text):
            seen.append(text)
        time.sleep(0.03)
    return seen


def test_chat_streams_cites_follows_up_and_renders_user_text_as_text(url, page, tmp_path):
    busy = Client(url, verbose=False).submit("What is InstaFlow?", api_name="/ask")  # the model is taken...
    while busy.status().code not in (Status.PROCESSING, Status.FINISHED):
        time.sleep(0.05)
    page.fill("#question textarea", "What is LightGNN?")
    page.click("#ask")
    page.wait_for_function("() => /queue: \\d+\\/\\d+/.test(document.querySelector('#chat').innerText)")  # ...so we wait, visibly
    assert page.locator("#ask").is_disabled(), "no second question from this page while one is on its way"
    lengths = stream_lengths(page, finals=1)
    assert busy.result()["question"] == "What is InstaFlow?"
    assert len(lengths) >= 2 and lengths == sorted(lengths), f"the answer grew token by token: {lengths}"
    assert page.locator(ANSWERED).count() == 1

    cite = page.locator("#chat a.cite").first
    assert cite.inner_text() == "[1]" and cite.get_attribute("href") == "#src-0-1"
    card = page.locator("#sources #src-0-1")
    assert "LightGNN" in card.inner_text() and card.locator("mark").count() >= 1
    assert card.locator(".badge").count() == 1
    cite.click()
    page.wait_for_selector("#src-0-1.flash", timeout=3000)  # the link leads to its source card
    page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)
    if os.environ.get("ASSISTANT_UI_SCREENSHOT"):  # how docs/ui.png is made for the README
        page.screenshot(path=os.environ["ASSISTANT_UI_SCREENSHOT"])

    page.locator("button.example", has_text="Follow-up").click()
    page.wait_for_function(f"() => document.querySelectorAll('{ANSWERED}').length === 2")
    assert page.locator("#sources #src-1-1").count() == 1, "the panel now shows the follow-up's sources"
    assert "LightGNN" in page.locator("#sources").inner_text()

    hostile = ("<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> "
               "What MMLU score does Gemini Ultra achieve?")
    page.fill("#question textarea", hostile)
    page.keyboard.press("Enter")
    page.wait_for_selector("#chat .refusal")
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#chat img[src='x']").count() == 0 and page.locator("#chat script").count() == 0
    assert "<script>window.__pwned=2</script>" in page.locator("#chat .user-q").last.inner_text()
    assert "No answer in the collection" in page.locator("#chat .refusal").inner_text()
    assert page.locator("#sources.refused, #sources .refused li").count() >= 1
    page.screenshot(path=str(tmp_path / "conversation.png"), full_page=True)
    assert (tmp_path / "answer.png").stat().st_size > 10_000

    page.click("#export")
    page.wait_for_selector("#export-file a")
    assert "conversation-" in page.locator("#export-file").inner_text()
    page.click("#clear")
    page.wait_for_function("() => !document.querySelector('#chat .user-q')")
    assert "appear here" in page.locator("#sources").inner_text()


def test_corpus_tab_searches_and_opens_a_paper(page, tmp_path):
    page.get_by_role("tab", name="Corpus").click()
    assert "392" in page.locator(".corpus-stats").inner_text()
    page.fill("#corpus-query textarea", "graph neural network pruning for recommendation")
    page.click("#corpus-search")
    page.locator("#corpus-results label", has_text="LightGNN").click()
    page.wait_for_function("() => document.querySelector('#paper').innerText.includes('80% reduction in edge count')")
    page.screenshot(path=str(tmp_path / "corpus.png"), full_page=True)
