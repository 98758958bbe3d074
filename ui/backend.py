"""What the UI shares between users: one retriever, one cache of loaded models, per-request settings."""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import Answer, Assistant
from assistant.conversation import Turn
from assistant.errors import AssistantError, BadInput, IndexMissing
from assistant.llm import LLM, load_llm
from assistant.retrieval import Retriever
from assistant.settings import Settings


@dataclass(frozen=True)
class Options:
    """What a user may change per request without a restart."""

    top_k: int
    temperature: float
    max_answer_tokens: int
    model: str
    drop_unsupported: bool


def _model_key(llm: LLM) -> str:
    path = getattr(llm, "path", None)
    return str(path) if path is not None else llm.name


class Backend:
    """One retriever and the loaded models, shared by every session; builds an Assistant per request."""

    def __init__(self, settings: Settings, retriever: Retriever | None, llm: LLM | None, *,
                 models: list[Path] | None = None, problem: str | None = None):
        self.settings = settings
        self.retriever = retriever
        self.problem = problem  # why the assistant cannot answer at all (no index, no model)
        self._llms: dict[str, LLM] = {}
        self._choices: dict[str, str] = {}  # dropdown value -> label
        if llm is not None:
            key = _model_key(llm)
            self._llms[key] = llm
            self._choices[key] = self._label(key, llm.name)
        for path in models or []:
            self._choices.setdefault(str(path), self._label(str(path), Path(path).name))
        self._load_lock = threading.Lock()

    # -- models ---------------------------------------------------------------------------------
    @property
    def model_choices(self) -> list[tuple[str, str]]:
        return [(label, value) for value, label in self._choices.items()]

    @property
    def default_model(self) -> str | None:
        return next(iter(self._llms), None) or next(iter(self._choices), None)

    def _label(self, key: str, name: str) -> str:
        """A model's name, with its first-token time on this machine when install-model has timed it, so the choice
        between a faster and a stronger model is an informed one ("qwen... · first token ~4.7 s here")."""
        from assistant.model_speed import recorded_first_token

        seconds = recorded_first_token(self.settings.models_dir, Path(key))
        return f"{name} · first token ~{seconds:.1f} s here" if seconds is not None else name

    def model_label(self, choice: str) -> str:
        return self._choices.get(choice, choice)

    def is_loaded(self, choice: str | None) -> bool:
        return (choice or self.default_model) in self._llms

    def llm(self, choice: str | None) -> LLM:
        """The model for a dropdown value, loaded on first use and kept for every later request."""
        choice = choice or self.default_model
        if choice not in self._choices:
            raise BadInput(f"Unknown model {choice!r}; pick one from the list.")
        with self._load_lock:
            if choice not in self._llms:
                self._llms[choice] = load_llm(self.settings.model_copy(update={"model_path": Path(choice), "llm_url": None}))
            return self._llms[choice]

    # -- answering ------------------------------------------------------------------------------
    def _require(self) -> Retriever:
        if self.problem:
            raise AssistantError(self.problem)
        if self.retriever is None:
            raise IndexMissing("No index is loaded. Run `assistant ingest`, then restart `assistant ui`.")
        return self.retriever

    def defaults(self) -> Options:
        s = self.settings
        return Options(s.top_k, s.temperature, s.max_answer_tokens, self.default_model or "", s.drop_unsupported)

    def assistant(self, options: Options | None = None) -> Assistant:
        """An Assistant for one request: the shared retriever and model, this request's settings."""
        retriever = self._require()
        o = options or self.defaults()
        update = {
            "top_k": min(20, max(1, int(o.top_k))),
            "temperature": min(2.0, max(0.0, float(o.temperature))),
            "max_answer_tokens": min(2048, max(16, int(o.max_answer_tokens))),
            "drop_unsupported": bool(o.drop_unsupported),
        }
        return Assistant(self.settings.model_copy(update=update), retriever, self.llm(o.model))

    def ask_api(self, question: str, prior: list | str | None) -> Answer:
        """The /ask endpoint: earlier user turns are re-asked (quietly) to rebuild the history."""
        assistant = self.assistant()
        earlier_turns = parse_prior(prior)
        keep = self.settings.history_turns  # older turns would be trimmed anyway: do not pay for them
        history: list[Turn] = []
        for earlier in earlier_turns[-keep:] if keep else []:
            history.append(assistant.ask(earlier, history).turn())
        return assistant.ask(question, history)

    # -- corpus ---------------------------------------------------------------------------------
    def search(self, query: str, k: int = 20) -> list:
        return self._require().search(query or "", k=k)

    def papers_for(self, answer: Answer) -> dict:
        if self.retriever is None:
            return {}
        return self.retriever.store.get_papers(c.paper_id for c in answer.citations)

    def corpus_stats(self) -> tuple[int, int, dict[str, int]]:
        store = self._require().store
        per_file = Counter(src for p in store.iter_papers() for src in (p.sources or ["(unknown)"]))
        return store.count_papers(), store.count_chunks(), dict(per_file)


def parse_prior(prior: list | str | None) -> list[str]:
    """Prior user turns from an API call: a list of strings, a JSON list, or one plain string."""
    if prior is None or prior == "" or prior == []:
        return []
    if isinstance(prior, str):
        text = prior.strip()
        if text.startswith("["):
            try:
                prior = json.loads(text)
            except json.JSONDecodeError as err:
                raise BadInput(f"Prior turns look like JSON but do not parse: {err}") from err
        else:
            return [text] if text else []
    if not isinstance(prior, list):
        raise BadInput("Prior turns must be a list of earlier questions (strings).")
    turns = []
    for item in prior:
        if isinstance(item, dict) and isinstance(item.get("question"), str):
            item = item["question"]  # an earlier /ask result passed back as is
        if not isinstance(item, str):
            raise BadInput("Each prior turn must be a question string.")
        if item.strip():
            turns.append(item)
    return turns
