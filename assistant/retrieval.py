"""Hybrid search: dense (Chroma) + lexical (BM25) fused by reciprocal rank, aggregated to papers."""

from __future__ import annotations

import functools
import math
import re
import time
from dataclasses import dataclass
from typing import Literal

from assistant.catalog import Catalog, build_catalog
from assistant.chunking import Chunk
from assistant.embeddings import Embedder
from assistant.errors import BadQuestion
from assistant.lexical import tokenize, word_prefixes
from assistant.settings import Settings
from assistant.store import Store

Mode = Literal["hybrid", "dense", "bm25"]
# What a topic says beside itself: a parenthesis, a gloss or examples ("i.e. ...", "such as ..."), or what it is not
# ("rather than one flat picture", "instead of ensembling their outputs"); none of it is what a paper must be about
_ASIDE = re.compile(r"\s*\([^()]*\)|(,\s*(such as|for example|for instance)|,?\s*\b(i\.\s?e\.|e\.\s?g\.|rather than|instead of|as opposed to))"
                    r"(?=[\s,])(?:[^,;:?!().]|\.(?!\s|$))*")
EXACT_DENSE_LIMIT = 200_000  # up to this many chunks, dense search scores every vector exactly (see Retriever._dense)
KEY_WORD_CHUNKS = 8  # a topic word at most this many chunks use names the topic (see key_word_users)
PAIR_SHARE = 0.5  # least rarity weight, as a share of the topic's weightiest word pair, of a pair that names it (says_topic)
QUERY_VECTORS = 64  # recent query texts whose embeddings are kept (Retriever._query_vector)
NAME_WRITERS = 6  # a name in a topic that at most this many papers write picks those papers (see papers_writing)
LEXICAL_LEAD = 1.3  # a paper whose BM25 score is this many times the next paper's leads the hybrid ranking (see search)
TOPIC_WORDS = 16  # most words of a topic's core (Retriever.unwritten_words); more are a whole question's text
COVERAGE_WEIGHT = 0.5  # topic score = dense similarity + this x the share of the topic's (rarity-weighted) words a paper uses


_CONTRAST = re.compile(r",?\s*\b(?:rather than|instead of|as opposed to)\b(?:[^,;:?!().]|\.(?!\s|$))*", re.I)


def without_contrast(question: str) -> str:
    """A question without what it says its subject is not: "merge two transformers by aligning their attention heads,
    rather than just averaging the weights" is not about averaging weights, so those words must not lead the search."""
    return re.sub(r"\s+([?.!,;:])", r"\1", " ".join(_CONTRAST.sub(" ", question).split())) or question


# words that stand in for the topic's things without saying what they are ("replace it with something else")
_FILLER = re.compile(r"\b(?:something|anything|everything|nothing|else|itself|themselves|somehow|whatever)\b")  # not "Segment Anything"


_GENRE_TITLE = re.compile(r"\b(?:survey|review|tutorial|primer|overview)\b", re.I)
_GENRE_ABSTRACT = re.compile(r"\bthis (?:book|survey|review|tutorial|monograph)\b|\bin this article, we (?:survey|review)\b", re.I)


def bare_topic(topic: str) -> str:
    """A topic without its asides (parentheses, glosses, examples and contrasts) or its filler words."""
    return _FILLER.sub(" ", _ASIDE.sub(" ", topic))


_GLOSS = re.compile(r"\b(?:i\.\s?e\.|that is|namely)[,\s]+((?:[^,;:?!().]|\.(?!\s|$))+)", re.I)


_INFLECTION = r"(e|es|s|ed|ing|ings|ion|ions|ation|ations|ate|ates|ated|ating)?"


def _solid_or_hyphenated(terms: set[str], words: set[str]) -> set[str]:
    """The terms a text uses written the other way: a hyphenated term ("warm-up") that it writes solid ("warmup"),
    with that term's parts, or a solid term it writes hyphenated."""
    solid = {w.replace("-", ""): w for w in words if "-" in w}
    used = set()
    for term in terms:
        if "-" in term and term.replace("-", "") in words:
            used |= {term} | (set(tokenize(term.replace("-", " "))) & terms)
        elif term in solid:
            used.add(term)
    return used


def _stem(word: str) -> str:
    """A word's stem, as the lexical index stems it."""
    return (tokenize(word) or [word])[0]


def _pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent content words (stemmed, stop words dropped): "loss of plasticity" -> (loss, plastic). Punctuation
    parts them: "to maximize, the regret: The minimal loss" says no "regret minimization"."""
    return {pair for piece in re.split(r"[.;:!?]\s", text + " ") if len(words := tokenize(piece)) > 1
            for pair in zip(words, words[1:])}


@dataclass(frozen=True)
class Hit:
    """One retrieved paper with its best matching chunk."""

    rank: int
    paper_id: str
    title: str
    score: float
    snippet: str
    dense_similarity: float  # best cosine similarity of any of its chunks to the query (0 if unseen)
    lexical_score: float

    def as_dict(self) -> dict:
        return {"rank": self.rank, "paper_id": self.paper_id, "title": self.title, "score": round(self.score, 5), "snippet": self.snippet}


def _name_form(name: str) -> re.Pattern:
    """A name as a word of its own: "SDXL-Turbo", "Hyper-SDXL" and "WikiText103" write it too; "FastSAM" does not
    write SAM."""
    return re.compile(r"(?<!\w)" + re.escape(name) + r"\d*(?![A-Za-z_])", re.I)


class Retriever:
    """Holds the store, the embedding model and the catalog; one per process."""

    def __init__(self, settings: Settings, store: Store | None = None, embedder: Embedder | None = None):
        self.settings = settings
        self.store = store or Store(settings)
        self.store.require_nonempty()
        self.embedder = embedder or Embedder(settings.embedding_model)
        # one question is embedded for its search, then again for each paper fetched by name (paper_hit): once is enough
        self._query_vector = functools.lru_cache(maxsize=QUERY_VECTORS)(lambda text: tuple(self.embedder.embed_one(text)))
        self.catalog = Catalog.load(self.store.path / "catalog.json") or self._rebuild_catalog()
        self.store.lexical()  # load (or repair) BM25 now, not on the first question
        self.last_ms = 0.0
        self._genre: tuple[int, list[str]] | None = None  # (store generation, its genre papers), see genre_papers

    def _rebuild_catalog(self) -> Catalog:
        catalog = build_catalog(self.store)
        try:
            catalog.save(self.store.path / "catalog.json")
        except OSError:
            pass  # a read-only store still answers; the catalog is rebuilt in memory next time too
        return catalog

    def _dense(self, vector: list[float], n: int) -> list[tuple[str, float]]:
        """The n chunks most similar to the vector, by exact cosine over every stored vector. Chroma's approximate
        (HNSW) query returned a different candidate list in a process with another hash seed, which flipped topical
        plans near their cuts between runs; a few thousand vectors take well under a millisecond to score exactly."""
        import numpy as np

        vectors = self.store.unit_vectors(EXACT_DENSE_LIMIT)
        if vectors is None:
            res = self.store.collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
            return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]
        ids, matrix = vectors
        if not ids:
            return []
        q = np.asarray(vector, dtype=np.float32)
        sims = matrix @ (q / (np.linalg.norm(q) or 1.0))
        order = np.argsort(-sims, kind="stable")[:n]  # ties keep the store's order
        return [(ids[i], float(sims[i])) for i in order]

    def _exact_similarity(self, vector: list[float], paper_ids: list[str]) -> dict[str, float]:
        """Best cosine of each paper's chunks to the query, read from the stored vectors.

        For papers that lexical search found but the approximate dense search did not return:
        without it their similarity would be 0 in one process and real in another (HNSW's
        candidate list varies), and relevance decisions would flip between runs."""
        if not paper_ids:
            return {}
        got = self.store.collection.get(where={"paper_id": {"$in": paper_ids}}, include=["embeddings", "metadatas"])
        best: dict[str, float] = {}
        for emb, meta in zip(got["embeddings"], got["metadatas"]):
            pid = meta["paper_id"]
            sim = float(sum(a * b for a, b in zip(vector, emb)))
            best[pid] = max(best.get(pid, -1.0), sim)
        return best

    def search(self, query: str, k: int | None = None, mode: Mode = "hybrid", boost: dict[str, float] | None = None) -> list[Hit]:
        """Ranked papers for a query; boost adds a fused-score bonus to named papers (catalog matches)."""
        query = query.strip()
        if not query:
            raise BadQuestion("The search query is empty: type a few words to search for.")
        k = k or self.settings.top_k
        t0 = time.perf_counter()
        n = max(self.settings.candidates, k * 4)
        vector = list(self._query_vector(query)) if mode in ("hybrid", "dense") else None
        dense = self._dense(vector, n) if vector is not None else []
        lexical = self.store.lexical().search(query, n) if mode in ("hybrid", "bm25") else []
        fused: dict[str, float] = {}
        for ranking in (dense, lexical):
            for rank, (cid, _) in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.settings.rrf_k + rank + 1)
        sims = dict(dense)
        lex = dict(lexical)
        chunks = self.store.get_chunks(fused)
        best: dict[str, tuple[float, Chunk]] = {}
        dense_best: dict[str, float] = {}
        lex_best: dict[str, float] = {}
        for cid, score in fused.items():
            chunk = chunks.get(cid)
            if chunk is None:  # vector without a paper row (drift); ignore rather than show garbage
                continue
            pid = chunk.paper_id
            dense_best[pid] = max(dense_best.get(pid, 0.0), sims.get(cid, 0.0))
            lex_best[pid] = max(lex_best.get(pid, 0.0), lex.get(cid, 0.0))
            if pid not in best or score > best[pid][0]:
                best[pid] = (score, chunk)
        leader = self._lexical_leader(lex_best) if mode == "hybrid" else None
        if leader is not None and best:
            # fused ranks ignore margins: a paper that alone writes the question's rare words ("a Y-shaped network") sat
            # below papers that share its common ones, because the small embedding model saw none of them
            top = max(score for score, _ in best.values())
            best[leader] = (max(best[leader][0], top + 1e-6), best[leader][1])
        for pid, bonus in (boost or {}).items():
            if pid in best:
                best[pid] = (best[pid][0] + bonus, best[pid][1])
        ranked = sorted(best.items(), key=lambda kv: kv[1][0], reverse=True)
        if mode == "hybrid" and leader is None and not boost:
            # (a swap moves a paper up by one place at most, so the one just past the k kept is all it needs to see)
            ranked = self._near_ties_by_meaning(ranked[: k + 1], dense_best)
        ranked = ranked[:k]
        if vector is not None:
            dense_best.update(self._exact_similarity(vector, [pid for pid, _ in ranked if not dense_best.get(pid)]))
        self.last_ms = (time.perf_counter() - t0) * 1000
        return [
            Hit(i + 1, pid, chunk.title, score, chunk.text.split("\n", 1)[-1], dense_best.get(pid, 0.0), lex_best.get(pid, 0.0))
            for i, (pid, (score, chunk)) in enumerate(ranked)
        ]

    def _near_ties_by_meaning(self, ranked: list, dense_best: dict[str, float]) -> list:
        """Fused ranks ignore margins: of two papers whose fused scores differ by less than one rank step, one below the
        relevance floor in meaning and one above it, the one above goes first ("If a regression model is retrained
        generation after generation on its predecessor's data ...": 'Model Collapse Demystified: The Case of Regression'
        at similarity 0.53, a hair behind an image generator at 0.30 that says 'generation' and 'regressive' often).
        Reorders the list it is given."""
        step = 1.0 / (self.settings.rrf_k + 1) - 1.0 / (self.settings.rrf_k + 2)
        floor = self.settings.min_relevance
        for i in range(len(ranked) - 1):
            (a, (sa, _)), (b, (sb, chunk)) = ranked[i], ranked[i + 1]
            if sa - sb < step and dense_best.get(a, 0.0) < floor <= dense_best.get(b, 0.0):
                # (its score goes just above the other's, so whoever re-sorts by score keeps this order)
                ranked[i], ranked[i + 1] = (b, (sa + 1e-9, chunk)), ranked[i]
        return ranked

    @staticmethod
    def _lexical_leader(lex_best: dict[str, float]) -> str | None:
        """The paper whose BM25 score is at least LEXICAL_LEAD times every other paper's, if one is."""
        ranked = sorted(lex_best.items(), key=lambda kv: -kv[1])[:2]
        if not ranked or ranked[0][1] <= 0:
            return None
        if len(ranked) > 1 and ranked[0][1] < LEXICAL_LEAD * ranked[1][1]:
            return None
        return ranked[0][0]

    def topic_search(self, topic: str, k: int = 10) -> list[tuple[float, float, Hit]]:
        """Papers about a topic ("contrastive learning on graph-structured data"), best first, as (topic score, coverage,
        hit): coverage is the share of the topic's words (weighted by rarity) that its title and abstract use, the score
        its dense similarity plus half that. Fused ranks alone put a paper that shares one rare word above one that is
        about the whole topic."""
        hits = self.search(topic, k=k)
        # coverage counts the topic itself, not its asides: "(scratches, noise, fading and the like)" gives examples
        bare = self.core(topic)
        terms = set(tokenize(bare))
        prefixes = word_prefixes(bare)
        weight = self.store.lexical().idf(terms)
        total = sum(weight.values())
        papers = self.store.get_papers(h.paper_id for h in hits)
        scored = []
        for hit in hits:
            paper = papers.get(hit.paper_id)
            text = (paper.title + " " + paper.abstract).lower() if paper else ""
            words = set(tokenize(text))
            used = {t for t in terms & words  # the word itself, not just its stem ("colorization" is not "color")
                    if t not in prefixes or any(re.search(r"\b" + re.escape(p), text) for p in prefixes[t])}
            used |= _solid_or_hyphenated(terms - used, words)  # "warm-up" where the paper writes "warmup", and back
            coverage = sum(w for t, w in weight.items() if t in used) / total if total else 0.0
            scored.append((hit.dense_similarity + COVERAGE_WEIGHT * coverage, coverage, hit))
        return sorted(scored, key=lambda sch: -sch[0])

    def core(self, topic: str) -> str:
        """What a paper on the topic must say: the topic without its asides, or, when no paper uses any word of it,
        its gloss ("histopathology, i.e. models working on stained tissue slides": no abstract says histopathology)."""
        bare = bare_topic(topic)
        if not tokenize(bare):
            return topic
        if not any(self.store.lexical().idf(set(tokenize(bare))).values()) and (gloss := _GLOSS.search(topic)):
            return gloss.group(1)
        return bare

    def word_coverage(self, phrase: str, paper_id: str) -> float:
        """The share of a phrase's words (weighted by rarity) that one paper's title and abstract use."""
        weight = self.store.lexical().idf(set(tokenize(phrase)))
        total = sum(weight.values())
        paper = self.store.get_papers([paper_id]).get(paper_id)
        if not total or paper is None:
            return 0.0
        words = set(tokenize(paper.title + " " + paper.abstract))
        return sum(w for t, w in weight.items() if t in words) / total

    def known_share(self, topic: str) -> float:
        """The share of a topic's (rarity-weighted) words that some paper uses, a word no paper uses weighing as much
        as the rarest one: "protein structure prediction" is mostly "protein", and no paper says it. Topic coverage
        (topic_search) counts the known words only; times this, it is the share of the whole topic a paper covers."""
        lexical = self.store.lexical()
        weight = lexical.idf(set(tokenize(self.core(topic))))
        total = sum(w or lexical.max_idf for w in weight.values())
        return sum(weight.values()) / total if total else 0.0

    def unwritten_term(self, topic: str) -> str:
        """Two words side by side in a topic's core that no paper writes in any spelling ("homomorphic encryption"),
        '' if none: a term of art the collection never uses. A compound ("slot-based") or a British form
        ("specialised") may be written otherwise, so only plain words count."""
        words = re.findall(r"[\w-]+", self.core(topic).lower())
        return next((f"{a} {b}" for a, b in zip(words, words[1:]) if self._unwritten(a, 6) and self._unwritten(b, 6)), "")

    def unwritten_words(self, topic: str) -> list[str]:
        """The plain words of five letters or more in a topic's core that no paper writes in any spelling ("design
        auctions or other economic mechanisms": "auctions", "economic"). None for a core of more than TOPIC_WORDS words,
        which is a whole question's text rather than a topic, and whose asides use words of their own ("credits")."""
        words = re.findall(r"[\w-]+", self.core(topic).lower())
        return [w for w in dict.fromkeys(words) if self._unwritten(w, 5)] if len(words) <= TOPIC_WORDS else []

    def _unwritten(self, word: str, least: int) -> bool:
        """Whether no paper writes a plain word of at least `least` letters, as it is or in American spelling
        ("optimisers", "colourisation")."""
        stems = tokenize(word)
        if not (re.fullmatch(r"[a-z]{%d,}" % least, word) and len(stems) == 1):
            return False
        american = re.sub(r"our(?=[a-z])", "or", re.sub(r"is(?=e$|es$|ed$|er|ing|ation)", "iz", word))
        forms = {stems[0], re.sub(r"is(?=e?$|ed|ing|ation)", "iz", stems[0]), *tokenize(american)}
        return not any(self.store.lexical().idf(forms).values())

    def key_word_users(self, topic: str, paper_ids: list[str]) -> set[str]:
        """The papers (among paper_ids) that say every rare word of the topic, the words at most KEY_WORD_CHUNKS chunks
        use ("whitening", "degeneracy"), as the topic writes them: such words name the topic, and a paper that says
        them is about it however the rest of its abstract reads. "clicks" is not "click-through rate"."""
        lexical = self.store.lexical()
        floor = math.log(max(len(lexical.chunk_ids), 1) / (1 + KEY_WORD_CHUNKS))
        words = [w for w in dict.fromkeys(re.findall(r"[a-z][a-z0-9]+", self.core(topic).lower()))
                 if (idf := lexical.idf(set(tokenize(w)))) and all(v >= floor for v in idf.values())]
        if not words:
            return set()
        # the word's stem with an inflection ("hallucinating" is "hallucinations", "degeneration" is not "degeneracy"),
        # never inside a compound ("clicks" is not "click-through")
        forms = [re.compile(r"(?<![\w-])" + (re.escape(stem) + _INFLECTION if len(stem := _stem(w)) >= 5 and w.startswith(stem)
                                               else re.escape(w.removesuffix("s")) + r"(s|es)?") + r"(?![\w-])") for w in words]
        papers = self.store.get_papers(paper_ids)
        return {pid for pid, p in papers.items() if all(f.search((p.title + " " + p.abstract).lower()) for f in forms)}

    def papers_writing(self, name: str, limit: int = NAME_WRITERS) -> list[str]:
        """The papers whose title or abstract writes a name as a word of its own ("Places365"; "FastSAM" is not "SAM"), best
        lexical match first; none when more than `limit` do (a common name says nothing about a topic)."""
        papers = self._writers(name, _name_form(name), 4 * limit)
        return papers if len(papers) <= limit else []

    def any_writes_name(self, name: str, paper_ids: list[str]) -> bool:
        """Whether one of these papers' titles or abstracts writes a name as papers_writing reads it."""
        form = _name_form(name)
        return any(form.search(p.title + " " + p.abstract) for p in self.store.get_papers(paper_ids).values())

    def writes_phrase(self, phrase: str) -> bool:
        """Whether some title or abstract writes the words of a phrase in a row, in any case, spaced or hyphenated
        ("Stable Video Diffusion": no paper does, though each word is common)."""
        words = phrase.split()
        form = re.compile(r"(?<![\w-])" + r"[\s-]+".join(map(re.escape, words)) + r"(?![\w-])", re.I)
        return bool(self._writers(phrase, form, 400))

    def _writers(self, query: str, form: re.Pattern, n: int) -> list[str]:
        """The papers, best lexical match first, among the top n chunks for query, whose title or chunk text `form`
        matches (what papers_writing and writes_word look for)."""
        ranked = [cid for cid, _ in self.store.lexical().search(query, n)]
        found = self.store.get_chunks(ranked)  # keyed by chunk id, in the store's order
        return list(dict.fromkeys(c.paper_id for cid in ranked if (c := found.get(cid)) and form.search(c.title + " " + c.text)))

    def genre_papers(self) -> list[str]:
        """The papers that are surveys, reviews, tutorials or books: their titles say so ("...: A Survey"), or their
        abstracts do ("This book ...", "In this survey, ..."); not "we survey many examples" inside a paper's argument."""
        if self._genre is None or self._genre[0] != self.store.generation:
            papers = self.store.get_papers(self.store.paper_hashes())
            self._genre = (self.store.generation, [pid for pid, p in papers.items() if _GENRE_TITLE.search(p.title)
                                                   or _GENRE_ABSTRACT.search(p.abstract)])
        return self._genre[1]

    def writes_word(self, word: str) -> bool:
        """Whether some title or abstract writes the word itself or its plural ("conformal": no, though "conform" is
        written), spelled with -ize or -ise."""
        base = word.lower().removesuffix("s")
        spellings = {base, re.sub(r"is(e|ed|ing|ation)$", r"iz\1", base), re.sub(r"iz(e|ed|ing|ation)$", r"is\1", base)}
        form = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, spellings)) + r")(?:s|es)?(?!\w)", re.I)
        return bool(self._writers(" ".join(spellings), form, 400))

    def says_topic(self, topic: str, paper_ids: list[str]) -> bool:
        """Whether any of these papers says two of the topic's words in a row ("speech recognition", "loss of
        plasticity"): a short topic no abstract phrases names a field the collection does not hold."""
        core = self.core(topic)
        papers = self.store.get_papers(paper_ids)
        solid = re.sub(r"(?<=[a-z])-(?=[a-z])", "", core)  # "warm-up" is said by a paper that writes "warmup"
        return self._says(core, papers) or (solid != core and self._says(solid, papers))

    def _says(self, core: str, papers: dict) -> bool:
        """says_topic for one spelling of the topic's core."""
        pairs = _pairs(core)
        if not pairs:  # a one-word topic ("uncertainty"): some paper says the word
            words = set(tokenize(core))
            return bool(words) and any(words <= set(tokenize(p.title + ". " + p.abstract)) for p in papers.values())
        # a pair of everyday words ("model training" in "apply differential privacy to model training") names no field:
        # a pair counts when its words weigh (by rarity) at least half as much as the topic's weightiest pair
        weight = self.store.lexical().idf({w for pair in pairs for w in pair})
        heft = {pair: weight.get(pair[0], 0.0) + weight.get(pair[1], 0.0) for pair in pairs}
        pairs = {pair for pair, w in heft.items() if w >= PAIR_SHARE * max(heft.values())}
        return any(pairs & _pairs(p.title + ". " + p.abstract) for p in papers.values())

    def paper_hit(self, paper_id: str, query: str, rank: int = 1) -> Hit | None:
        """A Hit for one named paper (used when the catalog resolves an entity directly)."""
        res = self.store.collection.query(
            query_embeddings=[list(self._query_vector(query))], n_results=3, include=["distances"], where={"paper_id": paper_id}
        )
        if not res["ids"][0]:
            return None
        cid, dist = res["ids"][0][0], res["distances"][0][0]
        chunk = self.store.get_chunks([cid]).get(cid)
        if chunk is None:
            return None
        return Hit(rank, paper_id, chunk.title, 1.0, chunk.text.split("\n", 1)[-1], 1.0 - float(dist), 0.0)
