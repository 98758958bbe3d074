"""Grounded answers: retrieve, select evidence, prompt, generate, verify citations, or refuse."""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Iterator

from assistant.compare import Side, comparison_table, table_markdown
from assistant.conversation import Turn, trim_history
from assistant.errors import AssistantError, BadQuestion
from assistant.evidence import select_evidence
from assistant.llm import LLM
from assistant.planning import Plan, Planner
from assistant.prompting import build_messages, refusal_sentence, render, system_prompt
from assistant.retrieval import Hit, Retriever
from assistant.settings import Settings
from assistant.verify import CheckedSentence, check_answer, support_score, with_markers, markers

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Citation:
    n: int
    paper_id: str
    title: str
    evidence: tuple[str, ...]
    supported: bool
    published: str = ""

    def as_dict(self) -> dict:
        return {"n": self.n, "paper_id": self.paper_id, "title": self.title, "evidence": list(self.evidence),
                "supported": self.supported, "published": self.published}


@dataclass(frozen=True)
class Timings:
    retrieval_ms: float = 0.0
    ttft_ms: float = 0.0
    total_ms: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_per_s: float = 0.0


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    refused: bool
    citations: list[Citation]
    retrieved: list[Hit]
    messages: list[dict]
    model: str
    timings: Timings
    sentences: list[CheckedSentence] = field(default_factory=list)
    table: list[dict] = field(default_factory=list)
    standalone_question: str = ""
    notes: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)  # every numbered source shown to the model
    body: str = ""  # the prose of the answer, without the comparison table

    def as_dict(self) -> dict:
        """The `assistant ask --json` contract (also the UI's /ask API)."""
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [c.as_dict() for c in self.citations],
            "retrieved": [{"paper_id": h.paper_id, "title": h.title, "score": round(h.score, 5)} for h in self.retrieved],
            "messages": self.messages,
            "model_path": self.model,
            "timings": {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self.timings).items()},
            "table": self.table,
            "notes": self.notes,
            "standalone_question": self.standalone_question,
            "sentences": [{"text": s.text, "sources": list(s.sources), "supported": s.supported} for s in self.sentences],
        }

    def turn(self) -> Turn:
        names = [c.title.split(":", 1)[0] if ":" in c.title else c.title for c in self.citations]
        return Turn(self.question, self.text, [c.paper_id for c in self.citations], names)


_SUPERSCRIPTS = str.maketrans({c: "^" + d for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")})


def clean_question(question: str, max_chars: int) -> str:
    """Normalise unicode, drop control characters; reject empty and oversized questions."""
    if not isinstance(question, str):
        raise BadQuestion("The question must be text.")
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", question))
    text = " ".join(text.split()).translate(_SUPERSCRIPTS)  # "BT²" and "SL²A-INR" as the papers' TeX writes them: "BT^2"
    if not text:
        raise BadQuestion("The question is empty: type a question about the papers, e.g. 'What is LightGNN?'.")
    if len(text) > max_chars:
        raise BadQuestion(f"The question is {len(text):,} characters long; the limit is {max_chars:,}. Shorten it to the question itself.")
    return text


def _recap(answer_text: str) -> str:
    """An earlier answer as the next prompt carries it: its first two sentences, no table. The model needs it to
    resolve "it", not to repeat it, and every prompt token delays the next first word."""
    prose = answer_text.split("\n\n| Paper |", 1)[0]
    return " ".join(re.split(r"(?<=[.!?])\s+", prose.strip())[:2])


# Qwen sometimes opens with the refusal sentence turned round ("The collection contains an answer to this question.")
_PREAMBLE = "the collection contains an answer to this question."


def _without_preamble(opening: str) -> tuple[str | None, str]:
    """(text still held, text to stream) for an answer's opening: held while it may become the preamble, which is dropped."""
    probe = opening.lstrip().lower()
    if _PREAMBLE.startswith(probe):
        return opening, ""
    if probe.startswith(_PREAMBLE):
        return None, opening.lstrip()[len(_PREAMBLE):].lstrip()
    return None, opening


def answer_body(notes: list[str], sentences: list[CheckedSentence]) -> str:
    """An answer's prose: its notes, then its checked sentences with their citation markers."""
    return " ".join([*notes, *(with_markers(c) for c in sentences)]).strip()


def is_refusal(text: str) -> bool:
    return refusal_sentence().lower().rstrip(".") in text.lower()


class Assistant:
    """Answers questions over one store with one model; create once per process."""

    def __init__(self, settings: Settings, retriever: Retriever, llm: LLM):
        self.settings = settings
        self.retriever = retriever
        self.llm = llm
        self.planner = Planner(settings, retriever)

    # -- planning: which papers, compare or not, refuse or not ----------------------------------
    def plan(self, question: str, history: list[Turn] | None = None, k: int | None = None) -> Plan:
        """The planning step alone, no generation: which papers (the sources), compare or not, refuse or not.

        The evals score retrieval with it; ask_stream runs the same step before the model writes.
        """
        s = self.settings
        question = clean_question(question, s.max_question_chars)
        return self.planner.plan(question, trim_history(list(history or []), s.history_turns), k or s.top_k)

    def warm_up(self) -> None:
        """Read the fixed system prompt into the model once, so the first user does not wait for it
        (llama.cpp reuses the longest common prompt prefix; a 1.1 GB model also pages in here)."""
        try:
            if self.retriever is not None:
                self.retriever.search("warm up the encoder and the index", k=1)
            for _ in self.llm.stream([{"role": "system", "content": system_prompt()}, {"role": "user", "content": "Hello"}],
                                     max_tokens=1, temperature=0.0):
                pass
        except AssistantError:
            pass  # a server that is down is reported on the first real question

    # -- the entry points -----------------------------------------------------------------------
    def ask(self, question: str, history: list[Turn] | None = None, *, k: int | None = None) -> Answer:
        result = None
        for piece in self.ask_stream(question, history, k=k):
            if isinstance(piece, Answer):
                result = piece
        assert result is not None
        return result

    def replay_turn(self, question: str, answer_text: str, history: list[Turn] | None = None, *, k: int | None = None) -> Turn:
        """Rebuild an earlier turn from its text alone (an API client's history): retrieval only, no generation."""
        question = clean_question(question, self.settings.max_question_chars)
        plan = self.planner.plan(question, trim_history(list(history or []), self.settings.history_turns), k or self.settings.top_k)
        # [n] in the earlier answer numbered plan.sources, as long as the index has not changed since
        cited = sorted({n for n in markers(answer_text) if 1 <= n <= len(plan.sources)})
        chosen = [plan.sources[n - 1] for n in cited] or plan.sources
        names = [h.title.split(":", 1)[0] if ":" in h.title else h.title for h in chosen]
        return Turn(question, answer_text, [h.paper_id for h in chosen], names)

    def _side_evidence(self, paper_id: str, abstract: str, question: str):
        """A comparison side's prompt evidence: its best sentences, fewer while they pass the side's token budget."""
        limit = max(1, self.settings.evidence_sentences - 1)
        evidence = select_evidence(paper_id, abstract, question, limit)
        while limit > 1 and self.llm.count_tokens(" ".join(evidence.sentences)) > self.settings.compare_side_tokens:
            limit -= 1
            evidence = select_evidence(paper_id, abstract, question, limit)
        return evidence

    def ask_stream(self, question: str, history: list[Turn] | None = None, *, k: int | None = None) -> Iterator[str | Answer]:
        """Yields text pieces as the model writes them, then the verified Answer."""
        s = self.settings
        t0 = time.perf_counter()
        question = clean_question(question, s.max_question_chars)
        history = trim_history(list(history or []), s.history_turns)
        plan = self.planner.plan(question, history, k or s.top_k)
        retrieval_ms = (time.perf_counter() - t0) * 1000
        if plan.refuse or not plan.sources:
            text = " ".join([refusal_sentence(), *plan.notes])
            yield text
            total = (time.perf_counter() - t0) * 1000
            yield Answer(question, text, True, [], plan.retrieved[:3], [], self.llm.name,
                         Timings(retrieval_ms, total, total), standalone_question=plan.standalone, notes=plan.notes, body=text)
            return

        store = self.retriever.store
        papers = store.get_papers(h.paper_id for h in plan.sources)
        ordered = [h.paper_id for h in plan.sources if h.paper_id in papers]
        # The top paper gets the full evidence budget, the others less: every prompt token delays the first word. A
        # comparison's facts reach the user through its table, quoted from the whole abstracts, so its prompt carries
        # at most two sentences and `compare_side_tokens` tokens per side.
        evidence = {
            pid: self._side_evidence(pid, papers[pid].abstract, plan.standalone) if plan.compare else
            select_evidence(pid, papers[pid].abstract, plan.standalone, s.evidence_sentences if i == 0 else 2)
            for i, pid in enumerate(ordered)
        }
        budget = self.llm.n_ctx - s.max_answer_tokens - 16
        hist_msgs = [m for t in history for m in ({"role": "user", "content": t.question}, {"role": "assistant", "content": _recap(t.answer)})
                     if t.answer]
        asked = plan.standalone
        if plan.absent and not plan.compare:  # "SLD and ESD": the model knows an ESD the sources do not hold
            asked += " " + render("absent", names=", ".join(f"'{a}'" for a in plan.absent),
                                  them="it" if len(plan.absent) == 1 else "them")
        messages, n_used = build_messages(
            asked,
            [(papers[p].title, self._prompt_evidence(evidence[p], plan, len(ordered))) for p in ordered],
            count_tokens=self.llm.count_tokens,
            budget=budget,
            history=hist_msgs,
            sides=[self._prompt_label(sd, papers, ordered) for sd in plan.sides] if plan.compare else None,
        )
        ordered = ordered[:n_used]
        pieces: list[str] = []
        ttft = None
        t_first = None
        held: str | None = ""  # the answer's opening, held back while it may still be the preamble below
        for piece in self.llm.stream(messages, max_tokens=s.max_answer_tokens, temperature=s.temperature):
            if held is not None:
                held, piece = _without_preamble(held + piece)
                if held is not None or not piece:
                    continue
            if t_first is None:
                t_first = time.perf_counter()
                ttft = (t_first - t0) * 1000
            pieces.append(piece)
            yield piece
        if held and held.strip().lower() != _PREAMBLE:  # the whole answer was a prefix of it ("The")
            pieces.append(held)
            yield held
        gen_s = time.perf_counter() - t_first if t_first else 0.0  # tokens/s counts writing, not prompt reading
        raw = "".join(pieces).strip()
        answer = self._finish(question, plan, raw, ordered, papers, evidence, messages)
        usage = getattr(self.llm, "last_usage", {}) or {}
        completion = usage.get("completion_tokens", len(pieces))
        total = (time.perf_counter() - t0) * 1000
        timings = Timings(
            retrieval_ms, ttft if ttft is not None else total, total, usage.get("prompt_tokens", 0), completion,
            (completion - 1) / gen_s if gen_s > 0 and completion > 1 else 0.0,
        )
        yield Answer(**{**answer.__dict__, "timings": timings})

    # -- verification and assembly --------------------------------------------------------------
    def _finish(self, question, plan: Plan, raw: str, ordered, papers, evidence, messages) -> Answer:
        s = self.settings
        source_texts = [papers[p].title + ". " + papers[p].abstract for p in ordered]
        model_refused = is_refusal(raw)
        names = [self._names(p, papers[p].title) for p in ordered]
        checked = [] if model_refused else check_answer(
            raw, source_texts, s.support_threshold, source_names=names, titles=[papers[p].title for p in ordered],
            display_names=[self._display_name(papers[p]) for p in ordered], question=f"{question} {plan.standalone}",
        )
        checked = [c for c in checked if len(c.text) > 2]
        kept = [c for c in checked if c.supported or not s.drop_unsupported]
        if not any(c.supported for c in kept):
            kept = self._extractive(plan, ordered, evidence) + ([] if s.drop_unsupported else kept)
        elif not plan.compare and ordered:
            kept = kept + self._key_quote(kept, evidence[ordered[0]])
        if not plan.compare and ordered and (lead := self._naming_lead(kept, papers[ordered[0]])):
            kept = [lead] + kept
        table = []
        if plan.compare:
            table = comparison_table([(i + 1, papers[p].title, papers[p].abstract) for i, p in enumerate(ordered)], plan.standalone)
        body = answer_body(plan.notes, kept)
        text = body
        if table:
            text += "\n\n" + table_markdown(table)
        cited_numbers = sorted({n for c in kept for n in c.sources} | {row["n"] for row in table})
        citations = []
        for n in cited_numbers:
            pid = ordered[n - 1]
            claims = [c for c in kept if n in c.sources]
            citations.append(Citation(n, pid, papers[pid].title, evidence[pid].sentences,
                                      all(c.supported for c in claims) if claims else True, papers[pid].published))
        sources = [{"n": i + 1, "paper_id": p, "title": papers[p].title, "evidence": list(evidence[p].sentences)} for i, p in enumerate(ordered)]
        return Answer(question, text, False, citations, plan.retrieved, messages, self.llm.name, Timings(),
                      kept, table, plan.standalone, plan.notes, sources, body)

    @staticmethod
    def _prompt_evidence(evidence, plan: Plan, n_sources: int) -> list[str]:
        """A source's evidence in the prompt: all of it, but only its best sentence when more than three sides share a
        comparison (four sides of two sentences are ~550 prompt tokens, 4-6 s before the first word). The user still
        sees every evidence sentence and the table, and verification reads the whole abstracts."""
        if plan.compare and n_sources > 3 and evidence.best:
            return [evidence.best]
        return list(evidence.sentences)

    def _prompt_label(self, side: Side, papers: dict, ordered: list[str]) -> str:
        """How the prompt's instruction names a side: as the question does, but a side found by topic (labelled with
        its whole title, already in the sources above) by its method's name or its title's head, else its number:
        four whole titles repeated cost ~80 prompt tokens (0.7 s before the first word), and the model copies them."""
        pid = side.paper_ids[0] if side.paper_ids else None
        if pid not in papers or side.label != papers[pid].title:
            return side.label
        return self._display_name(papers[pid], fallback=f"source [{ordered.index(pid) + 1}]")

    def _display_name(self, paper, fallback: str | None = None) -> str:
        """How an answer calls a paper: the name it gives its method, else its title's head, else `fallback` or its
        title in quotes."""
        if name := self.retriever.catalog.own_name(paper.paper_id):
            return name
        return paper.title.split(":", 1)[0] if ":" in paper.title else fallback or f'"{paper.title}"'

    def _names(self, paper_id: str, title: str) -> list[str]:
        """How a paper may be named in an answer: its title's leading name and its catalog aliases."""
        names = self.retriever.catalog.names_of(paper_id)
        if ":" in title:
            names.append(title.split(":", 1)[0])
        return sorted(set(names), key=len, reverse=True)

    def _naming_lead(self, kept: list[CheckedSentence], paper) -> CheckedSentence | None:
        """'"<title>" (<method name>) [1].' first, when the answer never says which paper or method it is about."""
        name = self.retriever.catalog.own_name(paper.paper_id)
        body = " ".join(c.text for c in kept).lower()
        head = paper.title.split(":", 1)[0] if ":" in paper.title else paper.title
        if any(n.lower() in body for n in (name, head) if n):
            return None
        extra = f" ({name})" if name and name.lower() not in paper.title.lower() else ""
        return CheckedSentence(f'"{paper.title}"{extra}.', (1,), True, 1.0)

    def _key_quote(self, kept: list[CheckedSentence], ev) -> list[CheckedSentence]:
        """The top paper's most relevant sentence, quoted, unless the answer already says it."""
        said = " ".join(c.text for c in kept if c.supported)
        if not ev.best or support_score(ev.best, said) >= 0.6:
            return []
        return [CheckedSentence(f'In its own words: "{ev.best}"', (1,), True, 1.0)]

    def _extractive(self, plan: Plan, ordered, evidence) -> list[CheckedSentence]:
        """When the model wrote nothing the sources support, quote the best evidence instead."""
        out = []
        limit = len(ordered) if plan.compare else 1
        for i, pid in enumerate(ordered[:limit]):
            sentences = evidence[pid].sentences
            if sentences:
                best = max(sentences, key=len) if plan.compare else (evidence[pid].best or sentences[0])
                out.append(CheckedSentence(best, (i + 1,), True, 1.0))
        return out
