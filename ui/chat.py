"""The chat's event handlers as plain functions: Gradio calls them, unit tests call them directly."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import gradio as gr

from assistant.answer import Answer, clean_question
from assistant.errors import AssistantError
from ui import render
from ui.backend import Backend, Options
from ui.export import write_export

log = logging.getLogger(__name__)

Chat = list[dict]


def _msg(role: str, content: str) -> dict:
    return {"role": role, "content": content}


def _warn(message: str) -> None:
    gr.Warning(render.esc(message))  # toast text is rendered as HTML: escape it like everything else


def submit(backend: Backend, question: str, chat: Chat | None) -> tuple[str, Chat, str | None]:
    """Instant (unqueued) step: show the question and a placeholder, or say why it cannot be asked."""
    chat = list(chat or [])
    try:
        cleaned = clean_question(question or "", backend.settings.max_question_chars)
    except AssistantError as err:
        _warn(str(err))
        return question, chat + [_msg("assistant", render.error_html(str(err)))], None
    waiting = "Waiting for the model…"  # Gradio shows the queue position next to it
    return "", chat + [_msg("user", render.user_html(cleaned)), _msg("assistant", render.streaming_html("", waiting))], cleaned


def generate(backend: Backend, question: str | None, chat: Chat | None, answers: list[Answer] | None,
             options: Options) -> Iterator[tuple[Chat, list[Answer], str]]:
    """Queued step: stream the answer into the last bubble, then show the verified answer and its sources."""
    chat, answers = list(chat or []), list(answers or [])
    last = answers[-1] if answers else None
    last_sources = render.sources_html(last, len(answers) - 1, backend.papers_for(last) if last else {})
    if question is None:  # submit() already explained the problem
        yield chat, answers, last_sources
        return
    if not chat or chat[-1].get("role") != "assistant":
        chat.append(_msg("assistant", ""))
    turn = len(answers)
    try:
        if not backend.is_loaded(options.model):
            loading = f"Loading model {backend.model_label(options.model)} (once)…"
            chat = chat[:-1] + [_msg("assistant", render.streaming_html("", loading))]
            yield chat, answers, last_sources
        assistant = backend.assistant(options)
        partial = ""
        answer = None
        for piece in assistant.ask_stream(question, [a.turn() for a in answers]):
            if isinstance(piece, Answer):
                answer = piece
                break
            partial += piece
            chat = chat[:-1] + [_msg("assistant", render.streaming_html(partial))]
            yield chat, answers, last_sources
        if answer is None:  # ask_stream always ends with an Answer; guard against a silent library change
            raise AssistantError("The assistant stopped without an answer. Try again.")
    except AssistantError as err:
        _warn(str(err))
        yield chat[:-1] + [_msg("assistant", render.error_html(str(err)))], answers, last_sources
        return
    except Exception as err:  # the UI edge: log the traceback for the operator, keep the page usable
        log.exception("answering %r failed", question)
        message = f"Internal error ({type(err).__name__}); the details are in the server log. Try again or rephrase."
        _warn(message)
        yield chat[:-1] + [_msg("assistant", render.error_html(message))], answers, last_sources
        return
    answers.append(answer)
    chat = chat[:-1] + [_msg("assistant", render.answer_html(answer, turn))]
    yield chat, answers, render.sources_html(answer, turn, backend.papers_for(answer))


def clear() -> tuple[Chat, list[Answer], str, dict]:
    return [], [], render.sources_html(None, 0, {}), gr.update(value=None, visible=False)


def export(answers: list[Answer] | None) -> dict:
    """The conversation as a Markdown file offered for download."""
    if not answers:
        _warn("Nothing to export yet: ask a question first.")
        return gr.update(value=None, visible=False)
    return gr.update(value=str(write_export(answers)), visible=True)


def search_corpus(backend: Backend, query: str) -> tuple[dict, str]:
    """Corpus tab: ranked papers for a query, as choices to open."""
    try:
        hits = backend.search(query)
    except AssistantError as err:
        _warn(str(err))
        return gr.update(choices=[], value=None), render.error_html(str(err))
    choices = [(f"{h.rank}. {h.title}", h.paper_id) for h in hits]
    note = f'<div class="meta">{len(hits)} papers for “{render.esc(query.strip())}”; pick one to read it.</div>'
    return gr.update(choices=choices, value=None), note


def open_paper(backend: Backend, paper_id: str | None) -> str:
    if not paper_id or backend.retriever is None:
        return render.paper_html(None)
    return render.paper_html(backend.retriever.store.get_paper(paper_id))
