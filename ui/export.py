"""A conversation as a Markdown file: questions, answers, citations and their evidence."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from assistant.answer import Answer


def conversation_markdown(answers: list[Answer]) -> str:
    lines = ["# Conversation with the paper assistant", "", f"Exported {time.strftime('%Y-%m-%d %H:%M')}.", ""]
    for i, a in enumerate(answers, 1):
        lines += [f"## {i}. {a.question}", ""]
        if a.standalone_question and a.standalone_question != a.question:
            lines += [f"_Read as: {a.standalone_question}_", ""]
        lines += [a.text, ""]
        if a.refused:
            if a.retrieved:
                lines += ["Closest papers in the collection:", ""] + [f"- {h.title}" for h in a.retrieved] + [""]
            continue
        if a.citations:
            lines += ["**Sources**", ""]
        for c in a.citations:
            date = f" ({c.published})" if c.published else ""
            flag = "supported" if c.supported else "some claims unsupported"
            lines.append(f"- [{c.n}] {c.title}{date} — {flag}")
            lines += [f"  > {e}" for e in c.evidence]
        t = a.timings
        stats = f"retrieval {t.retrieval_ms:.0f} ms, first token {t.ttft_ms:.0f} ms, {t.tokens_per_s:.1f} tok/s"
        lines += ["", f"_{a.model}: {stats}_", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_export(answers: list[Answer], folder: Path | None = None) -> Path:
    """Write the Markdown to a fresh file (in the temp dir, which Gradio may serve) and return its path."""
    folder = Path(folder or tempfile.mkdtemp(prefix="assistant-export-"))
    path = folder / f"conversation-{time.strftime('%Y%m%d-%H%M%S')}.md"
    path.write_text(conversation_markdown(answers), encoding="utf-8")
    return path
