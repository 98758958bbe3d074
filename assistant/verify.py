"""Check a generated answer against its sources: valid [n] markers, supported sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.catalog import looks_like_name
from assistant.evidence import split_sentences
from assistant.lexical import tokenize

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_ANY_BRACKET_NUM = re.compile(r"\[\s*[\d,\s]+\]")
_NUM = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class CheckedSentence:
    text: str  # with markers renumbered into final citation numbers
    sources: tuple[int, ...]  # 1-based prompt source numbers it cites (after auto-citation)
    supported: bool
    support: float


def markers(text: str) -> list[int]:
    return [int(n) for group in _MARKER.findall(text) for n in re.split(r"\s*,\s*", group)]


def strip_markers(text: str) -> str:
    # a marker between words ("OCA [1] uses ...") leaves one space, not two
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"(?<=\S)  +(?=\S)", " ", _ANY_BRACKET_NUM.sub("", text))).strip()


def support_score(sentence: str, source_text: str) -> float:
    """Share of the sentence's content terms found in the source; numbers must appear verbatim."""
    terms = set(tokenize(strip_markers(sentence)))
    if not terms:
        return 1.0
    src = set(tokenize(source_text))
    score = len(terms & src) / len(terms)
    numbers = set(_NUM.findall(strip_markers(sentence)))
    if numbers and not numbers <= set(_NUM.findall(source_text)):
        score *= 0.25  # an invented number is the worst kind of unsupported claim
    return score


# a claim that some paper does not do something ("while DyTed and LVM-Med do not"): an abstract rarely says what its
# method lacks, so word overlap cannot support it
_NEGATION = re.compile(r"\b(?:not|neither|nor|never|no longer|lacks?|n't)\b\s*(\w+(?:\s+\w+)?)?", re.I)
FOREIGN_SHARE = 0.2  # share of a sentence's terms that only an uncited source uses, from which it mixes up papers


def foreign_terms(terms: set[str], cited: list[int], source_terms: list[set[str]]) -> set[str]:
    """A sentence's terms that none of its cited sources use but another source does: "POT aligns graphs by graph
    matching [1]" when graph matching is what source [2] does (source_terms: each source's tokens)."""
    own = set().union(*(source_terms[n - 1] for n in cited))
    others = set().union(*(t for i, t in enumerate(source_terms) if i + 1 not in cited))
    return (terms - own) & others


def unverifiable_negation(sentence: str, cited: list[int], source_texts: list[str]) -> bool:
    """A sentence that says papers it names do not do something ("while DyTed and LVM-Med do not"), in words no cited
    source says itself."""
    if len(cited) < 2:
        return False
    for m in _NEGATION.finditer(strip_markers(sentence)):
        said = m.group(0).strip().lower()
        if not any(said in source_texts[n - 1].lower() for n in cited):
            return True
    return False


def invented_names(sentence: str, known: str) -> set[str]:
    """Names in a sentence (acronyms, CamelCase, BT^2) that the known text never writes: "It's also known as the BCA
    algorithm" about a paper that says no "BCA". Like an invented number, an invented name is unsupported whatever
    words the sentence shares with the source."""
    names = {t.strip("-:/.") for t in re.findall(r"[\w^+\-:/.]+", strip_markers(sentence))}
    low = known.lower()
    return {n for n in names if looks_like_name(n)
            and not re.search(r"(?<![a-z0-9])" + re.escape(n.lower()) + r"(?![a-z0-9])", low)}


_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:https?://|www\.)[^)]*\)")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_LIST_MARK = re.compile(r"(?m)^\s*(?:[-*•]|\d+[.)])\s+")
_MD_NOISE = re.compile(r"\*\*|__|^#+\s*", re.M)


def clean_generation(text: str, source_texts: list[str]) -> str:
    """Remove what small models add around an answer: links and URLs absent from the sources, list marks, markdown."""
    allowed = {u.rstrip(".,;)") for s in source_texts for u in _URL.findall(s)}
    text = _MD_LINK.sub(lambda m: m.group(0) if any(a in m.group(0) for a in allowed) else "", text)
    text = _URL.sub(lambda m: m.group(0) if m.group(0).rstrip(".,;)") in allowed else "", text)
    text = _LIST_MARK.sub("", text)
    text = _MD_NOISE.sub("", text)
    return " ".join(text.split()).lstrip(":;,.-–— ")


def _named_sources(sentence: str, source_names: list[list[str]] | None) -> list[int]:
    if not source_names:
        return []
    low = sentence.lower()
    return [
        i + 1
        for i, names in enumerate(source_names)
        if any(re.search(r"(?<![a-z0-9])" + re.escape(n.lower()) + r"(?![a-z0-9])", low) for n in names if len(n) >= 2)
    ]


def strip_titles(text: str, titles: list[str]) -> str:
    """Small models echo a source's "[n] Title" header before the sentence; remove those echoes. A title used as the
    subject of a sentence ("Rare Tokens Degenerate All Tokens tackles ...") stays: without it the sentence has none."""
    for title in sorted(titles, key=len, reverse=True):
        if len(title) >= 12:
            t = re.escape(title)
            end = r"\s*(?:[:\-–]|\.(?=\s|$)|$)\s*"  # a header ends the line or is closed by punctuation
            text = re.sub(r"(?m)(?:\[\d+\]\s*" + t + "|^\\s*" + t + ")" + end, "", text, flags=re.I)
    return text


# "[1] and [2] provide ...", "unlike [2], it ...": a marker standing where the paper's name belongs
_MARKER_AS_NOUN = re.compile(r"(^|[.!?]\s+|\b(?:and|or|while|whereas|than|from|with|unlike|both|in|of|by|to)\s+|,\s*(?=\[\d+\],?\s+and\s))"
                             r"\[(\d+)\](?=,?\s+[a-z]|,\s*\[\d+\])",
                             re.I | re.M)


# "Source [1]" / "paper [2]" name a source by its number alone; "Sources [1] and [2]" name two
_SOURCE_WORD = re.compile(r"\b(the\s+|this\s+|that\s+|each\s+|a\s+|one\s+)?(?<![\w-])(?:source|paper)\s+\[(\d+)\]", re.I)
_SOURCES_WORD = re.compile(r"(?<!the )\b(?:sources|papers)\s+(?=\[\d+\](?:,\s*\[\d+\])*,?\s+and\s+\[\d+\])", re.I)


def name_markers(text: str, display_names: list[str]) -> str:
    """Put the paper's name before a marker used as a sentence's subject or object, which would otherwise leave
    'and provide detailed explanations' once markers move to the end of the sentence."""
    def named(m: re.Match) -> str:
        n = int(m.group(2))
        if not 1 <= n <= len(display_names):
            return m.group(0)
        return f"{m.group(1)}{display_names[n - 1]} [{n}]"

    def source_word(m: re.Match) -> str:  # "Source [2] proposes" -> "MEOW [2] proposes"; "the source [2]" stays
        n = int(m.group(2))
        if m.group(1) or not 1 <= n <= len(display_names):
            return m.group(0)
        return f"{display_names[n - 1]} [{n}]"

    text = _SOURCE_WORD.sub(source_word, _SOURCES_WORD.sub("", text))
    return _MARKER_AS_NOUN.sub(named, text)


def with_markers(c: CheckedSentence) -> str:
    """The sentence with its citation markers before the final punctuation."""
    text = c.text
    if c.sources:
        marks = "".join(f"[{n}]" for n in c.sources)
        text = f"{text[:-1]} {marks}{text[-1]}" if text and text[-1] in ".!?" else f"{text} {marks}"
    return text


def check_answer(
    text: str, source_texts: list[str], threshold: float, max_sentences: int = 6, source_names: list[list[str]] | None = None,
    titles: list[str] | None = None, display_names: list[str] | None = None, question: str = "",
) -> list[CheckedSentence]:
    """Split into sentences; drop markers that point at no source; judge support per sentence.

    A sentence with no valid marker is checked against every source and, when one supports it,
    cited to that source, so the citations always say where a claim comes from.
    """
    out: list[CheckedSentence] = []
    n_sources = len(source_texts)
    seen: set[str] = set()
    source_terms = [set(tokenize(t)) for t in source_texts]  # once per answer, for foreign_terms
    text = name_markers(strip_titles(text, titles or []), display_names or [])
    for sentence in split_sentences(clean_generation(text, source_texts)):
        key = " ".join(tokenize(strip_markers(sentence)))
        if len(strip_markers(sentence).split()) < 3 or key in seen:
            continue  # list debris ("1.") and the repetition loops small models fall into
        seen.add(key)
        if len(out) >= max_sentences:
            break
        cited = [n for n in dict.fromkeys(markers(sentence)) if 1 <= n <= n_sources]
        clean = strip_markers(sentence)
        if not clean:
            continue
        named = _named_sources(clean, source_names)
        if named and not set(named) & set(cited):
            cited = named  # a claim about a named method belongs to that method's paper
        if cited:
            score = max(support_score(clean, source_texts[n - 1]) for n in cited)
            supported = score >= threshold
            if not supported:  # cited the wrong source? accept a better one that does support it
                best = max(range(n_sources), key=lambda i: support_score(clean, source_texts[i]))
                best_score = support_score(clean, source_texts[best])
                if best_score >= threshold:
                    cited, score, supported = [best + 1], best_score, True
            # words of another paper put in this one's mouth, or a claim of what the named papers do not do
            terms = set(tokenize(clean))
            if supported and terms and (len(foreign := foreign_terms(terms, cited, source_terms)) >= 2
                                        and len(foreign) / len(terms) >= FOREIGN_SHARE
                                        or unverifiable_negation(clean, cited, source_texts)):
                supported = False
        elif n_sources:
            best = max(range(n_sources), key=lambda i: support_score(clean, source_texts[i]))
            score = support_score(clean, source_texts[best])
            supported = score >= threshold
            cited = [best + 1] if supported else []
        else:
            score, supported = 0.0, False
        if supported and invented_names(clean, " ".join([question, *(source_texts[n - 1] for n in cited)])):
            supported = False  # a name neither the question nor the sources it cites use
        out.append(CheckedSentence(clean, tuple(cited), supported, round(score, 3)))
    if len(out) > 1 and out[-1].text[-1:] not in ".!?\"')":
        out.pop()  # generation stopped mid-sentence at the token limit
    return out
