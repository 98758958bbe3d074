"""The Gradio web UI: `create_app()` builds the page, `launch()` loads the models once and serves it."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from assistant.answer import Assistant
from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.network import is_loopback
from ui.backend import Backend, Options

EXAMPLES = [
    ("Factual", "What is LightGNN?"),
    ("Comparison", "How does Fisher-weighted merging differ from model soups?"),
    ("Follow-up", "How much does it cut the number of edges?"),
]
GENERATION = "model"  # concurrency group: one model instance, one answer at a time, for chat and API alike


def create_app(settings: Settings, assistant: Assistant | None, *, models: list[Path] | None = None,
               problem: str | None = None):
    """The UI around one Assistant (its retriever and model are shared by all users); not launched."""
    if models is None and assistant is not None and not settings.llm_url:
        from assistant.llm import available_models

        models = available_models(settings)
    backend = Backend(settings, assistant.retriever if assistant else None, assistant.llm if assistant else None,
                      models=models, problem=problem)
    return build_app(backend)


def build_app(backend: Backend):
    import gradio as gr

    from ui import chat, render

    s = backend.settings
    with gr.Blocks(title="Paper assistant", analytics_enabled=False) as app:
        gr.HTML(_header(backend))
        if backend.problem:
            gr.HTML(f'<div class="problem"><strong>The assistant cannot answer yet.</strong> {render.esc(backend.problem)}</div>')
        answers = gr.State([])
        pending = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Conversation", elem_id="chat", height=560, latex_delimiters=[], feedback_options=None,
                            buttons=[], placeholder="Ask about the papers in the collection; answers cite them as [n].",
                        )
                        with gr.Row():
                            box = gr.Textbox(placeholder="Ask a question about the papers…", show_label=False, scale=5,
                                             elem_id="question", autofocus=True)
                            ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                        with gr.Row():
                            example_btns = [gr.Button(f"{kind}: {text}", size="sm", elem_classes=["example"])
                                            for kind, text in EXAMPLES]
                        with gr.Row():
                            clear_btn = gr.Button("Clear conversation", size="sm", elem_id="clear")
                            export_btn = gr.Button("Export (Markdown)", size="sm", elem_id="export")
                        export_file = gr.File(label="Exported conversation", interactive=False, visible=False,
                                              elem_id="export-file")
                    with gr.Column(scale=2):
                        with gr.Accordion("Settings (apply to the next question)", open=False, elem_id="settings"):
                            k = gr.Slider(1, 20, value=s.top_k, step=1, label="Papers retrieved (k)")
                            temperature = gr.Slider(0.0, 1.5, value=s.temperature, step=0.05, label="Temperature")
                            max_tokens = gr.Slider(16, 1024, value=s.max_answer_tokens, step=16,
                                                   label="Max answer length (tokens)")
                            model = gr.Dropdown(backend.model_choices, value=backend.default_model, label="Model",
                                                info="The bundled model and GGUF files in the models folder; each loads once")
                            drop = gr.Checkbox(value=s.drop_unsupported, label="Drop unsupported sentences")
                        sources = gr.HTML(render.sources_html(None, 0, {}), elem_id="sources", max_height=760)
            with gr.Tab("Corpus", id="corpus"):
                gr.HTML(_corpus_stats(backend))
                with gr.Row():
                    query = gr.Textbox(placeholder="Search the papers…", show_label=False, scale=5, elem_id="corpus-query")
                    search_btn = gr.Button("Search", scale=1, elem_id="corpus-search")
                found = gr.HTML()
                results = gr.Radio([], label="Results", elem_id="corpus-results")
                paper = gr.HTML(render.paper_html(None), elem_id="paper")

        # -- chat: an instant step shows the question, the queued step streams the answer ----------
        def _submit(question, history):
            return chat.submit(backend, question, history)

        def _generate(question, history, done, k_, temperature_, max_tokens_, model_, drop_):
            yield from chat.generate(backend, question, history, done, Options(k_, temperature_, max_tokens_, model_, drop_))

        gen_inputs = [pending, chatbot, answers, k, temperature, max_tokens, model, drop]
        gen_outputs = [chatbot, answers, sources]
        controls = [box, ask_btn, clear_btn, *example_btns]  # locked while this session's answer is on its way

        def _lock(locked: bool):
            return [gr.update(interactive=not locked) for _ in controls]

        def _chain(trigger):
            """submit (instant) -> lock the inputs -> generate (queued, streamed) -> unlock, even after an error."""
            trigger.then(lambda: _lock(True), None, controls, queue=False, api_visibility="private").then(
                _generate, gen_inputs, gen_outputs, concurrency_limit=1, concurrency_id=GENERATION,
                show_progress="minimal", api_visibility="private").then(
                lambda: _lock(False), None, controls, queue=False, api_visibility="private")

        _chain(gr.on([box.submit, ask_btn.click], _submit, [box, chatbot], [box, chatbot, pending], queue=False,
                     api_visibility="private"))
        for btn, (_, text) in zip(example_btns, EXAMPLES):
            _chain(btn.click(lambda history, q=text: chat.submit(backend, q, history), [chatbot], [box, chatbot, pending],
                             queue=False, api_visibility="private"))
        clear_btn.click(chat.clear, None, [chatbot, answers, sources, export_file], queue=False, api_visibility="private")
        chatbot.clear(chat.clear, None, [chatbot, answers, sources, export_file], queue=False, api_visibility="private")
        export_btn.click(chat.export, [answers], [export_file], queue=False, api_visibility="private")

        # -- corpus tab -----------------------------------------------------------------------
        gr.on([query.submit, search_btn.click], lambda q: chat.search_corpus(backend, q), [query], [results, found],
              concurrency_limit=2, concurrency_id="corpus", api_visibility="private")
        results.change(lambda pid: chat.open_paper(backend, pid), [results], [paper], queue=False, api_visibility="private")

        # -- the contract for automated clients -------------------------------------------------
        def ask(question: str, prior_turns: list[str] | str | None = None) -> dict:
            """Answer like `assistant ask --json`; prior_turns are earlier user questions, oldest first."""
            try:
                return backend.ask_api(question, prior_turns).as_dict()
            except AssistantError as err:
                raise gr.Error(str(err), print_exception=False) from err

        gr.api(ask, api_name="ask", concurrency_limit=1, concurrency_id=GENERATION)
    app.backend = backend  # lets tests and callers reach the shared state behind the page
    return app


def _header(backend: Backend) -> str:
    from ui.render import esc

    bits = []
    if backend.retriever is not None:
        bits.append(f"{backend.retriever.store.count_papers()} papers")
    if backend.default_model:
        bits.append("model " + backend.model_label(backend.default_model))
    sub = f'<div class="meta">{esc(" · ".join(bits))} · answers cite their sources as [n]; everything runs on this machine</div>'
    return f"<h2 style='margin:0'>Paper assistant</h2>{sub}"


def _corpus_stats(backend: Backend) -> str:
    from ui.render import corpus_stats_html, error_html

    try:
        papers, chunks, per_file = backend.corpus_stats()
    except AssistantError as err:
        return error_html(str(err))
    return corpus_stats_html(papers, chunks, per_file, str(backend.settings.store_dir))


def serve(app, *, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None, block: bool = True):
    """Queue and launch a built app; with block=False return once it listens (for tests)."""
    import gradio as gr

    from ui.style import CSS, HEAD

    app.queue(default_concurrency_limit=1)
    return app.launch(
        server_name=host, server_port=port, auth=auth, prevent_thread_lock=not block, css=CSS, head=HEAD,
        theme=gr.themes.Default(), show_error=False, ssr_mode=False, mcp_server=False, footer_links=["api"],
        quiet=not block, run_history=False,
    )


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not (sep and user and password):
        raise AssistantError("--auth (or ASSISTANT_AUTH) must look like user:password.")
    return user, password


def load_backend(settings: Settings) -> Backend:
    """The retriever and the model, loaded side by side; a failure becomes a message on the page."""
    from assistant.llm import available_models, load_llm
    from assistant.retrieval import Retriever

    loaded: dict = {}

    def load_model():
        try:
            loaded["llm"] = load_llm(settings)
        except AssistantError as err:
            loaded["llm_error"] = err

    thread = threading.Thread(target=load_model, name="load-model")
    thread.start()
    problems = []
    retriever = None
    try:
        retriever = Retriever(settings)
    except AssistantError as err:
        problems.append(f"{err} Then restart `assistant ui`.")
    thread.join()
    if "llm_error" in loaded:
        problems.append(str(loaded["llm_error"]))
    try:
        models = [] if settings.llm_url else available_models(settings)
    except AssistantError:
        models = []
    if loaded.get("llm") is not None:  # the first question should not pay for reading the system prompt
        threading.Thread(target=Assistant(settings, retriever, loaded["llm"]).warm_up, name="warm-up", daemon=True).start()
    return Backend(settings, retriever, loaded.get("llm"), models=models, problem=" ".join(problems) or None)


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None) -> int:
    """`assistant ui`: refuse to listen beyond loopback without credentials, load once, serve until stopped."""
    t0 = time.perf_counter()
    credentials = parse_auth(auth or os.environ.get("ASSISTANT_AUTH"))
    if credentials is None and not is_loopback(host):
        print(f"error: --host {host} makes the assistant reachable from other machines; give --auth user:password "
              "(or set ASSISTANT_AUTH) to require a login, or use --host 127.0.0.1.", file=sys.stderr)
        return 2
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    backend = load_backend(settings)
    if backend.problem:
        print(f"warning: {backend.problem} (the page will say so)", file=sys.stderr)
    app = build_app(backend)
    print(f"UI built in {time.perf_counter() - t0:.1f}s; starting the server", file=sys.stderr)
    serve(app, host=host, port=port, auth=credentials, block=True)
    return 0
