"""Follow-up questions: decide whether a question leans on earlier turns and make it standalone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PRONOUN = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|this|that|these|those|the (paper|method|approach|model|framework|first|second|former|latter|authors?)|"
    r"both|either|each|same|such|he|she|there)\b",
    re.I,
)
_ELLIPTIC = re.compile(r"^(and|what about|how about|also|then|so|why|how so|and what|which one)\b", re.I)


@dataclass
class Turn:
    """One finished exchange: what was asked and which papers the answer relied on."""

    question: str
    answer: str = ""
    paper_ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # how the user or the papers name them (for condensing)


def needs_context(question: str, has_names: bool) -> bool:
    """A question with a pronoun or an elliptic opening and no named method of its own."""
    if has_names:
        return False
    return bool(_PRONOUN.search(question) or _ELLIPTIC.search(question.strip()) or len(question.split()) <= 4)


def condense(question: str, previous: Turn) -> str:
    """A standalone version: the previous subject's names are added to the question (deterministic)."""
    subject = ", ".join(previous.names[:3]) or previous.question
    return f"{question.strip()} (about {subject})"


def trim_history(turns: list[Turn], keep: int) -> list[Turn]:
    """Most recent `keep` turns; the oldest go first."""
    return turns[-keep:] if keep > 0 else []
