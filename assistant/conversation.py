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


# "And which paper robustifies small models first and then uses them as teachers ...?": a new paper, asked for by what it
# does (its "them" is its own small models), unless it points at the previous one
_NEW_PAPER = re.compile(r"^(?:and\s+)?(?:which|what)\s+(?:other\s+)?(?:paper|work|study|method|approach)\s+(?!is\b|was\b|does\b|did\b)[a-z]+s\b", re.I)
# ("Which paper looks at this?": a question ending on "this" has no topic of its own)
_POINTS_AT_LAST = re.compile(r"\b(it|its|it's|that paper|this paper|the same (paper|one)|that one|the previous|above)\b"
                             r"|\b(this|that)\s*[?.!]*\s*$", re.I)


def needs_context(question: str, has_names: bool) -> bool:
    """A question with a pronoun or an elliptic opening and no named method of its own."""
    if has_names:
        return False
    if _NEW_PAPER.search(question.strip()) and not _POINTS_AT_LAST.search(question):
        return False
    return bool(_PRONOUN.search(question) or _ELLIPTIC.search(question.strip()) or len(question.split()) <= 4)


def condense(question: str, previous: Turn) -> str:
    """A standalone version: the previous subject's names are added to the question (deterministic)."""
    subject = ", ".join(previous.names[:3]) or previous.question
    return f"{question.strip()} (about {subject})"


def asked_part(standalone: str) -> str:
    """The question without the subject condense() added: "How much does it cut? (about LightGNN)" -> "How much does it
    cut?" (the papers' titles say nothing of what is asked)."""
    return re.sub(r"\s*\(about [^()]*\)$", "", standalone)


def trim_history(turns: list[Turn], keep: int) -> list[Turn]:
    """Most recent `keep` turns; the oldest go first."""
    return turns[-keep:] if keep > 0 else []
