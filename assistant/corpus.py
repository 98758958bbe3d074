"""Parse paper listings (three page-dump layouts, arXiv JSONL, minimal JSONL) into Paper records."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator

SUPPORTED_SUFFIXES = {".txt", ".jsonl", ".json", ".ndjson"}
MAX_TITLE_CHARS = 300
MIN_ABSTRACT_CHARS = 80

_CHROME = re.compile(
    r"^(new|subscribe|daily papers|byak and the research community|"
    r"get trending papers in your email inbox( once a day)?!?|·|•)$",
    re.I,
)
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_DATE = re.compile(rf"^({_MONTHS}) (\d{{1,2}})(?:, (\d{{4}}))?(?:\s+(\d+))?$")
_AUTHORS = re.compile(r"^[•·*-]?\s*(\d+) authors?$")
_URL = re.compile(r"https?://[^\s)\]}>,;]+")


@dataclass
class Paper:
    """One paper: stable id, title, abstract and what the listing told us about it."""

    paper_id: str
    title: str
    abstract: str
    published: str = ""
    n_authors: int | None = None
    code_links: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    arxiv_id: str = ""
    authors: str = ""
    categories: str = ""

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(f"{self.title}\n{self.abstract}".encode()).hexdigest()

    def metadata(self) -> dict:
        """Flat metadata for Chroma (scalars only)."""
        return {
            "paper_id": self.paper_id,
            "title": self.title,
            "published": self.published,
            "n_authors": self.n_authors if self.n_authors is not None else -1,
            "code_links": " ".join(self.code_links),
            "sources": "|".join(self.sources),
            "arxiv_id": self.arxiv_id,
            "content_hash": self.content_hash,
        }


@dataclass(frozen=True)
class Skipped:
    """A piece of input that was not ingested, and why."""

    file: str
    line: int | None
    reason: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "reason": self.reason}


def normalise_title(title: str) -> str:
    """Key used for de-duplication: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def paper_id_for(title: str) -> str:
    return "p" + hashlib.sha1(normalise_title(title).encode()).hexdigest()[:12]


def make_paper(title: str, abstract: str, source: str, **extra) -> Paper:
    title = " ".join(title.split())
    abstract = " ".join(abstract.split())
    links = sorted(set(u.rstrip(".") for u in _URL.findall(abstract)))
    return Paper(paper_id_for(title), title, abstract, code_links=links, sources=[Path(source).name], **extra)


def _parse_date(text: str, year_hint: str | None) -> str:
    m = _DATE.match(text)
    if not m:
        return ""
    month, day, year = m.group(1), int(m.group(2)), m.group(3)
    if not year:
        return f"{month} {day}"  # the page omits the current year; keep what it says
    return datetime.strptime(f"{month} {day} {year}", "%b %d %Y").date().isoformat()


def _is_title(line: str) -> bool:
    return len(line) <= MAX_TITLE_CHARS and not line.endswith((".", "!")) or len(line) < 160


def parse_listing(text: str, source: str) -> tuple[list[Paper], list[Skipped]]:
    """Parse any of the three page-dump layouts: title/abstract pairs among page chrome."""
    papers: list[Paper] = []
    skipped: list[Skipped] = []
    pending_title: tuple[int, str] | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("Subscribe") and len(line) > len("Subscribe"):
            line = line[len("Subscribe"):].strip()  # layout 3 glues the first title to the button
        if not line or _CHROME.match(line):
            continue
        if m := _AUTHORS.match(line):
            if papers and pending_title is None:
                papers[-1].n_authors = int(m.group(1))
            continue
        if _DATE.match(line):
            if papers and pending_title is None and not papers[-1].published:
                papers[-1].published = _parse_date(line, None)
            continue
        if pending_title is None:
            if _is_title(line):
                pending_title = (lineno, line)
            else:
                skipped.append(Skipped(source, lineno, "text without a title line before it"))
            continue
        title_line, title = pending_title
        if len(line) < MIN_ABSTRACT_CHARS and _is_title(line):
            skipped.append(Skipped(source, title_line, f"title without an abstract: {title[:60]!r}"))
            pending_title = (lineno, line)
            continue
        papers.append(make_paper(title, line, source))
        pending_title = None
    if pending_title is not None:
        skipped.append(Skipped(source, pending_title[0], f"title without an abstract: {pending_title[1][:60]!r}"))
    return papers, skipped


def parse_jsonl(text: str, source: str) -> tuple[list[Paper], list[Skipped]]:
    """arXiv metadata snapshot lines, or minimal {"title", "abstract"} lines."""
    papers: list[Paper] = []
    skipped: list[Skipped] = []
    for lineno, line in enumerate(text.split("\n"), start=1):  # not splitlines(): JSON may hold U+2028
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            skipped.append(Skipped(source, lineno, f"malformed JSON: {err.msg}"))
            continue
        if not isinstance(row, dict):
            skipped.append(Skipped(source, lineno, "line is not a JSON object"))
            continue
        title, abstract = row.get("title"), row.get("abstract")
        if not isinstance(title, str) or not title.strip():
            skipped.append(Skipped(source, lineno, "missing or empty 'title'"))
            continue
        if not isinstance(abstract, str) or not abstract.strip():
            skipped.append(Skipped(source, lineno, "missing or empty 'abstract'"))
            continue
        authors = row.get("authors", "")
        if isinstance(authors, list):
            authors = ", ".join(map(str, authors))
        n_authors = len([a for a in re.split(r",| and ", authors) if a.strip()]) if authors else None
        papers.append(
            make_paper(
                title, abstract, source,
                arxiv_id=str(row.get("id", "") or ""),
                authors=str(authors)[:500],
                categories=str(row.get("categories", "") or ""),
                published=str(row.get("update_date", "") or row.get("published", "") or ""),
                n_authors=n_authors,
            )
        )
    return papers, skipped


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:4096]


def parse_file(path: Path) -> tuple[list[Paper], list[Skipped]]:
    """Parse one file; problems come back as Skipped records, never as exceptions."""
    name = str(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return [], [Skipped(name, None, f"unsupported file type {path.suffix or '(none)'!r}; use .txt page dumps or .jsonl")]
    try:
        data = path.read_bytes()
    except OSError as err:
        return [], [Skipped(name, None, f"cannot read file: {err.strerror}")]
    if not data.strip():
        return [], [Skipped(name, None, "file is empty")]
    if _looks_binary(data):
        return [], [Skipped(name, None, "file is binary, not text")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return [], [Skipped(name, None, f"not UTF-8 text (byte {err.start})")]
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"} or text.lstrip().startswith("{"):
        papers, skipped = parse_jsonl(text, name)
    else:
        papers, skipped = parse_listing(text, name)
    if not papers and not skipped:
        skipped = [Skipped(name, None, "no papers found: not a recognised listing layout")]
    return papers, skipped


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Skipped]]:
    """Files to ingest: directories expand to their supported files, sorted."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                skipped.append(Skipped(str(path), None, "directory holds no .txt or .jsonl files"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            skipped.append(Skipped(str(path), None, "no such file or directory"))
    return files, skipped


def merge_papers(batches: Iterable[list[Paper]]) -> list[Paper]:
    """De-duplicate by normalised title, keeping every source file a paper came from."""
    merged: dict[str, Paper] = {}
    for batch in batches:
        for paper in batch:
            seen = merged.get(paper.paper_id)
            if seen is None:
                merged[paper.paper_id] = paper
                continue
            for src in paper.sources:
                if src not in seen.sources:
                    seen.sources.append(src)
            seen.published = seen.published or paper.published
            seen.n_authors = seen.n_authors if seen.n_authors is not None else paper.n_authors
            seen.code_links = sorted(set(seen.code_links) | set(paper.code_links))
            if len(paper.abstract) > len(seen.abstract):
                seen.abstract = paper.abstract
    return list(merged.values())


def parse_corpus(paths: Iterable[Path]) -> tuple[list[Paper], list[Skipped]]:
    """Parse and merge every file under the given paths."""
    files, skipped = expand_paths(paths)
    batches = []
    for file in files:
        papers, problems = parse_file(file)
        batches.append(papers)
        skipped.extend(problems)
    return merge_papers(batches), skipped


def iter_jsonl_batches(path: Path, batch_size: int) -> Iterator[tuple[list[Paper], list[Skipped]]]:
    """Stream a large JSONL file in batches so memory stays bounded."""
    buf: list[str] = []
    start = 1
    with path.open(encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, start=1):
            buf.append(line)
            if len(buf) >= batch_size:
                papers, skipped = parse_jsonl("".join(buf), str(path))
                yield papers, [Skipped(s.file, (s.line or 0) + start - 1, s.reason) for s in skipped]
                buf, start = [], lineno + 1
    if buf:
        papers, skipped = parse_jsonl("".join(buf), str(path))
        yield papers, [Skipped(s.file, (s.line or 0) + start - 1, s.reason) for s in skipped]
