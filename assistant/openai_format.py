"""The OpenAI chat-completions wire format: request models, errors, and answers as responses or SSE chunks."""

from __future__ import annotations

import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.answer import Answer

MODEL_ID = "assistant"


class ApiError(Exception):
    """An error with its HTTP status, rendered in OpenAI's error shape."""

    def __init__(self, status: int, message: str, type_: str = "invalid_request_error", code: str | None = None, param: str | None = None):
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = status, message, type_, code, param


def error_body(message: str, type_: str, code: str | None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": type_, "code": code, "param": param}}


# -- requests ---------------------------------------------------------------------------------------
class ContentPart(BaseModel, extra="allow"):
    type: str
    text: str | None = None


class ChatMessage(BaseModel, extra="allow"):
    model_config = ConfigDict(strict=True)
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None


class StreamOptions(BaseModel, extra="allow"):
    include_usage: bool = False


class ChatRequest(BaseModel, extra="allow"):  # clients send many optional OpenAI fields; unknown ones are ignored
    model_config = ConfigDict(strict=True)
    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    temperature: float | None = Field(None, ge=0.0, le=2.0)
    n: int = Field(1, ge=1, le=1)
    stream_options: StreamOptions | None = None


class SearchRequest(BaseModel, extra="forbid"):
    model_config = ConfigDict(strict=True)
    query: str
    k: int = Field(5, ge=1, le=50)
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid"


def _text(message: ChatMessage) -> str:
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    if any(part.type != "text" for part in message.content):
        raise ApiError(400, "Only text content is supported.", param="messages")
    return "".join(part.text or "" for part in message.content)


def conversation(messages: list[ChatMessage]) -> tuple[str, list[tuple[str, str]]]:
    """(question, earlier (user, assistant) pairs); system and tool messages are ignored: our prompt is fixed."""
    turns = [(m.role, _text(m)) for m in messages if m.role in ("user", "assistant")]
    if not turns or turns[-1][0] != "user":
        raise ApiError(400, "The last message must be a user message: it is the question.", param="messages")
    pairs: list[tuple[str, str]] = []
    for role, text in turns[:-1]:
        if role == "user":
            pairs.append((text, ""))
        elif pairs and not pairs[-1][1]:
            pairs[-1] = (pairs[-1][0], text)
    return turns[-1][1], [(q, a) for q, a in pairs if q.strip()]


# -- responses --------------------------------------------------------------------------------------
def answer_extras(answer: Answer) -> dict:
    """What an OpenAI response lacks: structured citations and the ranked papers behind the answer."""
    data = answer.as_dict()
    return {"citations": data["citations"], "retrieved": [h.as_dict() for h in answer.retrieved],
            "refused": answer.refused, "timings": data["timings"]}


def usage(answer: Answer) -> dict:
    t = answer.timings
    return {"prompt_tokens": t.prompt_tokens, "completion_tokens": t.completion_tokens, "total_tokens": t.prompt_tokens + t.completion_tokens}


def completion_body(answer: Answer, cid: str, created: int) -> dict:
    return {
        "id": cid, "object": "chat.completion", "created": created, "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.text}, "finish_reason": "stop"}],
        "usage": usage(answer), **answer_extras(answer),
    }


def completion_events(answer: Answer, cid: str, created: int, include_usage: bool):
    """SSE chunks of the verified answer text; the last content chunk carries the citations.

    The deltas are the checked text, not the model's raw tokens (verification renumbers markers and may
    replace unsupported sentences), so concatenated they equal the non-streaming answer exactly.
    """
    base = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID}

    def event(choices: list, **extra) -> str:
        return "data: " + json.dumps({**base, "choices": choices, **extra}, ensure_ascii=False) + "\n\n"

    yield event([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
    for piece in re.findall(r"\s*\S+", answer.text):
        yield event([{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
    yield event([{"index": 0, "delta": {}, "finish_reason": "stop"}], **answer_extras(answer))
    if include_usage:
        yield event([], usage=usage(answer))
    yield "data: [DONE]\n\n"
