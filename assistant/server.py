"""`assistant serve`: the assistant as an OpenAI-compatible HTTP API (FastAPI + uvicorn).

POST /v1/chat/completions  the last user message is the question, earlier turns the history; the answer
                           text carries [n] markers and the response adds `citations`, `retrieved`,
                           `refused` and `timings` (in the final chunk when streaming)
GET  /v1/models            the one model, `assistant`
POST /v1/search            {"query", "k", "mode"} -> the `assistant search --json` shape
One worker thread runs every request that touches the index or the model, in arrival order.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import re
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.exceptions import HTTPException

from assistant.answer import Answer, Assistant, clean_question
from assistant.conversation import Turn
from assistant.errors import AssistantError, LLMUnavailable
from assistant.openai_format import (
    MODEL_ID, ApiError, ChatRequest, SearchRequest, completion_body, completion_events, conversation, error_body,
)
from assistant.settings import Settings
from assistant.network import is_loopback

MAX_WAITING = 64  # requests queued beyond this get 503: a client flood cannot grow memory without bound
log = logging.getLogger("assistant.server")


# -- the single worker ------------------------------------------------------------------------------
class Worker:
    """Runs jobs one at a time in arrival order; the caller awaits its result, and waits in line."""

    def __init__(self, max_waiting: int):
        self.max_waiting = max_waiting
        self.waiting = 0  # touched only on the event loop
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assistant-worker")

    async def run(self, fn, *args):
        if self.waiting >= self.max_waiting:
            raise ApiError(503, f"The server is busy ({self.waiting} requests waiting); retry shortly.", "server_error", "overloaded")
        self.waiting += 1
        try:
            return await asyncio.wrap_future(self._pool.submit(fn, *args))
        finally:
            self.waiting -= 1

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


# -- the app ----------------------------------------------------------------------------------------
def create_app(assistant: Assistant, *, token: str | None = None, max_waiting: int = MAX_WAITING):
    """The FastAPI app over one loaded Assistant (its retriever and model are shared by every request)."""
    worker = Worker(max_waiting)
    started = int(time.time())

    @asynccontextmanager
    async def lifespan(_app):
        yield
        worker.close()

    app = FastAPI(title="paper assistant", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    def error(status: int, message: str, type_: str, code: str | None, param: str | None = None) -> JSONResponse:
        return JSONResponse(error_body(message, type_, code, param), status_code=status)

    @app.exception_handler(ApiError)
    async def on_api_error(_req, err: ApiError):
        return error(err.status, err.message, err.type, err.code, err.param)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_req, err: RequestValidationError):
        first = err.errors()[0] if err.errors() else {"loc": (), "msg": "invalid request"}
        if first.get("type") == "json_invalid":
            return error(400, "The request body is not valid JSON.", "invalid_request_error", "invalid_json")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error(400, f"Invalid request: {where + ': ' if where else ''}{first.get('msg')}", "invalid_request_error", "invalid_request", where or None)

    @app.exception_handler(HTTPException)
    async def on_http(_req, err: HTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(err.status_code)
        return error(err.status_code, str(err.detail), "invalid_request_error", code)

    @app.exception_handler(LLMUnavailable)
    async def on_llm_down(_req, err: LLMUnavailable):
        return error(503, str(err), "server_error", "llm_unavailable")

    @app.exception_handler(AssistantError)
    async def on_assistant_error(_req, err: AssistantError):
        return error(400, str(err), "invalid_request_error", re.sub(r"(?<!^)(?=[A-Z])", "_", type(err).__name__).lower())

    @app.exception_handler(Exception)
    async def on_crash(_req, err: Exception):  # the edge: log the traceback, keep serving
        log.error("request failed", exc_info=err)
        return error(500, f"Internal error ({type(err).__name__}); the details are in the server log.", "server_error", "internal_error")

    async def check_token(request: Request) -> None:
        if token is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise ApiError(401, "Missing or wrong API key: send `Authorization: Bearer <token>`.", code="invalid_api_key")

    model_card = {"id": MODEL_ID, "object": "model", "created": started, "owned_by": "paper-assistant"}
    auth = [Depends(check_token)]

    @app.get("/health")
    async def health():
        return {"status": "ok", "waiting": worker.waiting, "model": assistant.llm.name}

    @app.get("/v1/models", dependencies=auth)
    async def models():
        return {"object": "list", "data": [model_card]}

    @app.get("/v1/models/{model}", dependencies=auth)
    async def model(model: str):
        if model != MODEL_ID:
            raise ApiError(404, f"The model {model!r} does not exist; this server offers {MODEL_ID!r}.", code="model_not_found", param="model")
        return model_card

    @app.post("/v1/search", dependencies=auth)
    async def search(req: SearchRequest):
        if not req.query.strip():
            raise ApiError(400, "The search query is empty: send a few words to search for.", param="query")
        hits = await worker.run(lambda: assistant.retriever.search(req.query, k=req.k, mode=req.mode))
        return {"query": req.query, "hits": [h.as_dict() for h in hits]}

    @app.post("/v1/chat/completions", dependencies=auth)
    async def chat(req: ChatRequest):
        if req.model != MODEL_ID:
            raise ApiError(404, f"The model {req.model!r} does not exist; use {MODEL_ID!r}.", code="model_not_found", param="model")
        question, pairs = conversation(req.messages)
        clean_question(question, assistant.settings.max_question_chars)  # a bad question is refused before it waits in line
        answerer = _request_assistant(assistant, req)
        answer = await worker.run(_answer, answerer, question, pairs)
        cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        if not req.stream:
            return completion_body(answer, cid, created)
        include_usage = bool(req.stream_options and req.stream_options.include_usage)
        return StreamingResponse(completion_events(answer, cid, created, include_usage), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache"})

    return app


def _request_assistant(assistant: Assistant, req: ChatRequest) -> Assistant:
    """The shared retriever and model with this request's limits (clamped to what the settings allow)."""
    update = {}
    limit = req.max_completion_tokens or req.max_tokens
    if limit is not None:
        update["max_answer_tokens"] = min(2048, max(16, limit))
    if req.temperature is not None:
        update["temperature"] = req.temperature
    if not update:
        return assistant
    return Assistant(assistant.settings.model_copy(update=update), assistant.retriever, assistant.llm)


def _answer(assistant: Assistant, question: str, pairs: list[tuple[str, str]]) -> Answer:
    """Runs on the worker: rebuild the history from the client's messages (no generation), then answer."""
    keep = assistant.settings.history_turns
    history: list[Turn] = []
    for earlier, reply in (pairs[-keep:] if keep else []):
        history.append(assistant.replay_turn(earlier, reply, history))
    return assistant.ask(question, history)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> int:
    """`assistant serve`: refuse to listen beyond loopback without a token, load once, serve until stopped."""
    token = token or os.environ.get("ASSISTANT_API_TOKEN") or None
    if token is None and not is_loopback(host):
        print(f"error: --host {host} makes the API reachable from other machines; give --token TOKEN (or set "
              "ASSISTANT_API_TOKEN) so clients must send `Authorization: Bearer TOKEN`, or use --host 127.0.0.1.", file=sys.stderr)
        return 2
    import uvicorn

    from assistant.llm import load_llm
    from assistant.retrieval import Retriever

    t0 = time.perf_counter()
    assistant = Assistant(settings, Retriever(settings), load_llm(settings))
    threading.Thread(target=assistant.warm_up, name="warm-up", daemon=True).start()
    server = uvicorn.Server(uvicorn.Config(create_app(assistant, token=token), host=host, port=port, log_level="warning"))
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/v1"
    print(f"loaded in {time.perf_counter() - t0:.1f}s; starting the OpenAI-compatible API at {where} "
          f"(model {MODEL_ID!r}{', bearer token required' if token else ''})", file=sys.stderr)
    try:
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind the port (it has logged why)
        print(f"error: could not serve on {host}:{port}; is the port in use?", file=sys.stderr)
        return 2
    return 0
