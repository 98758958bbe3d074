"""The UI served in-process on a free port, for the HTTP and browser tests (real retriever and model)."""

from __future__ import annotations

import socket
from contextlib import contextmanager

from assistant.answer import Assistant
from ui.app import create_app, serve

# Short answers keep the real-model tests fast on two cores; everything else is the default setup.
TEST_ANSWER_TOKENS = 48


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_ui(settings, retriever, llm):
    settings = settings.model_copy(update={"max_answer_tokens": TEST_ANSWER_TOKENS})
    app = create_app(settings, Assistant(settings, retriever, llm), models=[])
    port = free_port()
    serve(app, host="127.0.0.1", port=port, block=False)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
