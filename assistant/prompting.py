"""Prompt templates from prompts/, rendered strictly, and fitted to the model's context window."""

from __future__ import annotations

import string
from functools import lru_cache

from assistant.settings import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"


@lru_cache(maxsize=None)
def template(name: str) -> string.Template:
    return string.Template((PROMPTS / f"{name}.txt").read_text(encoding="utf-8"))


def render(name: str, **values: str) -> str:
    """Fill a template; a missing variable raises KeyError instead of leaving a hole."""
    return template(name).substitute(values).strip()


def refusal_sentence() -> str:
    """The one refusal sentence shared by the prompt, refusal detection and the evals."""
    return (PROMPTS / "refusal.txt").read_text(encoding="utf-8").strip()


def system_prompt(compare: bool = False) -> str:
    """Stable across questions so llama.cpp can reuse the KV cache of this prefix. A comparison's drops the refusal
    rule: its sides are papers the collection holds, and with the rule Qwen2.5-1.5B refused 10 of 12 topical
    comparisons (0 of 12 without it). The two differ from the rule's line on, so they share most of the cache. (In
    the user message instead, the rule made Qwen refuse 17 of 18 plain questions.)"""
    refusal = refusal_sentence()
    text = render("system", refusal=refusal)
    if compare:
        text = "\n".join(line for line in text.splitlines() if refusal not in line)
    return text


def neutralise(text: str) -> str:
    """Source text is data: keep it from closing our framing or faking a new source header."""
    return text.replace("[", "(").replace("]", ")").replace("\n", " ")


def render_source(n: int, title: str, evidence: list[str]) -> str:
    return render("source", n=str(n), title=neutralise(title), evidence=neutralise(" ".join(evidence)))


def build_messages(
    question: str,
    sources: list[tuple[str, list[str]]],
    *,
    count_tokens,
    budget: int,
    history: list[dict] | None = None,
    sides: list[str] | None = None,
) -> tuple[list[dict], int]:
    """Chat messages that fit `budget` tokens: sources are trimmed from the back, then old turns dropped.

    Returns the messages and how many sources made it into the prompt.
    """
    system = {"role": "system", "content": system_prompt(compare=bool(sides))}
    history = list(history or [])
    trimmed = [list(ev) for _, ev in sources]
    titles = [t for t, _ in sources]

    def user_message(k: int) -> dict:
        block = "\n\n".join(render_source(i + 1, titles[i], trimmed[i]) for i in range(k))
        if sides:
            content = render("compare", sources=block, question=question, sides=" and ".join(sides))
        else:
            content = render("question", sources=block, question=question)
        return {"role": "user", "content": content}

    def size(msgs: list[dict]) -> int:
        return sum(count_tokens(m["content"]) + 4 for m in msgs)

    k = len(sources)
    while True:
        msgs = [system, *history, user_message(k)]
        if size(msgs) <= budget:
            return msgs, k
        if history:
            history = history[2:] if len(history) >= 2 else []  # the oldest turn goes first
            continue
        longest = max(range(k), key=lambda i: len(trimmed[i])) if k else None
        if longest is not None and len(trimmed[longest]) > 1:
            trimmed[longest].pop()  # shorten the longest source by its last evidence sentence
            continue
        if k > 1:
            k -= 1
            continue
        return msgs, k
