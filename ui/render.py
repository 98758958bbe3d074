"""HTML for the chat page: answers with linked [n] markers, the sources panel, tables and stats.

Every piece of text that comes from a user, a paper or the model goes through `esc()`; markup is
only ever added around escaped text, so a question or abstract holding `<script>` stays text.
Answers are wrapped in one `<div>` with no blank lines, so the chatbot's Markdown renderer treats
them as a raw HTML block and does not reinterpret `*`, `_` or `$` in abstracts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from assistant.answer import Answer, answer_body
from assistant.compare import table_markdown
from assistant.corpus import Paper
from assistant.verify import with_markers

_MARKER = re.compile(r"\[(\d+)\]")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def esc(text: str) -> str:
    """HTML-escape, and neutralise `$` so no client-side template or LaTeX pass can pick it up."""
    return html.escape(str(text), quote=True).replace("$", "&#36;").replace("\n", " ")


def anchor(turn: int, n: int) -> str:
    return f"src-{turn}-{n}"


def link_markers(escaped: str, turn: int, titles: dict[int, str]) -> str:
    """Turn [n] markers of cited sources into in-page links to the sources panel."""

    def repl(m: re.Match) -> str:
        n = int(m.group(1))
        if n not in titles:
            return m.group(0)
        return f'<a class="cite" href="#{anchor(turn, n)}" title="{esc(titles[n])}">[{n}]</a>'

    return _MARKER.sub(repl, escaped)


def user_html(question: str) -> str:
    return f'<div class="user-q">{esc(question)}</div>'


def streaming_html(partial: str, waiting: str = "") -> str:
    """The assistant bubble while the model is still writing."""
    body = esc(partial) if partial else f'<span class="waiting">{esc(waiting or "Thinking…")}</span>'
    return f'<div class="answer streaming">{body}<span class="cursor">▍</span></div>'


def error_html(message: str) -> str:
    return f'<div class="error-msg"><strong>Could not answer.</strong> {esc(message)}</div>'


def stats_text(answer: Answer) -> str:
    t = answer.timings
    parts = [f"retrieval {t.retrieval_ms:.0f} ms"]
    if not answer.refused:
        parts += [f"first token {t.ttft_ms:.0f} ms", f"{t.tokens_per_s:.1f} tok/s", f"{t.completion_tokens} tokens"]
    parts += [f"total {t.total_ms / 1000:.1f} s", f"model {answer.model}"]
    return " · ".join(parts)


def answer_html(answer: Answer, turn: int) -> str:
    """The finished assistant bubble: verified text, linked citations, table, stats."""
    if answer.refused:
        closest = "".join(f"<li>{esc(h.title)}</li>" for h in answer.retrieved)
        more = f'<div class="closest">Closest papers in the collection:<ul>{closest}</ul></div>' if closest else ""
        return (
            f'<div class="refusal"><div class="refusal-banner">No answer in the collection</div>'
            f"<p>{esc(answer.text)}</p>{more}<div class=\"stats\">{esc(stats_text(answer))}</div></div>"
        )
    titles = {c.n: c.title for c in answer.citations}
    body = answer.text
    table = ""
    if answer.table:
        body = answer.body or body.replace("\n\n" + table_markdown(answer.table), "")
        table = comparison_table_html(answer.table, turn, titles)
    if (claims := _claims_html(answer, turn, titles)) is not None:
        text = claims
    else:
        paragraphs, md_table = _split_markdown_table(body)
        if md_table and not table:
            table = markdown_table_html(md_table, turn, titles)
        text = "".join(f"<p>{link_markers(esc(p), turn, titles)}</p>" for p in paragraphs if p.strip())
    return f'<div class="answer">{text}{table}<div class="stats">{esc(stats_text(answer))}</div></div>'


UNSUPPORTED_TIP = "The cited abstracts do not support this sentence: check it against the evidence."


def _claims_html(answer: Answer, turn: int, titles: dict[int, str]) -> str | None:
    """The answer's sentences, an unsupported one marked where it stands (not only in the sources panel), or None when
    the text is not made of the checked sentences."""
    if not answer.sentences or not any(not c.supported for c in answer.sentences):
        return None
    if answer_body(answer.notes, answer.sentences) != (answer.body or "").strip():
        return None
    parts = [esc(n) for n in answer.notes]
    for c in answer.sentences:
        sentence = link_markers(esc(with_markers(c)), turn, titles)
        parts.append(sentence if c.supported else f'<span class="unsupported" title="{esc(UNSUPPORTED_TIP)}">{sentence}</span>')
    legend = '<div class="meta legend"><span class="unsupported">Marked</span> sentences are not supported by the cited abstracts.</div>'
    return f"<p>{' '.join(parts)}</p>{legend}"


def comparison_table_html(rows: list[dict], turn: int, titles: dict[int, str]) -> str:
    head = "<tr><th>Paper</th><th>Problem</th><th>Approach</th><th>Key result</th></tr>"
    body = "".join(
        f'<tr><td>{link_markers("[%d]" % r["n"], turn, titles)} {esc(r["title"])}</td>'
        + "".join(f'<td>{esc(r.get(col) or "—")}</td>' for col in ("problem", "approach", "result"))
        + "</tr>"
        for r in rows
    )
    return f'<table class="compare"><thead>{head}</thead><tbody>{body}</tbody></table>'


def _split_markdown_table(text: str) -> tuple[list[str], list[str]]:
    """Paragraphs of plain text, and the lines of one Markdown table if the text holds one."""
    paragraphs, table = [], []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        if lines and all(_TABLE_ROW.match(line) for line in lines) and not table:
            table = lines
        else:
            paragraphs.append(" ".join(lines))
    return paragraphs, table


def _cells(line: str) -> list[str]:
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def markdown_table_html(lines: list[str], turn: int, titles: dict[int, str]) -> str:
    rows = [_cells(line) for line in lines if not _TABLE_RULE.match(line)]
    if not rows:
        return ""
    head = "".join(f"<th>{esc(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{link_markers(esc(c), turn, titles)}</td>" for c in r) + "</tr>" for r in rows[1:])
    return f'<table class="compare"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def highlight(abstract: str, evidence: Iterable[str]) -> str:
    """The abstract, escaped, with each evidence sentence wrapped in <mark>."""
    spans = []
    for sentence in evidence:
        start = abstract.find(sentence)
        if start >= 0:
            spans.append((start, start + len(sentence)))
    spans.sort()
    out, pos = [], 0
    for start, end in spans:
        if start < pos:  # overlapping evidence: already inside a mark
            continue
        out.append(esc(abstract[pos:start]))
        out.append(f"<mark>{esc(abstract[start:end])}</mark>")
        pos = end
    out.append(esc(abstract[pos:]))
    return "".join(out)


def _hit_item(hit) -> str:
    return f'<li><span class="src-title">{esc(hit.title)}</span><div class="snippet">{esc(hit.snippet[:300])}</div></li>'


def sources_html(answer: Answer | None, turn: int, papers: dict[str, Paper]) -> str:
    """The sources panel for one answer: cited papers with highlighted evidence, then the rest."""
    if answer is None:
        return '<div class="sources empty">Sources for the latest answer appear here.</div>'
    if answer.refused:
        items = "".join(_hit_item(h) for h in answer.retrieved)
        listing = f"<ul>{items}</ul>" if items else "<p>The collection holds nothing close to this question.</p>"
        return f'<div class="sources refused"><h3>No answer — closest papers</h3>{listing}</div>'
    cards = []
    for c in answer.citations:
        paper = papers.get(c.paper_id)
        abstract = highlight(paper.abstract, c.evidence) if paper else "".join(f"<mark>{esc(e)}</mark> " for e in c.evidence)
        claims = [s for s in answer.sentences if c.n in s.sources]
        claim_items = "".join(
            f'<li class="{"ok" if s.supported else "bad"}">{"✓" if s.supported else "✗"} {esc(s.text)}</li>' for s in claims
        )
        flag = '<span class="badge ok">supported</span>' if c.supported else '<span class="badge bad">unsupported claims</span>'
        date = f'<span class="src-date">{esc(c.published)}</span>' if c.published else ""
        cards.append(
            f'<div class="src-card" id="{anchor(turn, c.n)}">'
            f'<div class="src-head"><span class="src-n">[{c.n}]</span> '
            f'<span class="src-title">{esc(c.title)}</span> {date} {flag}</div>'
            + (f'<ul class="claims">{claim_items}</ul>' if claim_items else "")
            + f'<div class="abstract">{abstract}</div></div>'
        )
    cited = {c.paper_id for c in answer.citations}
    others = [h for h in answer.retrieved if h.paper_id not in cited]
    uncited = ""
    if others:
        items = "".join(_hit_item(h) for h in others)
        uncited = f'<details class="uncited"><summary>Retrieved but not cited ({len(others)})</summary><ul>{items}</ul></details>'
    head = f"<h3>Sources ({len(answer.citations)} cited)</h3>"
    return f'<div class="sources">{head}{"".join(cards)}{uncited}</div>'


def paper_html(paper: Paper | None) -> str:
    """One paper in the corpus tab."""
    if paper is None:
        return '<div class="paper empty">Search, then pick a paper to read its abstract.</div>'
    authors = paper.authors or (f"{paper.n_authors} authors" if paper.n_authors else "")
    meta = [m for m in (paper.published, authors, paper.arxiv_id) if m]
    links = "".join(f"<li>{esc(u)}</li>" for u in paper.code_links)
    return (
        f'<div class="paper"><h3>{esc(paper.title)}</h3><div class="meta">{esc(" · ".join(meta))}</div>'
        f'<p class="abstract">{esc(paper.abstract)}</p>'
        + (f'<div class="code">Code: <ul>{links}</ul></div>' if links else "")
        + f'<div class="meta">id {esc(paper.paper_id)} · from {esc(", ".join(paper.sources))}</div></div>'
    )


def corpus_stats_html(papers: int, chunks: int, per_file: dict[str, int], store: str) -> str:
    rows = "".join(f"<tr><td>{esc(name)}</td><td>{count}</td></tr>" for name, count in sorted(per_file.items()))
    return (
        f'<div class="corpus-stats"><p><strong>{papers}</strong> papers, <strong>{chunks}</strong> chunks in {esc(store)}</p>'
        f"<table><thead><tr><th>Source file</th><th>Papers</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
