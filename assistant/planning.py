"""Planning an answer: which papers are its sources, whether it compares them, and whether to refuse.

The question's names (catalog), its shape (compare), follow-ups (conversation) and the index (retrieval) decide; no
model is asked. Assistant.ask_stream runs this step before the model writes, and the evals score retrieval with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.catalog import acronym_expansion, looks_like_name, name_key
from assistant.compare import (Side, asking_sentences, counted_sides, described_context, described_lead, described_sides, find_sides,
                               is_baseline, is_comparison, is_topical, lists_papers, names_a_method,
                               only_one_and_other, opening_names, refers_back, sentence_with, side_phrases, title_overlap, word_stems,
                               topic_of)
from assistant.conversation import Turn, asked_part, condense, needs_context
from assistant.corpus import normalise_title
from assistant.evidence import (applied_domains, asked_metrics, asked_quantities, asks_duration, asks_for_figure, asks_which_datasets,
                                counted_things, covers_domain, evaluation_sentences, gives_duration, gives_quantity, mentioned_domains,
                                reports_metric, states_figures, unscored_benchmark)
from assistant.lexical import tokenize
from assistant.retrieval import LEXICAL_LEAD, Hit, Retriever, bare_topic, without_contrast
from assistant.settings import Settings

PROMPT_SOURCES_SEVERAL = 3  # papers quoted for a question that asks about several (see Planner.plan)
TOPIC_SHARE = 0.75  # least topic score, as a share of the best, of a paper that answers a topical question
TOPIC_COVER = 0.5  # least share of the best topical paper's topic-word coverage that another topical paper must reach
TOPIC_FULL = 0.9  # topic-word coverage at which a paper is about the topic whatever its overall similarity ...
TOPIC_FLOOR = 0.15  # ... as long as its similarity reaches this
TOPIC_MIN_COVER = 0.3  # least topic-word coverage of some paper for the collection to hold a topic at all
TOPIC_CLOSE = 0.5  # a paper this similar to a topic is about it, however it words it
TOPIC_SHORT = 6  # a topic of at most this many words names a field: some paper must say it (see Planner._covers)
DESCRIBED_COVER = 0.8  # topic-word coverage at which a described side's best match is its paper (see _resolve_description)
TOPIC_PAPERS = 4  # most papers a topical question is answered with (a row each)
GENRE_PAPERS = 6  # ... except a question for the surveys, reviews or books here, which lists up to this many
ONE_PAPER_COVER = 0.75  # word coverage of every side phrase by the question's best paper at which the "sides" are its notions
TITLED_WORDS = 3  # title words a phrase after "than"/"vs" must say to be a side rather than a baseline (see _titled)
RARE_WORD = 5.5  # the idf of a word written in about two chunks of the index ("mimetic"): see Planner._one_title_says
DOMINANT_COVER, DOMINANT_RATIO = 0.5, 1.6  # a clause's topic-word cover of its best match, and how far ahead of the next's
STRONG_MATCH = 0.55  # a side phrase this similar to a paper's best chunk names that paper
DESCRIBED_WORDS = 5  # content words from which a phrase after "vs" may describe a paper rather than name a generic baseline
LEADER_MARGIN = 0.05  # how far below the relevance floor the paper that leads the search by its rare words may be
ALIAS_MARGIN = 0.15  # how far below the best match a paper named only by an alias may be (see Planner.plan)
_NEW_SUBJECT = re.compile(r"\b(which|what|any|a|another|other) (papers?|methods?|approach(es)?|works?|studies|models?)\b|"
                          r"\b(is|are) there\b|\bin (the|this) collection\b", re.I)
# "concept-ablation paper", "the OPT neuron study": a side called by a few words of its own and its kind
_CALLED_KIND = re.compile(r"^(?:(?!(?:the|a|an|to|of|on|in|for|by|with|according|this|that|these|those|each|both|other)\b)[\w^+-]+\s+){1,4}"
                          r"(?:paper|study|work)$", re.I)
_PICKS_ONE = re.compile(r"\bwhich (one )?of (those|these|them|the (two|three|four|papers|methods))\b|\bwhich one\b"
                        # "Is one of them solving for its classifier in closed form?": the one it fits
                        r"|\b(is|was|does|did) (one|either) of (those|these|them|the (two|three|four|papers|methods))\b", re.I)
_VAGUE = frozenset("up down out both all each either neither well better worse also still really".split())  # no description's content
_DESCRIBED_PHRASE = re.compile(r"^(?:paper|work|study|method|approach|technique|framework|one)\s+(?:(?:that|which)\s+(?=[a-z]+(?:s|ed)\s)|(?=[a-z]+ing\s))")
_RESOLUTION = re.compile(r"\b(\d+)\s*(?:x|×|by|times)\s*(\d+)\b")  # "64x64", "256 × 256", "64 times 64", "512 by 512"
_RELATIVE_CLAUSE = re.compile(r"\s(?:that|which|where|whose|who|when)\s", re.I)  # "a VQ tokenizer where ..."
_GENERIC_SIDE = re.compile(r"^(?:[a-z][\w-]*\s+){0,3}(?:approaches|methods|techniques|models|works|papers)\b(?:\s+(?:discussed|covered|described|here|in\s+(?:the|this)\s+collection)\b.*)?$")
_DEMONSTRATIVE = re.compile(r"\b(this|that|these|those|such|similar)\b", re.I)  # "other papers on this": no topic of its own
_OTHERS = re.compile(r"(?<!\bone )(?<!\beach )\b(other|another|else|besides|apart from|aside from)\b(?! (side|hand)\b)", re.I)  # not "one another"
_SUBJECT_PRONOUN = re.compile(r"\b(it|its|they|their|(this|that|these|those) (paper|method|approach|model|framework|technique|work|one)s?|"
                              r"(?<=\bis )(that|this)|(?<=\bdoes )(that|this)|(?<=\bdid )(that|this))\b", re.I)  # "How is that different from X?"
# A name the question is about, not a passing word, as a regex frame around the escaped name ({0}):
# "the Chinchilla study", "Chinchilla's ratio", "According to Chinchilla"
_SUBJECT_FRAME = r"(?:\b(?:the|according to|in)\s+{0}\b|\b{0}(?:'s|’s)|\b{0}\s+(?:study|paper|model|method|approach|architecture|" \
                 r"layer|network|algorithm|framework|scaling|laws?|benchmark|dataset|loss|technique|system|optimizer|recipe)\b)"

_EXAMPLE_FRAME = r"\b(?:like|such as|e\.g\.,?|as in|unlike|than)\s+(?:the\s+)?{0}\b"  # "an asymmetric network like BYOL"
# "Google's Imagen paper", "the Chinchilla study": a paper by its name
_PAPER_FRAME = r"\b{0}(?:'s|’s)?\s+(?:paper|study|article)\b"

# "How does LoRA reduce ...?", "What is CLIP?", "Which paper introduces LLaMA?", "the LLaMA 3 paper": the question is
# about the name itself, not about a paper that uses it ("Which paper fine-tunes the LoRA weights ...?", "the OPT
# neuron study")
_ABOUT_FRAME = r"(?:^\s*(?:how|why) (?:does|do|did|is|are|was|were|can) (?:[A-Z][\w-]*['’]s\s+)?{0}\b(?![-\w])|^\s*what (?:is|are|was|were) {0}\s*[?.]?$|" \
               r"\b(?:introduc|propos|invent|creat)\w* (?:the )?{0}\b(?![-\w])|\b{0}(?: (?:v?\d[\w.-]*|[IVX]+))? (?:paper|study)\b)"

# "on benchmarks like QM9", "the VeRi-776 dataset", "evaluated on ImageNet-21k", "what reconstruction FVD does", "How much
# does GenHancer improve SigLIP?" (not "OpenAI's CLIP"): where a method was tested
_BENCHMARK_FRAME = r"(?:\b(?:on|like|such as|including|e\.g\.|for)\s+(?:(?:the|an?)\s+)?(?:[A-Z][\w-]*\s+)?{0}\b(?![-\w])|\b{0}\s+(?:benchmarks?|datasets?|data|splits?|tasks?|" \
                   r"challenge|leaderboard)\b|\bwhat\s+(?:[\w-]+\s+)?{0}\s+(?:does|do|did|is|are|was|were)\b|" \
                   r"\bwhat\s+{0}\s+(?:accuracy|scores?|results?|performance|numbers?)\s+(?:does|do|did|is|are|was|were)\b|" \
                   r"\bhow\s+much\s+(?:does|do|did)\s+\S+(?:\s+\S+)?\s+(?:improve|boost|help|raise|lift)\s+{0}\b(?!['’])|" \
                   r"\([^()]*,\s*{0}\s*[,)]|\(\s*{0}\s*,[^()]*\))"  # "which models did it analyze (GPT-2, Pythia, something else)?"


# "the lottery ticket hypothesis", "the Chinchilla scaling laws": a thing the question names by its own words
_NAMED_THING = re.compile(r"\bthe ((?:[\w'-]+ ){1,3}?)(?:hypothesis|theorem|algorithm|method|trick|principle|conjecture|law|effect|"
                          r"paradox|phenomenon|loss|optimizer|estimator|architecture|model|framework|technique|approach|paper|"
                          r"study|benchmark|dataset)s?\b", re.I)

# a topic that is a kind of publication: "are survey, review or overview-style works", "survey papers", "surveys of X"
# "Which surveys or reviews are in the collection?": a genre asked for by name, before any topic
_GENRE_KIND = r"(?:survey|review|overview|tutorial|book|primer|textbook)"
_ASKS_GENRE = re.compile(rf"^\W*(?:which|what|any)\s+({_GENRE_KIND}s?(?:(?:\s*,\s*|\s+or\s+|\s+and\s+){_GENRE_KIND}s?)*)\b"
                         r"(?!\s+(?:of|on|about)\b)", re.I)
_GENRE_PLURAL = re.compile(rf"\b(?:{_GENRE_KIND}s|papers|works|articles)\b")  # "Which surveys ...?", not "Is there a survey of X?"
_GENRE = re.compile(r"^(?:(?:are|is)\s+)?(?:(?:an?|the|any)\s+)?(?:" + _GENRE_KIND + r"s?"
                    r"(?:[-\s](?:style|papers?|articles?|works?))*(?:\s*,\s*|\s+or\s+|\s+and\s+|(?=\W|$)))+"
                    r"(?=\s*(?:$|[(,?]|(?:rather|of|on|about|covering|in|here|that|which|there)\b))", re.I)  # not "Survey what ..."
# what a question has papers use ("use conformal prediction to ...", "applying knowledge distillation for ...")
_USED_THING = re.compile(r"\b(?:use[sd]?|using|apply|applies|applied|applying|employ(?:s|ed|ing)?)\s+(?!(?:that|this|these|those|it|its|them|their)\b)((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)"
                         r"(?=\s+(?:to|for|in|on|and|with|as)\b|\s*[,?.])")
# what a count of people is written as ("how many people took part": "a user study with 85 participants")
_PEOPLE = r"people|persons?|participants?|users|subjects|raters?|annotators?|volunteers?|evaluators?|humans|workers"  # not "user study"
# a dataset's or model's name with a number in it ("Places365", "MSR-VTT10k"), not "2D", "text-to-3D" or "MRI"
_DATASET_NAME = re.compile(r"(?=[\w-]*[A-Za-z]{3})[\w-]*[A-Za-z]\d+[\w-]*")
# "the Cauchy-Schwarz divergence information bottleneck paper": up to seven words that may call a paper by its title
# (not one a clause goes on to describe: "the single-source domain generalization work that transforms ...")
_CALLED = re.compile(r"\bthe\s+((?:[\w^+-]+\s+){2,6}[\w^+-]+)\s+(?:paper|work|study|article)\b(?!\s+(?:that|which|whose|where)\b)", re.I)
_CALLED_COMPOUND = re.compile(r"\bthe\s+([a-z]+(?:-[a-z]+){2,})\s+(?:approach|method|technique)\b", re.I)
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]{3,}(?![\w'’-])")  # "Cityscapes" inside a topic: a proper noun ...
_DATA_FRAME = r"\b{0}\s+(?:experiments?|results?|benchmarks?|datasets?|data|scores?)\b|\bon\s+{0}\b"  # ... of a dataset
# "ImageNet at 64x64", "64x64 ImageNet": a dataset at a resolution, which abstracts write "ImageNet64", "ImageNet-64" or
# "ImageNet 64 times 64"
_AT_RESOLUTION = re.compile(r"\b([A-Z][A-Za-z]*[A-Z][\w]*|[A-Z][a-z]+)\s+(?:(?:at|with|of|in)\s+)?(\d{2,4})\s*(?:x|×|times)\s*\2\b"
                            r"|\b(\d{2,4})\s*(?:x|×|times)\s*\3\s+([A-Z][A-Za-z]*[A-Z][\w]*)")


def _resolution_names(text: str) -> list[str]:
    """How abstracts write the datasets at a resolution that a text names ("ImageNet at 64x64" -> "ImageNet64",
    "ImageNet-64", "ImageNet 64")."""
    out = []
    for m in _AT_RESOLUTION.finditer(text):
        name, size = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        out += [f"{name}{size}", f"{name}-{size}", f"{name} {size}"]
    return out


# a capitalised word the topic frames as data or as a namesake ("report Cityscapes experiments", "named after Cauchy"); not
# "with Bayesian optimization", a method
_NAMED_FRAME = _DATA_FRAME + r"|\b(?:named after|called)\s+{0}\b"
# "use T5", "run experiments on Google's JFT data": a short name the topic has the papers use
_USED_FRAME = _NAMED_FRAME + r"|\b(?:use[sd]?|using|employ\w*|with)\s+{0}\b|['’]s\s+{0}\b" + (
    r"|\b(?:build(?:s|ing)?\s+on|built\s+on|extend(?:s|ed|ing)?|take[sn]?|took|start(?:s|ed|ing)?\s+from|adapt(?:s|ed|ing)?)\s+{0}\b"
    r"|\b{0}\s+itself\b")  # "take VAR itself as the starting point", "build on CLIP"
_BOTH_TURNS = re.compile(r"\b(?:both of (?:them|these|those)|both (?:papers|works|methods|approaches)|the two of them|each of (?:them|the two))\b", re.I)
_KIND_OF_MODEL = re.compile(r"[A-Z]{2,}s")  # "ODEs", "GANs", "LLMs": a kind of model, not one model's name
_MEASURE_WORDS = {"size", "sizes", "number", "numbers", "amount", "count", "rate", "rates", "value", "values", "ratio"}


_MAGNITUDE = re.compile(r"\b\d[\d,.]*\s*[kKmMbB]\b|\b(?:thousands?|millions?|billions?|trillions?)\b|\b\d{1,3}(?:,\d{3})+\b")


def _figure_head(thing: str) -> str:
    """The word a figure is of: "GPU hours" -> "hours", "LoRA rank" -> "rank"; "batch size" -> "batch" (a measure word
    says what kind of figure, not what of: "4x larger mini-batches" gives the batch size)."""
    words = thing.split()
    return words[-2] if len(words) > 1 and words[-1].lower() in _MEASURE_WORDS else words[-1]


def _written_as(head: str) -> str:
    """How an abstract writes the thing a figure is of: the word itself or its plural, or any word for people."""
    word = head.lower().removesuffix("s")
    if re.fullmatch(_PEOPLE, head, re.I):
        return r"\b(" + _PEOPLE + r")\b"
    return r"\b" + re.escape(word) + r"(e?s)?\b"


# a number as an abstract writes one ("7", "1.5B", "ten", "hundreds of")
_A_NUMBER = (r"(?:\d[\d,.]*\s*(?:[kKmMbB]\b|x\b|×|\+|%)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
             r"thirty|fifty|dozens?|hundreds?|thousands?|millions?|billions?|single)\b)")


def _counted_in(head: str, text: str) -> bool:
    """Whether a text gives a count of the thing `head` matches: a number a few words before it ("7 quantitative
    metrics", "three challenging real-world domain generalization tasks", "4x larger mini-batches") or after it ("a
    rank of 4", "layers (e.g., 50+)", "IPC (Images Per Class) 50"), not the word alone ("artistic painting styles" gives no number of styles)."""
    return re.search(_A_NUMBER + r"[\s-]*(?:[\w-]+\s+){0,5}?(?:\w+-)*" + head, text, re.I) is not None or re.search(
        head + r"(?:\s+|\s*\(\s*(?:e\.g\.|i\.e\.)?,?\s*)(?:[\w-]+\)?\s+){0,3}?" + _A_NUMBER, text, re.I) is not None


def _framed(frame: str, question: str, name: str) -> bool:
    """The question uses the name inside the frame (_SUBJECT_FRAME, _ABOUT_FRAME)."""
    return re.search(frame.format(re.escape(name)), question, re.I) is not None


_LINKS = frozenset("of for in on the and with to via a an".split())


def _quotes_title(question: str, title: str) -> bool:
    """The question repeats two or more content words of the title in a row ("the paper on loss of plasticity")."""
    words = re.findall(r"[a-z0-9][a-z0-9^+-]*", question.lower())
    low = title.lower()
    for n in (4, 3, 2):
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if run[0] in _LINKS or run[-1] in _LINKS or sum(w not in _LINKS for w in run) < 2 or len("".join(run)) < 10:
                continue
            if re.search(r"(?<![\w-])" + re.escape(" ".join(run)) + r"(?![\w-])", low):
                return True
    return False


# "Is there work on Z?", "Does the collection include Z?": a question whether the collection holds something
_EXISTS = re.compile(r"\s*((is|are) there|(does|do) (the|this|your) collection (have|hold|contain|include|cover)|do you have|"
                     r"(has|have) any(one|body)( (in (the|this) collection|here))? (used|applied|tried|done|looked|worked|studied|proposed)|"
                     r"(does|do) any(thing| (papers?|works?|studies|study|methods?))|any(thing| (papers?|works?|studies|research))"
                     r"( ((in )?here|in (the|this) collection))? (on|about|for|that)|what(’s|'s| is) (available|there) (here|in (the|this) collection)|"
                     r"(which|what) ([\w-]+ ){0,3}?(paper|work|study|method|approach|model|technique) ((in )?here|in (the|this) collection)|"
                     r"any ([\w-]+ ){1,8}?(papers?|work|research|studies) ((in )?here|in (the|this) collection))\b", re.I)  # "Which paper here evaluates ...?"
_OFFERS = re.compile(r"\bwhat (?:does|do|can) (?:the|this|your) collection (?:offer|have|hold|contain)\b"
                     r"|\b(?:does|do) (?:the|this|your) collection (?:propose|offer)\b", re.I)  # "What ... schemes does the collection propose?"


def _asks_exists(question: str) -> bool:
    """Whether a sentence of the question asks if the collection holds something ("Our recommender fails for new users.
    What does this collection offer for the cold-start problem?")."""
    return bool(_EXISTS.match(question) or _OFFERS.search(question))


_SEVERAL = re.compile(r"\b(which|what|any|other|several|multiple|all|some|the) (papers|methods|approaches|works|studies|techniques)\b"
                      # "which representation-learning or anomaly-detection methods in this collection ..."
                      r"|\b(which|what) [\w-]+-[\w-]+ (or|and) [\w-]+-[\w-]+ (papers|methods|approaches|works|studies|techniques)\b"
                      r"|\bpapers\b|\b(the|these|those) (two|three)\b(?!-)(?! (go|goes|going) (together|hand in hand)\b| are (related|linked|correlated)\b)"
                      # ("those two classification problems", "the two views it contrasts": two things of one paper's)
                      r"(?!\s+(?:[\w-]+\s+){1,2}(?:it|the paper|this paper|the method)\s+[a-z]+s\b)"
                      r"(?!\s+(?:[\w-]+\s+)?(?:problems?|tasks?|datasets?|benchmarks?|settings?|steps?|stages?|losses|terms?|"
                      r"components?|modules?|phases?|kinds?|types?|experiments?|objects?|shapes?|images?|modalities|domains?)\b)"
                      # "Anything here on Z?", "What has been done on Z?", "What's in the collection on Z?": its papers on Z
                      # ("Is there work on Z?" stays a question about one paper unless it asks how they differ)
                      r"|\banything (here |in (the|this) collection )?(on|about)\b|\bwhat ha(s|ve) been (done|published|proposed)\b"
                      r"|\bwhat(’s|'s| is) (there )?(here|in (the|this) collection)\b|\bwhat(’s|'s| is) available\b", re.I)


# a lower-cased quoted run after "the" that a title may hold ("the 'patient and consistent' distillation recipe"; see
# _titled_phrases)
_QUOTED_WORDS = re.compile(r"(?<=\bthe )['‘\"“]([a-z][\w-]*(?:\s+[\w-]+){2,5})['’\"”](?!\w)")
# a quoted phrase that may be a title; a lower-cased one only when long ("the 'simple baseline that questions the use of
# pretrained models in continual learning'"), as "the 'pure attention loses rank' paper" is a nickname, not the title
# (which _QUOTED_WORDS reads only when one of its closest titles holds it)
_QUOTED = re.compile(r"(?<!\w)[\"“'‘]([A-Z][^\"”’]{8,150}?|[a-z][^\"”’'\s]*(?:\s+[^\"”’'\s]+){6,})[\"”’'](?!\w)")
# "Stable Video Diffusion", "Visual Genome", "Tree of Thoughts"
_CAPITALISED_RUN = re.compile(r"(?<![\w\"“'‘-])((?:[A-Z][a-z][\w^+-]*\s+(?:(?:of|for|in|on|and|to)\s+)?){1,4}[A-Z][a-z][\w^+-]*)(?![\w-])")
_TITLE_CASE = re.compile(r"(?<![\w\"“'‘])((?:[A-Z][\w^+-]*\s+){2,}[A-Z][\w^+-]*)")  # "the Platonic Representation Hypothesis"
# "P2 (Perception Prioritized Training)": a name glossed by (part of) its paper's title
_GLOSSED = re.compile(r"\b([A-Za-z][\w^+-]*)\s+\(([A-Z][\w-]*(?:\s+[\w-]+){1,12})\)")


_ASKS_PAPERS = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:papers|works|studies|methods|approaches)\b", re.I)  # several
_QUOTED_TERM = re.compile(r"(?<!\w)['‘\"“][\w-]+(?:\s+[\w-]+){0,3}['’\"”](?!\w)")  # "'Erasing' means two different things"


def _listed_together(question: str, one: str, other: str) -> bool:
    """Whether two phrases stand side by side in a list ("Score Implicit Matching, f-distill and EM Distillation")."""
    between = r"\W{0,3}\s*(?:,\s*(?:and|or)?|and|or)\s+(?:(?:the|a|an)\s+)?\W{0,3}"
    a, b = re.escape(one), re.escape(other)
    question = re.sub(r"\s*\([^()]*\)", "", question)  # "LV-HBA (the proximal ... algorithm) and the ..."
    return re.search(rf"{a}{between}{b}|{b}{between}{a}", question, re.I) is not None


def _asks_about_another(question: str, last: Turn, history: list[Turn]) -> bool:
    """Whether a follow-up opens with "the other ..." and says what that other paper is, after a turn about one paper:
    "And the other hierarchical one, the one built around low-resolution tokens: what does it add?" ("it" is the other
    one). Not after two papers, where "the other one" is the other of those ("Is either of them aimed at slots?" "And the
    other one, ..."), nor when it says only what the other one is not ("the one that isn't about slots")."""
    if not re.match(r"\W*(?:(?:and|but|what about|how about)\s+)?the other\b(?!\s+(?:hand|side|way)\b)", question, re.I):
        return False
    if len(last.paper_ids) != 1 or any(len(t.paper_ids) > 1 for t in history[-2:]):
        return False
    said = re.search(r"\bthe one\s+(\w[^:?]*)", question, re.I)
    return bool(said) and not re.search(r"\b(?:not|isn['’]t|doesn['’]t|aren['’]t|don['’]t)\b", said.group(1), re.I)


def _phrase_against_clause(phrases: list[str], clauses: list[str]) -> bool:
    """Whether a question sets one side phrase against one described side ("Dual-head KD vs that distillation study which
    says ..."): two sides, though neither list alone has two."""
    return len(phrases) == 1 and len(clauses) == 1 and clauses[0] not in phrases[0] and phrases[0] not in clauses[0]


def _taken(sides: list[Side]) -> set[str]:
    """The papers the sides found so far stand for."""
    return {p for sd in sides for p in sd.paper_ids}


@dataclass
class Plan:
    """What an answer will rest on: its sources (and the ranked papers behind them), its sides when it compares, the
    notes the user sees (a missing side, why it refuses), and whether to refuse without asking the model."""

    standalone: str
    sources: list[Hit]
    retrieved: list[Hit]
    sides: list[Side]
    compare: bool
    notes: list[str]
    refuse: bool
    absent: tuple[str, ...] = ()  # sides the question names that no source is ("ESD" beside SLD): the model must not describe them


class Planner:
    """Plans answers over one index; create once per process (Assistant holds one)."""

    def __init__(self, settings: Settings, retriever: Retriever):
        self.settings = settings
        self.retriever = retriever

    def plan(self, question: str, history: list[Turn], k: int) -> Plan:
        """The plan for a cleaned question, its trimmed history and k papers to retrieve."""
        cat = self.retriever.catalog
        mentions = [(surface, self._closer_first(surface, ids, question)) for surface, ids in cat.find_mentions(question)]
        unknown = cat.unknown_names(question)
        strangers = cat.unknown_names(question, proper_nouns=True)  # also Capitalised words no paper uses ("Chinchilla")
        own_names = [(surface, ids) for surface, ids in mentions if self._is_own_name(surface, ids[0])]
        standalone, carried, excluded, mentions = self._in_context(question, history, mentions, unknown, own_names)
        # "gain over REPA", "versus DDIM": a baseline is not the subject, so it neither leads the search nor becomes a source
        mentioned = [ids[0] for surface, ids in mentions if not is_baseline(question, surface)]
        # Only a paper's own name leads the ranking; an alias ("FLOPs", spelled out in one abstract) has to earn it below.
        own = {ids[0] for _, ids in own_names}
        hits = self.retriever.search(without_contrast(standalone), k=k + len(excluded), boost={pid: 1.0 for pid in mentioned + carried if pid in own or pid in carried})
        hits = [h for h in hits if h.paper_id not in excluded][:k]
        by_id = {h.paper_id: h for h in hits}
        for pid in mentioned + carried:  # a named paper always reaches the sources, even if search ranked it low
            if pid not in by_id and (hit := self.retriever.paper_hit(pid, standalone)):
                by_id[pid] = hit
        # A name that is only an alias (a word in some title or abstract) counts when that paper is on topic.
        # It must also be near the best match: "FLOPs" in a question about TransKD should not bring in the one
        # abstract that says FLOPs (0.39 against TransKD's 0.75), while "MiniGPT-4" names the paper the question is about.
        best = max((h.dense_similarity for h in hits), default=0.0)
        named = [p for p in dict.fromkeys(mentioned + carried)
                 if p in carried or p in own
                 or by_id.get(p) and by_id[p].dense_similarity >= max(self.settings.min_relevance, best - ALIAS_MARGIN)]
        notes: list[str] = []
        absent: list[str] = []
        titled = self._titled_phrases(question)  # each is a search: found once, read by _compares and _named_sides
        compares = self._compares(question, standalone, mentions, unknown, carried, own_names, titled)
        if compares and not mentions and not carried and (unheard := self._unheard_subjects(question)):
            # "What update rule does the Lion optimizer use, and how does it compare with AdamW?": its subject is here
            # under no name and no word, so there is no side to answer for
            return self._unheard(standalone, unheard, hits, notes)
        if compares:
            plan = self._plan_comparison(question, standalone, history, carried, hits, by_id, set(strangers), notes, absent, titled)
            if plan is not None:
                return plan
        scored = {h.paper_id for h in hits} | set(named)  # a paper fetched by name alone has no search score to rank by
        ranked = sorted(by_id.values(), key=lambda h: (h.paper_id not in named, h.paper_id not in scored, -h.score))
        if not named and not carried and (described := self._described_paper(question, ranked)):
            ranked = [described] + [h for h in ranked if h is not described]
        top_sim = self._top_similarity(standalone, ranked, named)
        refusal = self._refusal(question, standalone, ranked, named, carried, unknown, strangers, notes, own, top_sim)
        if refusal is not None:
            return refusal
        if not named and (titled := self._titled_below_floor(question, ranked, top_sim)):
            named = [titled.paper_id]
        return self._plan_plain(standalone, ranked, named, own, carried, excluded, by_id, notes, absent, top_sim)

    def _closer_first(self, surface: str, ids: list[str], question: str) -> list[str]:
        """The papers a name may mean, the one it names (its own name) first, else the one closer to the question:
        "IBP" is written by two certified-training papers; "does driving the IBP bounds tighter guarantee ..." asks the
        one about tightness."""
        if len(ids) < 2:
            return ids
        own = [pid for pid in ids if self._is_own_name(surface, pid)]
        if len(own) == 1:
            return own + [pid for pid in ids if pid not in own]
        sims = {pid: (h.dense_similarity if (h := self.retriever.paper_hit(pid, question)) else 0.0) for pid in ids}
        return sorted(ids, key=lambda pid: -sims[pid])

    def _in_context(self, question: str, history: list[Turn], mentions, unknown, own_names):
        """The question made standalone with the conversation so far: (standalone question, papers carried over from the
        last turn, papers excluded from the answer, the mentions that still count)."""
        standalone, carried, excluded = question, [], set()
        if not history:
            return standalone, carried, excluded, mentions
        last = history[-1]
        if not last.paper_ids and len(history) >= 2 and history[-2].paper_ids and needs_context(last.question, False):
            # "What benchmarks did it report results on?" was refused (its abstract names none), and "Did they try it on
            # any other kind of task?" follows: both are about the paper of the turn before
            last = Turn(last.question, last.answer, history[-2].paper_ids, history[-2].names)
        opens_other = _asks_about_another(question, last, history)
        if last.paper_ids and not (own_names or unknown) and _OTHERS.search(question) and (not _SUBJECT_PRONOUN.search(question) or opens_other):
            # "Are there other papers on this?": the last turn's topic, but papers besides the last turn's ("What other
            # approaches exist for image colorization?" has a topic of its own)
            if _DEMONSTRATIVE.search(question) or len(question.split()) <= 4:
                standalone = condense(question, last)
            excluded = set(last.paper_ids)
        elif needs_context(question, bool(own_names or unknown)):
            # "Which drawbacks of standard CFG does it claim to fix?": "it" is the last turn's paper; a word such as
            # "CFG" that is no paper's own name is the topic, not a second subject
            if len(last.paper_ids) > 1 and _PICKS_ONE.search(question):
                # "Which one of those morphs between two textured objects?": the one of the last turn's papers it fits best
                fit = {pid: h.dense_similarity for pid in last.paper_ids if (h := self.retriever.paper_hit(pid, question))}
                pick = max(last.paper_ids, key=lambda pid: fit.get(pid, -1.0))
                last = Turn(last.question, last.answer, [pick], [n for p, n in zip(last.paper_ids, last.names) if p == pick])
            elif len(last.paper_ids) == 1 and len(history) >= 2 and _BOTH_TURNS.search(question) and (
                    before := [p for p in history[-2].paper_ids[:1] if p not in last.paper_ids]):
                # "Which paper shows X?" "And which one does Y?" "Both of them worry that ...": the last two turns' papers
                names = history[-2].names[:1] + last.names[:1]
                last = Turn(last.question, last.answer, before + last.paper_ids, names)
            standalone = condense(question, last)
            carried = last.paper_ids
            mentions = own_names
        elif last.paper_ids and len(own_names) + len(unknown) == 1 and _SUBJECT_PRONOUN.search(question) \
                and is_comparison(question):
            # "How does it compare with OCA?": one side is named (or named and missing), "it" is the last turn's paper
            standalone = condense(question, last)
            carried = last.paper_ids[:1]
        elif last.paper_ids and unknown and not own_names and _SUBJECT_PRONOUN.search(question) and all(
                _framed(_EXAMPLE_FRAME, question, u) for u in unknown):
            # "Does it need an asymmetric network like BYOL?": "it" is the last turn's paper; a name given as an example
            # of something it may need is no subject of its own
            standalone = condense(question, last)
            carried = last.paper_ids
            mentions = own_names
        elif last.paper_ids and not (mentions or unknown) and self._implicit_follow_up(question, last):
            standalone = condense(question, last)
            carried = last.paper_ids
        return standalone, carried, excluded, mentions

    @staticmethod
    def _compares(question: str, standalone: str, mentions, unknown, carried, own_names, titled: list[str]) -> bool:
        """Whether the question compares papers: topical ("What methods here address Z?"), counted ("the two papers"),
        or comparison-shaped with two sides named, described or carried over."""
        # "How does it relate to the work that corrects ...?": the last turn's paper against a described one
        clauses = described_sides(question, minimum=1)
        against_described = bool(carried or own_names or opening_names(question)) and bool(clauses)
        # "Is MemoryFormer's trick ... the same idea as the semi-parametric image synthesis work that ...?": a name and a
        # phrase that is not that name
        all_phrases = side_phrases(question)
        phrases = [p for p in all_phrases if not any(m.lower() in p.lower() for m, _ in mentions)]
        named_and_phrase = len(mentions) == 1 and not carried and len(phrases) >= 1
        # "'Erasing Concepts from Diffusion Models' claims ... Does the paper on circumventing concept erasure support
        # that, and does FreezeAsGuard ...?": papers referred to by their own names, quoted titles or "the paper on ...",
        # two or more, are all asked about whatever the question's shape
        own = [surface for surface, _ in own_names if not is_baseline(question, surface)]  # "gain over REPA" is no subject
        # "the deep kernel machines paper": a name that is no paper's own, which the question calls a paper
        own += [surface for surface, _ in mentions if surface not in own
                and re.search(r"(?<![\w-])" + re.escape(surface) + r"\s+(?:paper|work|study)\b", question)]
        titled = [t for t in titled if not any(x.lower() in t.lower() or t.lower() in x.lower() for x in own)]
        # "the Receler paper on concept erasing", "the 'Reduce, Reuse, Recycle' paper puts ...": a name and its own description
        self_described = sum(bool(re.search(re.escape(x) + r"['’\"”]?\s+(?:paper|work|study|method|approach|model)\b", question))
                             for x in own + titled)
        described = max(0, len(clauses) - self_described)
        # ("The pure-attention rank collapse paper and 'Do Language Models Use Their Depth Efficiently?' both argue ...": a
        # paper called by its words and kind is referred to as well)
        called = [p for p in all_phrases if _CALLED_KIND.match(p) and not any(p.lower() in t.lower() for t in titled)]
        referred = len(own) + len(titled) + described + len(called) >= 2 and bool(own or titled)
        # "... in 'Breaking Symmetry When Training Transformers' versus Hyper-Connections?": a quoted title against a
        # name, even one that reads like a baseline after "versus"
        named_and_phrase = named_and_phrase or len(mentions) == 1 and not carried and any(
            mentions[0][0].lower() not in t.lower() for t in titled)
        # "One paper says random negatives can share the anchor's label ...; another manufactures harder negatives ...":
        # two papers described as one and another are compared whatever else the question asks
        one_and_another = not carried and len(clauses) >= 2 and only_one_and_other(question)
        phrase_and_clause = _phrase_against_clause(all_phrases, clauses)
        return is_topical(question) or counted_sides(question) > 0 or referred or one_and_another or (is_comparison(standalone) or lists_papers(question)) and (
            phrase_and_clause or
            len(mentions) + len(unknown) + len(carried) >= 2 or len(all_phrases) >= 2 or against_described or named_and_phrase)

    def _described_paper(self, question: str, ranked: list[Hit]) -> Hit | None:
        """The paper the one side a plain question describes is ("Is there a one-step diffusion distillation method that
        generalizes variational score distillation beyond reverse KL?"): among the question's three best matches, the one
        whose abstract says nearly every word of the clause, when it is on topic. The whole question's meaning may put a
        neighbour first (EM distillation, also one-step); the clause's rare words ("reverse KL") say which."""
        clauses = described_sides(question, minimum=1)
        if len(clauses) != 1 or len(tokenize(clauses[0])) < DESCRIBED_WORDS or not _EXISTS.match(sentence_with(question, clauses[0])):
            return None  # (only the paper asked for: "Is there a ... method that ...", not the asker's model "whose latent is ...")
        top = {h.paper_id: h for h in ranked[:3]}
        found = self.retriever.topic_search(clauses[0], k=5)
        if found and found[0][1] >= DESCRIBED_COVER and found[0][2].paper_id in top and \
                found[0][2].dense_similarity >= self.settings.min_relevance:
            return top[found[0][2].paper_id]
        return None

    def _refusal(self, question: str, standalone: str, ranked: list[Hit], named: list[str], carried, unknown, strangers,
                 notes: list[str], own: set[str], top_sim: float) -> Plan | None:
        """A refusal for a plain question the collection cannot answer: it is about a name no paper mentions, about what
        a paper here was not tested on, about a quoted title or a borrowed method that no paper here is; or nothing is
        near it (top_sim: see _top_similarity). None when it may be answered."""
        s = self.settings
        cat = self.retriever.catalog
        nearest = max((h.dense_similarity for h in ranked), default=0.0)
        # "StyleGAN2 dropped AdaIN ...": a name no paper mentions opens the question, so the question is about it
        opener = [] if carried else [u for u in unknown if re.match(r"\s*" + re.escape(u) + r"(?![\w^+-])", question)]
        # "In Google's Imagen paper, how does ... classifier-free guidance ...?": a paper named only by an alias (a term it
        # shares) does not keep a subject no paper mentions from being the question's
        subject = [u for u in strangers if _framed(_PAPER_FRAME, question, u)] if not carried and not own.intersection(named) else []
        if opener or subject or strangers and not named and (unknown or nearest < s.min_relevance + 0.15 or any(
                _framed(_SUBJECT_FRAME, question, u) or _framed(_ABOUT_FRAME, question, u) for u in strangers)):  # "How does Perceiver IO ...?"
            return self._unnamed(standalone, opener or subject or strangers, ranked, notes)
        unwritten = [] if carried else self._unwritten_names(question)
        if unwritten and (not named or any(_framed(_ABOUT_FRAME, question, u) for u in unwritten)):
            # "How does Stable Video Diffusion curate its data?": a name in capitals, its words common, but never together;
            # "How does Kahneman-Tversky Optimization (KTO) ..., and does it keep up with DPO?": so is the question's
            # subject, whatever else it names
            return self._unnamed(standalone, unwritten, ranked, notes)
        if not named and not carried and (unheard := self._unheard_subjects(question)):
            # "How does the lottery ticket hypothesis use iterative magnitude pruning ...?": no paper says "lottery"
            return self._unheard(standalone, unheard, ranked, notes)
        tested_on = [u for u in strangers if _framed(_BENCHMARK_FRAME, question, u)]
        if named and tested_on and not carried:
            # "Does TinvNN help on molecular benchmarks like QM9?": the paper is here, what it was tested on is in no abstract
            return self._not_tested_here(standalone, named[0], tested_on, ranked, notes)
        if named and not carried and set(named) <= own and (untested := self._untested(asking_sentences(question), named)):
            # "How well does DenseCLIP work for depth estimation, e.g. on NYUv2?": another paper here mentions NYUv2,
            # the one asked about does not, so its abstract cannot say (a benchmark in a statement before the question,
            # "Both X and OBoW claim ... on Pascal VOC detection. ... What are those targets?", is not asked about)
            papers = self.retriever.store.get_papers(named)
            return self._not_in_abstract(standalone, [p.title for p in papers.values()], untested, ranked, notes)
        if not named and top_sim < s.min_relevance and not self._titled_below_floor(question, ranked, top_sim):
            return self._refused(standalone, ranked, notes)
        if not named and not carried and (titles := self._missing_titles(question)):
            # "the main idea of 'Attention Is All You Need'": a quoted title that no paper here has
            return self._refused(standalone, ranked, notes, "No paper in the collection is titled " + ", ".join(f"'{t}'" for t in titles) + ".")
        borrowed = [b for b in cat.borrowed_names(question) if _framed(_ABOUT_FRAME, question, b)]
        # "How do ControlNet's zero-initialized convolutions ...?": about a part of its own, which a paper can only answer
        # if it writes the name; none of the closest does (the one paper that builds on ControlNet is about else)
        possessed = [b for b in borrowed if re.search(r"(?<![\w-])" + re.escape(b) + r"['’]s\s", question)
                     and not self.retriever.any_writes_name(b, [h.paper_id for h in ranked[:3]])]
        if borrowed and not named and not carried and (top_sim < s.min_relevance + 0.15 or possessed):
            # "How does LoRA reduce the trainable parameters?": papers here use LoRA, none of them is LoRA's paper, and
            # none answers closely ("Why do ViTs underperform ResNets?" has a paper about just that)
            return self._refused(standalone, ranked, notes, "Papers in the collection mention " + ", ".join(f"'{b}'" for b in borrowed)
                                 + ", but none of them is about it.")
        return None

    @staticmethod
    def _refused(standalone: str, ranked: list[Hit], notes: list[str], note: str = "") -> Plan:
        """A refusal made without asking the model; the note, if any, tells the user why."""
        if note:
            notes.append(note)
        return Plan(standalone, [], ranked, [], False, notes, refuse=True)

    @staticmethod
    def _holds_but(titles, lacks: str) -> str:
        """The note of a near miss: "The collection holds 'PV-Tuning: ...', but its abstract says nothing about ..."."""
        return "The collection holds " + ", ".join(f"'{t}'" for t in titles) + f", but {lacks}."

    def _unnamed(self, standalone: str, names: list[str], ranked: list[Hit], notes: list[str]) -> Plan:
        return self._refused(standalone, ranked, notes, "The question names " + ", ".join(f"'{u}'" for u in names)
                             + ", which no paper in the collection mentions.")

    def _unheard(self, standalone: str, unheard: list[str], ranked: list[Hit], notes: list[str]) -> Plan:
        return self._refused(standalone, ranked, notes, "The question is about " + ", ".join(f"'{u}'" for u in unheard)
                             + ", which no paper in the collection mentions.")

    def _unwritten_names(self, question: str) -> list[str]:
        """Names of two to four capitalised words that the question is about ("How does Stable Video Diffusion ...",
        "the Segment Anything Model paper") and that no title or abstract writes."""
        runs = [re.sub(r"^(?:(?:How|What|Which|Why|Where|When|Who|Does|Do|Did|Is|Are|Was|Were|Can|Could|In|For|On|The|A|An)\s+)+", "", m.group(1))
                for m in _CAPITALISED_RUN.finditer(question)]
        return [run for run in dict.fromkeys(runs) if len(run.split()) >= 2 and not self.retriever.catalog.lookup(run)
                and any(_framed(frame, question, run) for frame in (_ABOUT_FRAME, _SUBJECT_FRAME, _PAPER_FRAME))
                and not self.retriever.writes_phrase(run)]

    def _unheard_subjects(self, question: str) -> list[str]:
        """The named things the question is about ("the lottery ticket hypothesis", "the Cora citation benchmark") that
        use a word no paper here writes."""
        lexical = self.retriever.store.lexical()
        named = [m.group(0)[4:] for m in _NAMED_THING.finditer(question)
                 if not re.search(r"\bof\s+(?:the\s+)?(?:two|three|four|both|these|those|several)\b", m.group(1))  # "the crux of two papers"
                 and any(len(w) >= 4 and w.isalpha() and (t := tokenize(w)) and not any(lexical.idf(set(t)).values())
                        for w in m.group(1).split())]
        # "Which papers use conformal prediction to build prediction sets?": what the papers would use, with a word no
        # paper writes, though its stem is known ("conform")
        # (not what papers already named do: "What does each use flatness for?")
        used = [m.group(1) for m in _USED_THING.finditer(question)
                if not re.search(r"\b(?:each|they|both|it|either|one|(?:the\s+)?(?:first|second|other|former|latter))\s+$", question[:m.start()], re.I)
                and any(len(w) >= 6 and w.isalpha() and not self.retriever.writes_word(w) and not self._graded_form(w)
                        for w in m.group(1).split())]
        return named + used

    def _graded_form(self, word: str) -> bool:
        """Whether a word is the comparative or superlative of one the papers write ("bigger batches": they say big)."""
        m = re.fullmatch(r"([a-z]{2,}?)(\w?)(?:er|est)", word.lower())
        return bool(m) and any(self.retriever.writes_word(base) for base in {m.group(1), m.group(1) + m.group(2),
                                                                              m.group(1) + m.group(2) + "e"} if len(base) >= 3)

    def _untested(self, question: str, paper_ids: list[str]) -> list[str]:
        """The benchmarks the question asks about ("on NYUv2", "the MSR-VTT dataset") that none of these papers' titles
        or abstracts name, even as part of a longer name ("ImageNet" is in "ImageNet-1K")."""
        papers = self.retriever.store.get_papers(paper_ids).values()
        said = {name_key(n) for p in papers for n in self.retriever.catalog.names_in(p.title + " " + p.abstract)}
        # a resolution is written "64x64", "64×64" or, in text taken from a page, "64 times 64"
        said |= {f"{a}x{b}" for p in papers for a, b in _RESOLUTION.findall(p.title + " " + p.abstract)}
        metrics = {name_key(m) for m in asked_metrics(question)}  # "What FID does ...": a metric, see _figure_refusal

        def said_by_them(name: str) -> bool:
            key = name_key(name).replace("×", "x")
            return any(k.startswith(key) or key.startswith(k) for k in said)

        # a benchmark no paper here names is no catalog name ("What POPE accuracy does ...?")
        unheard = self.retriever.catalog.unknown_names(question)
        return [n for n in self.retriever.catalog.names_in(question) + unheard if len(n) >= 3 and _framed(_BENCHMARK_FRAME, question, n)
                and name_key(n) not in metrics and not said_by_them(n)]

    def _top_similarity(self, standalone: str, ranked: list[Hit], named: list[str]) -> float:
        """How close the nearest paper is to the question. "Give me an overview of the papers here on Z": the framing
        pulls the question's embedding away from Z itself, so when nothing is named and nothing reaches the relevance
        floor, the topic alone is searched too."""
        top = max((h.dense_similarity for h in ranked), default=0.0)
        if not named and top < self.settings.min_relevance and self._genre_topic(standalone) and self.retriever.genre_papers():
            return self.settings.min_relevance  # "Which papers here are surveys or reviews?": a kind of paper, not a topic
        if not named and top < self.settings.min_relevance and self._asks_several(standalone):
            top = max([top] + [h.dense_similarity for _, _, h in self.retriever.topic_search(topic_of(standalone), k=5)])
            if top < self.settings.min_relevance and self._name_writers(topic_of(standalone)):
                # "Does anything in this collection evaluate on SVHN?": no abstract is about SVHN, but those that write
                # it answer
                top = self.settings.min_relevance
        return top

    @staticmethod
    def _genre_topic(question: str) -> str | None:
        """The kinds of paper a question asks the collection for ("surveys or reviews"), if that is what it asks."""
        if _GENRE.match(topic := topic_of(question)):
            return topic
        return m.group(1) if (m := _ASKS_GENRE.match(question)) else None

    def _asks_several(self, standalone: str) -> bool:
        """Whether a question asks about several papers ("which methods", "anything here on Z"), as does one asking
        whether the collection has something when a name it gives is written by two or more papers ("Does anything
        here evaluate on SVHN?")."""
        # ("a heterogeneous academic graph (authors, papers, venues)": an aside in parentheses asks for nothing)
        # (and the setting before the question asks for nothing either: "A GNN on a citation graph keeps drifting as new
        # papers arrive ... Is there work that estimates ...?")
        return _SEVERAL.search(asking_sentences(re.sub(r"\([^()]*\)", "", standalone))) is not None or bool(_GENRE_PLURAL.search(self._genre_topic(standalone) or "")) \
            or bool(_EXISTS.match(standalone)) and len(
            self._name_writers(topic_of(standalone))) >= 2

    def _titled_below_floor(self, question: str, ranked: list[Hit], top_sim: float) -> Hit | None:
        """"What is the paper on loss of plasticity about?": a phrase of a title, said in a question whose other words
        pull its embedding away, is still that paper (a little below the relevance floor, not far). None when the best
        match (top_sim, for a question that names no paper) reaches the floor anyway, or no close paper's title is quoted."""
        floor = self.settings.min_relevance
        if top_sim >= floor:
            return None
        return next((h for h in ranked[:3] if h.dense_similarity >= floor - 0.05 and _quotes_title(question, h.title)), None)

    def _plan_plain(self, standalone: str, ranked: list[Hit], named: list[str], own: set[str], carried, excluded,
                    by_id: dict[str, Hit], notes: list[str], absent: list[str], top_sim: float) -> Plan:
        """The plan for a question that does not compare named sides: one paper, or the papers about a topic when it asks
        for several; refused when it asks whether the collection holds a topic none covers, or for a figure the
        abstracts do not give."""
        s = self.settings
        # (a paper that alone writes the question's rare words leads the search, "a Y-shaped network", however far the
        # small embedding model puts it; it is strong if it is near the floor)
        leader = ranked[0].paper_id if ranked and ranked[0].lexical_score >= LEXICAL_LEAD * max(
            [h.lexical_score for h in ranked[1:]] or [0.0]) and ranked[0].dense_similarity >= s.min_relevance - LEADER_MARGIN else None
        strong = [h for h in ranked if h.paper_id in named or h.paper_id == leader or h.dense_similarity >= s.min_relevance]
        # One paper answers a question about one thing: on the dev split the runner-up was the intended paper in
        # 1 of 27 single/numeric questions, so quoting it mostly invites wrong citations (and delays the first
        # token). Several papers are quoted when the question names several or asks for several ("which methods");
        # a comparison whose sides have no names ("two such generators here: how do they differ?") is planned above.
        several = self._asks_several(standalone)
        limit = PROMPT_SOURCES_SEVERAL if several else 1
        sources = strong[:1] + [h for h in strong[1:] if h.paper_id in named or several]
        sources = sources[:max(limit, min(PROMPT_SOURCES_SEVERAL, len(named)))]
        # "What do the papers here say about Z?": the papers about all of Z. Z may be words of one title ("bi-level
        # optimization"), but only a paper's own name makes it the question's subject.
        if several and not own.intersection(named) and not carried:
            about = [h for h in self._topic_papers(standalone, TOPIC_PAPERS + len(excluded))
                     if h.paper_id not in excluded][:GENRE_PAPERS if self._genre_topic(standalone) else TOPIC_PAPERS]
            for h in about:
                by_id.setdefault(h.paper_id, h)
            if len(about) >= 2:  # answered like a comparison: a row per paper, so each one is quoted and cited
                return Plan(standalone, about, ranked, [Side(h.title, (h.paper_id,)) for h in about], True, notes, refuse=False)
            if not about and top_sim >= s.min_relevance and not named:  # a paper the topic names is about it ("SAM")
                return self._no_topic(standalone, ranked, notes)
            sources = about or sources
        if sources and not named and not carried and _asks_exists(standalone) and not self._holds_topic(standalone):
            # "Is there work on learning robotic grasping policies?": a yes needs a paper about that, not the nearest one
            return self._no_topic(standalone, ranked, notes)
        if sources and asks_for_figure(standalone) and (refusal := self._figure_refusal(standalone, sources, ranked, notes)):
            return refusal
        if len(sources) == 1 and not several and not named and not carried and _EXISTS.match(standalone) and (
                paper := self.retriever.store.get_papers([sources[0].paper_id]).get(sources[0].paper_id)) and (
                refusal := self._uncovered_domain(standalone, paper, mentioned_domains(standalone), ranked, notes)):
            # "Is there a method in here that gets text-to-video models to produce the requested number of objects?": the
            # nearest paper does it for images; the kind of model asked about is not in its abstract
            return refusal
        if len(sources) == 1 and not several and asks_which_datasets(standalone) and not self._names_test_data(sources[0].paper_id):
            # "Which four datasets does Revelio use ...?": its abstract says "on 4 datasets" and names none of them
            return self._refused(standalone, ranked, notes, self._holds_but(
                [sources[0].title], "its abstract does not name the datasets it was evaluated on"))
        if len(sources) == 1 and not several and (refusal := self._domain_refusal(standalone, sources[0], ranked, notes)):
            return refusal
        if len(sources) == 1 and not several and not named and not carried and asks_for_figure(standalone) and (
                untested := self._untested(standalone, [sources[0].paper_id])):
            # "The self-supervised work that samples augmentations from Gaussian random fields: how much does it improve
            # COCO detection?": the described paper is here, the benchmark asked about is not in its abstract
            return self._not_in_abstract(standalone, [sources[0].title], untested, ranked, notes)
        if not several and not carried and len(sources) >= 2 and all(h.paper_id in named for h in sources) and is_comparison(standalone):
            # "Which yields the larger speedup: REPA itself or Embedded Representation Warmup?": every source is a paper the
            # question names, so each gets a row and a citation, whatever the model writes
            return Plan(standalone, sources, ranked, [Side(h.title, (h.paper_id,)) for h in sources], True, notes,
                        refuse=False, absent=tuple(absent))
        return Plan(standalone, sources, ranked, [], False, notes, refuse=False, absent=tuple(absent))

    def _names_test_data(self, paper_id: str) -> bool:
        """Whether a paper's abstract names anything in the sentences that say what it was tested on, other than the
        paper's own names and words of its title: a dataset ("CIFAR100", "Cityscapes"), a baseline or a model. Any name
        counts, so a question about its datasets is refused only when those sentences name nothing at all."""
        paper = self.retriever.store.get_papers([paper_id]).get(paper_id)
        if paper is None:
            return True
        own = {name_key(n) for n in self.retriever.catalog.names_of(paper_id)} | {name_key(w) for w in re.findall(r"[\w^+-]+", paper.title)}
        for sentence in evaluation_sentences(paper.abstract):
            words = re.findall(r"[\w^+-]+", sentence)
            named = [w for i, w in enumerate(words) if looks_like_name(w) or i > 0 and w[:1].isupper()]
            if any(name_key(w) not in own for w in named):
                return True
        return False

    def _domain_refusal(self, standalone: str, source: Hit, ranked: list[Hit], notes: list[str]) -> Plan | None:
        """A refusal for a question that takes its paper to a kind of data or model its abstract never mentions ("Has
        PV-Tuning been applied to diffusion models?": an LLM compression paper)."""
        paper = self.retriever.store.get_papers([source.paper_id]).get(source.paper_id)
        if paper is None:
            return None
        asked = applied_domains(asked_part(standalone))  # not "(about Addressing Negative Transfer in Diffusion Models)"
        return self._uncovered_domain(standalone, paper, asked, ranked, notes)

    def _uncovered_domain(self, standalone: str, paper, asked: list[tuple[str, str]], ranked: list[Hit], notes: list[str]) -> Plan | None:
        """The refusal when the paper's abstract misses a kind of data or model the question asks about (asked: domain and
        the words that ask). Words that name several kinds ("text-to-video diffusion models") need every one of them,
        unless they offer a choice ("voice or speech")."""
        text = paper.title + " " + paper.abstract
        for where in dict.fromkeys(w for _, w in asked):
            domains = [d for d, w in asked if w == where]
            covered = [covers_domain(text, d) for d in domains]
            if not any(covered) or not all(covered) and not re.search(r"\bor\b", where):
                missing = domains[covered.index(False)]
                return self._refused(standalone, ranked, notes, self._holds_but(
                    [paper.title], f"its abstract says nothing about {missing} (the question asks about {where})"))
        return None

    def _figure_refusal(self, standalone: str, sources: list[Hit], ranked: list[Hit], notes: list[str]) -> Plan | None:
        """A refusal for a question asking for a figure that its sources' abstracts do not give."""
        papers = self.retriever.store.get_papers(h.paper_id for h in sources)
        if not any(states_figures(p.abstract) for p in papers.values()):
            # "What learning rate does DisenBooth use?": the paper is here, its abstract gives no figure to quote
            return self._refused(standalone, ranked, notes, self._holds_but(
                (p.title for p in papers.values()), "its abstract gives no figures, so it does not say"))
        counted = counted_things(standalone)
        text = " ".join(p.title + " " + p.abstract for p in papers.values())
        # the word itself, not its stem: "iteratively" gives no number of iterations; "mini-batches" gives a batch size
        # a size may be written by what it counts ("up to what dataset size?": "even for a million samples")
        missing = [thing for thing in counted if not _counted_in(_written_as(_figure_head(thing)), text)
                   and not (re.search(r"\bsizes?$", thing, re.I) and _MAGNITUDE.search(text))
                   # "beat ViT ... by how many points?": a gain in points is written "by 1.5%"
                   and not (re.fullmatch(r"(?:percentage\s+)?points?", thing, re.I) and re.search(r"\d\s*(?:\\?%|pp\b|percent)", text))]
        if not counted and asks_duration(asked_part(standalone)):
            # "how long does one personalization take on an actual phone?": memory cut 8.2 times, but no time at all
            counted = ["time it takes"]
            missing = [] if gives_duration(text) else counted
        if not counted:
            # "What FID does HiDiffusion report at 4096x4096?": its abstract gives figures, but never names FID
            # (or a plain quantity: "Which math accuracy does CoLM reach ...?" in an abstract without a percentage)
            counted = asked_metrics(standalone) or [q for q in asked_quantities(asked_part(standalone)) if not gives_quantity(text, q)]
            # "what absolute ImageNet top-1 accuracy does ViT-B/16 reach?": "+5.3% top-1 accuracy" is a gain, not the level
            absolute = re.search(r"\babsolute\b(?!\s+(?:relative\s+)?error)", asked_part(standalone), re.I) is not None
            missing = [m for m in counted if not any(reports_metric(p.title + " " + p.abstract, m, absolute) for p in papers.values())]
            if absolute and len(missing) == len(counted):
                counted = missing = [f"absolute {m}" + (" (only a change in it)" if any(
                    reports_metric(p.title + " " + p.abstract, m) for p in papers.values()) else "") for m in missing]
        if counted and len(missing) == len(counted):
            # "How many GPU hours does Scale-DiT train for?": its abstract gives figures, none of GPU hours
            return self._refused(standalone, ranked, notes, self._holds_but(
                (p.title for p in papers.values()), "its abstract does not give the " + " or the ".join(missing)))
        sizes = [f"{w}x{h}" for w, h in _RESOLUTION.findall(asked_part(standalone)) if len(w) >= 2 and len(h) >= 2]  # an image size, not "3x3"
        if counted and sizes and not any(re.search(rf"(?<!\d){w}\D{{0,8}}{h}(?!\d)", text) for w, h in (x.split("x") for x in sizes)):
            # "What FID does M-VAR report on ImageNet 512x512?": it reports FID, at 256x256 only
            return self._refused(standalone, ranked, notes, self._holds_but(
                (p.title for p in papers.values()), f"its abstract gives no {' or '.join(counted)} at {' or '.join(sizes)}"))
        if len(papers) == 1 and (bench := unscored_benchmark(asked_part(standalone), next(iter(papers.values())).abstract)):
            # "What max F-measure does DiffDIS get on the DIS5K test sets?": "Experiments on the DIS5K dataset demonstrate
            # the superiority of DiffDIS": the benchmark is named, with no figure near it
            return self._refused(standalone, ranked, notes, self._holds_but(
                (p.title for p in papers.values()), f"its abstract names {bench} without giving a figure on it"))
        return None

    def _missing_titles(self, question: str) -> list[str]:
        """Quoted Title-Case phrases of three or more words ("'Attention Is All You Need'") that no paper's title holds."""
        missing = []
        for quoted in _QUOTED.findall(question):
            words = quoted.split()
            if len(words) < 3 or sum(w[0].isupper() for w in words) < len(words) / 2:
                continue
            if self._titled_by(quoted) is None:
                missing.append(quoted)
        return missing

    def _titled_phrases(self, question: str) -> list[str]:
        """The phrases of three or more words that may be titles: quoted ones, and unquoted Title Case runs that are a
        whole title here but for its article ("test the Platonic Representation Hypothesis") and no paper's catalog name."""
        cat = self.retriever.catalog
        whole, known = [], None
        for run in _TITLE_CASE.findall(question):
            if cat.lookup(run) or not (hit := self._titled_by(run)):
                continue
            title = normalise_title(re.sub(r"^(the|a|an)\s+", "", hit.title, flags=re.I))
            # (or the head of one, three capitalised words or more that the title opens with: "Perception Prioritized
            # Training"; not a gloss, "P2 (Perception Prioritized Training)", nor part of a name the catalog knows, whose
            # mentions are looked up only for such a run)
            if title != normalise_title(run) and not (
                    len(run.split()) >= 3 and all(w[0].isupper() for w in run.split()) and title.startswith(normalise_title(run) + " ")
                    and not re.search(r"\(\s*" + re.escape(run), question)):
                continue
            if title != normalise_title(run):
                known = known if known is not None else [surface.lower() for surface, _ in cat.find_mentions(question)]
                if any(run.lower() in k or k in run.lower() for k in known):
                    continue
            whole.append(run)
        # a quoted title of two words is one when it is a paper's whole title ("'Feature Collapse'")
        quoted = [q for q in _QUOTED.findall(question) if len(q.split()) >= 3 or len(q.split()) == 2
                  and (hit := self._titled_by(q)) and normalise_title(hit.title) == normalise_title(q)]
        # a lowercase quoted run of three to six words after "the" that one of its closest titles holds ("the 'patient and
        # consistent' distillation recipe"), which a scare quote of a term ("'erasing'") is not
        quoted += [q for q in _QUOTED_WORDS.findall(question) if q not in quoted and self._titled_by(q) is not None]
        return quoted + whole + self._called_by_title(question)

    def _called_by_title(self, question: str) -> list[str]:
        """Unquoted words of a title, three or more, that a question calls a paper by ("the Cauchy-Schwarz divergence
        information bottleneck paper for regression"): the longest run before "paper" (or "work", "study") that one
        title here holds word for word."""
        found = []
        for m in _CALLED.finditer(question):
            words = m.group(1).split()
            for i in range(len(words) - 2):
                run = " ".join(words[i:])
                if not _QUOTED.search(run) and self._titled_by(run) is not None:
                    found.append(run)
                    break
        # "the very-large-dropout approach": a hyphenated compound of three words or more that a title writes as words
        # ("Fine-tuning with Very Large Dropout")
        # (a compound the catalog knows, "bags-of-words", is a name already)
        found += [m.group(1) for m in _CALLED_COMPOUND.finditer(question)
                  if not self.retriever.catalog.lookup(m.group(1)) and self._titled_by(m.group(1)) is not None]
        return found

    def _called_paper(self, phrase: str) -> Hit | None:
        """The paper a side called by a few words and its kind is ("the concept-ablation paper", "the negative-prompt
        study"): the one title among the words' closest papers that says every one of them, in any form ("Ablating
        Concepts in ...", "... Negative Prompts ..."). None for one word, or when no title or several do."""
        if not _CALLED_KIND.match(phrase):
            return None
        called = re.sub(r"\s+\S+$", "", phrase).replace("-", " ")
        words = [w for w in called.split() if tokenize(w)]
        if len(words) < 2:
            return None
        full = [h for h in self.retriever.search(called, k=10) if title_overlap(called, h.title) >= len(words)]
        return full[0] if len(full) == 1 else None

    def _one_title_says(self, phrase: str) -> bool:
        """Whether a phrase of two or more words ("mimetic initialization") is said, every word, by one title among its
        closest papers, that of the paper it matches best, and one of its words is rare ("mimetic", not "fine-tuned
        pretrained model", which one title happens to say too)."""
        words = [w for w in phrase.split() if tokenize(w)]
        rare = self.retriever.store.lexical().idf({t for t in tokenize(phrase) if "-" not in t})
        if len(words) < 2 or max(rare.values(), default=0.0) < RARE_WORD:
            return False
        hits = self.retriever.search(phrase, k=10)
        full = [h for h in hits if title_overlap(phrase, h.title) >= len(words)]
        return len(full) == 1 and full[0] is hits[0] and hits[0].dense_similarity >= self.settings.min_relevance

    def _titled_by(self, quoted: str, question: str = "") -> Hit | None:
        """The paper among the quoted phrase's top three whose title contains it, if any. Given the question, of several
        such titles (among the phrase's top ten) the one whose other words the question writes: "the 'Review and New
        Perspectives' survey of representation learning" is 'Representation Learning: A Review ...', not 'Feature
        Representation Learning for Click-through ...: A Review ...'."""
        holders = self._titles_holding(quoted, k=3)
        if question and holders and len(holders := self._titles_holding(quoted, k=10)) > 1:
            written = set(re.findall(r"[a-z0-9]+", question.lower()))
            holders.sort(key=lambda h: sum(w not in written for w in re.findall(r"[a-z0-9]{4,}", h.title.lower())))
        return next(iter(holders), None)

    def _titles_holding(self, phrase: str, k: int) -> list[Hit]:
        """The papers among the phrase's top k whose titles contain it."""
        return [h for h in self.retriever.search(phrase, k=k) if normalise_title(phrase) in normalise_title(h.title)]

    def _sharing_title(self, titled: list[str], count: int) -> tuple[str, list[Hit]] | None:
        """A title phrase of the question that exactly count titles hold, with their papers, else None."""
        for phrase in titled:
            if len(holders := self._titles_holding(phrase, k=10)) == count:
                return phrase, holders
        return None

    def _implicit_follow_up(self, question: str, previous: Turn) -> bool:
        """'Which component deals with object duplication?' after 'What is HiDiffusion?': no pronoun, but the
        previous turn's paper fits the question about as well as the best paper in the collection does."""
        if _NEW_SUBJECT.search(question):
            return False  # "Which paper ...?", "Is there a method ...?" open a new subject
        top = self.retriever.search(question, k=1)
        best = top[0].dense_similarity if top else 0.0
        hit = self.retriever.paper_hit(previous.paper_ids[0], question)
        # loosely on topic is enough: in a conversation, a question without a subject of its own is about the last one
        return hit is not None and hit.dense_similarity >= max(self.settings.min_relevance - 0.05, 0.6 * best)

    def _plan_comparison(self, question, standalone, history, carried, hits, by_id, strangers: set[str],
                         notes: list[str], absent: list[str], titled: list[str]) -> Plan | None:
        """Sides from the catalog, then from phrases resolved by per-side search (one paper per side). A named side
        dropped as off topic gets a line in notes and its name in absent, which the plain plan keeps when this one
        gives way to it."""
        s = self.settings
        previous = [Side(n, (p,)) for n, p in zip(history[-1].names, carried)] if carried else []
        found, off_topic, opening = self._named_sides(question, standalone, by_id, bool(previous), titled)
        named_here = {p for sd in found for p in sd.paper_ids}
        sides = [sd for sd in previous if sd.paper_ids[0] not in named_here] + found  # "it" first, then "OCA"
        counted = counted_sides(question)
        if counted >= 2 and not previous and (shared := self._sharing_title(titled, counted)):
            # "Two surveys here share the subtitle 'A Review and New Perspectives'": the counted papers are the ones whose
            # titles hold the quoted words, not the one paper the words found first
            phrase, holders = shared
            found = [sd for sd in found if sd.label != phrase] + [Side(h.title, (h.paper_id,)) for h in holders]
            sides = list(found)
        # "the one that fine-tunes the text encoder with RL"; beside "it" or one named side, one described side is enough
        # ("How does BT^2 differ from the paper on orthogonal transformations ...?")
        one_known = bool(previous) or len(found) == 1 or len(found) + len(opening) == 1
        # a question that names papers without a comparison's shape may describe one more ("... Does the paper on X ...?")
        # and so does a count ("Three papers ...: the matrix-free framework for ..., the work that ..., and ...")
        one_enough = one_known or bool(found) and not is_comparison(question) or counted >= 2
        one_enough = one_enough or _phrase_against_clause(side_phrases(question), described_sides(question, minimum=1))
        described = described_sides(question, minimum=1 if one_enough else 2)
        if counted >= 2 and len(described) >= counted and found and not previous and not any(
                self._is_own_name(sd.label, sd.paper_ids[0]) for sd in found if sd.paper_ids):
            # "The neural tangent kernel plays opposite roles in two theory papers here. In one ...; in the other ...":
            # the counted papers are the ones described; a term some abstract writes is what they share, no side
            sides, found = [], []
        lead = described_lead(question)  # "Two papers deal with generative models losing diversity: one ..., the other ..."
        # "I'm training a ViT-B from scratch ... one blames sharp minima ...": with no side named, what the question says
        # before its descriptions is what they share
        context = "" if found or previous else described_context(question)
        from_retrieval = is_topical(question) or (counted and not sides and not described)  # "There are two such papers here"
        # "REPA and GenHancer look like mirror images: one uses ..., the other ...": the descriptions are of the named two
        of_named = len(found) >= 2 and len(described) <= len(found) and only_one_and_other(question)
        phrases = [] if from_retrieval or of_named else self._phrases_to_resolve(question, described if one_enough else [], opening, sides)
        unresolved = self._phrase_sides(question, phrases, described, lead, sides, strangers, by_id, context)
        if phrases and not (found or previous or described) and hits and len(sides) >= 2 and all(
                self.retriever.word_coverage(sd.label, hits[0].paper_id) >= ONE_PAPER_COVER for sd in sides) and not any(
                sd.paper_ids[0] != hits[0].paper_id and (self._titled(sd.label) or _CALLED_KIND.match(sd.label) or " " in sd.label and any(
                    h.paper_id == sd.paper_ids[0] for h in self._titles_holding(sd.label, k=3))) for sd in sides if sd.paper_ids):
            # "How does a concept's complexity affect whether rule-based or similarity-based generalization works
            # better?": two notions one paper weighs against each other, not two papers (but "the Feature Collapse
            # paper with the work on the role of neural collapse in transfer learning" says another paper's title, and so
            # does "'model collapse'", word for word in "Model Collapse Demystified")
            return None
        taken = _taken(sides)
        for phrase in unresolved:  # the question's own best match that no side has taken yet, if it is on topic
            spare = [h for h in hits if h.paper_id not in taken and h.dense_similarity >= s.min_relevance]
            if sides and spare and len(sides) < 3:
                sides.append(Side(phrase, (spare[0].paper_id,)))
                taken.add(spare[0].paper_id)
        if counted and described and sides and not from_retrieval and len(sides) < counted:
            # "Three papers want curvature without a Hessian: the matrix-free framework for ..., the work that ..., and
            # ...": the descriptions that did not come apart are the question's best matches that no side has taken
            for h in hits:
                if len(sides) >= min(counted, 3):
                    break
                if h.paper_id not in taken and h.dense_similarity >= s.min_relevance:
                    sides.append(Side(h.title, (h.paper_id,)))
                    taken.add(h.paper_id)
        if from_retrieval and len(named_sides := [sd for sd in sides if sd.paper_ids]) < 2:
            sides = []
            for h in self._topic_papers(question, counted or TOPIC_PAPERS, whole_topic=is_topical(question)):
                sides.append(Side(h.title, (h.paper_id,)))
                by_id.setdefault(h.paper_id, h)
            named_sides += [sd for sd in off_topic if sd.paper_ids]
            if not sides and named_sides and (hit := by_id.get(named_sides[0].paper_ids[0])
                                              or self.retriever.paper_hit(named_sides[0].paper_ids[0], standalone)):
                # "Which papers here use SAM in the sense of the Segment Anything Model ...?": no paper is about the
                # whole topic, but one that the topic names is here
                return Plan(standalone, [hit], hits, [], False, notes, refuse=False)
            elif not sides and is_topical(question) and any(h.dense_similarity >= s.min_relevance for h in hits):
                return self._no_topic(standalone, hits, [])
        present = [sd for sd in sides if sd.paper_ids]
        missing = [sd.label for sd in sides if not sd.paper_ids]
        if len(present) + len(missing) < 2:
            # not a comparison between things we can name: answered as a plain question. A name dropped as off topic
            # left it one-sided ("SLD and ESD ... nudity": this collection's ESD is a text-to-3D paper): say so
            for sd in off_topic:
                if names_a_method(sd.label) and not is_baseline(question, sd.label) and sd.paper_ids[0] not in _taken(present):
                    notes.append(self._other_meaning(sd))
                    absent.append(sd.label)
            return None
        if missing and present and all(re.fullmatch(r"[a-z]+", sd.label) or _KIND_OF_MODEL.fullmatch(sd.label.split()[0])
                                       or _GENERIC_SIDE.search(sd.label) for sd in present) and not any(
                _framed(_BENCHMARK_FRAME, question, label) for label in missing):
            # "How does the Hyena operator's long convolution compare with attention ...?": the side here is a common
            # word ("attention"), a kind of model ("MLPs in accuracy per parameter") or the papers here in general ("the
            # low-rank approaches discussed here"), no paper; the one the question is about is not in the collection
            return self._unnamed(standalone, missing, hits, notes)
        tested_on = [label for label in missing if _framed(_BENCHMARK_FRAME, question, label)]
        # "How well does CoLiDE do on the Sachs dataset, and how does it compare with NOTEARS?": not a side, a benchmark
        # no abstract names
        benchmarks = [u for u in sorted(strangers) if u not in missing and _framed(_BENCHMARK_FRAME, question, u)]
        if len(present) == 1 and (tested_on and asks_for_figure(question) or benchmarks):
            # "What FID does MagicEraser get on Places2 compared with LaMa?": the one paper here, asked for its figures on
            # something no abstract mentions; its own abstract cannot say
            return self._not_tested_here(standalone, present[0].paper_ids[0], benchmarks or tested_on, hits, notes)
        if len(present) == 1 and missing and asks_for_figure(question) and (
                hit := by_id.get(present[0].paper_ids[0]) or self.retriever.paper_hit(present[0].paper_ids[0], standalone)) and (
                refusal := self._figure_refusal(standalone, [hit], hits, notes)):
            # "What PSNR does the Streaming Neural Images study report ..., compared with JPEG?": the one side here does
            # not give the figure asked for
            return refusal
        if len(present) == 1 and (subject := [label for label in missing if _framed(_ABOUT_FRAME, question, label)]):
            # "How does RetNet's retention mechanism compare with Layer-Integrated Memory ...?": the question is about a
            # name no paper here is; one side alone cannot say how the two compare
            held = by_id.get(present[0].paper_ids[0]) or self.retriever.paper_hit(present[0].paper_ids[0], standalone)
            refusal = self._unnamed(standalone, subject, hits, notes)
            notes.append(f"The collection holds '{held.title if held else present[0].label}' for '{present[0].label}', "
                         "but nothing on the other side, so it cannot say how the two compare.")
            return refusal
        notes += [f"'{label}' is not in the collection." for label in missing]
        if not present:
            return Plan(standalone, [], hits, sides, False, notes, refuse=True)
        if missing:
            notes.append("Answering for " + ", ".join(f"'{sd.label}'" for sd in present) + " only.")
        for sd in present:  # "DiffBIR vs LayerDecomp": a side after "vs" reads like a baseline and was not fetched
            if sd.paper_ids[0] not in by_id and (hit := self.retriever.paper_hit(sd.paper_ids[0], standalone)):
                by_id[sd.paper_ids[0]] = hit
        sources = [by_id[sd.paper_ids[0]] for sd in present if sd.paper_ids[0] in by_id]
        subjects = [by_id[sd.paper_ids[0]] for sd in present if sd.paper_ids[0] in by_id and not is_baseline(question, sd.label)]
        if len(sources) == 2 and len(subjects) == 1 and not missing and asks_for_figure(question) and (
                refusal := self._figure_refusal(standalone, subjects, hits, notes)):
            # "How much does Receler cut nudity generation on I2P compared with ESD?": the figure asked for is the
            # subject's, measured against a baseline, and the subject's abstract does not give it
            return refusal
        sources += self._other_write_ups(sources, standalone, by_id)
        return Plan(standalone, sources, list(by_id.values()), present, len(present) >= 2, notes, refuse=False,
                    absent=tuple(missing))

    def _other_write_ups(self, sources: list[Hit], question: str, by_id: dict[str, Hit]) -> list[Hit]:
        """The other papers that give a source's method its own name: UPGD has two write-ups here ("Utility-based
        Perturbed Gradient Descent: ..." and "Addressing Loss of Plasticity ..."), and a side named UPGD is both."""
        have = {h.paper_id for h in sources}
        out = []
        for h in sources:
            for pid in self.retriever.catalog.write_ups(h.paper_id):
                if pid not in have and (hit := by_id.get(pid) or self.retriever.paper_hit(pid, question)):
                    have.add(pid)
                    out.append(hit)
        return out

    def _phrases_to_resolve(self, question: str, described: list[str], opening: list[str], sides: list[Side]) -> list[str]:
        """The phrases still to resolve into sides: the described sides (with any names opening a sentence, and any
        listed names beside them: "What separates DAGNN, the analysis showing that ..., and Hyper-Connections"), or,
        when nothing is described, every phrase the question's comparison shape gives."""
        if not described:
            return side_phrases(question)
        if opening:
            # ("The OPT neuron study ... and the paper on ...": the name opens what the side is called, "OPT neuron study")
            called = [p for p in side_phrases(question) if _CALLED_KIND.match(p)]
            return described + [next((p for p in called if p.startswith(name + " ")), name) for name in opening]
        # ("paper that adapts a next-scale-prediction (VAR) image generator" is the side described as "adapts ...")
        bare = {p: re.sub(r"^(?:paper|work|study|method|approach|model|one)\s+(?:that|which)\s+", "", p) for p in side_phrases(question)}
        # ("the ViT interpretability work that projects ..." is the side described as "ViT interpretability: projects ...")
        return described + [p for p, core in bare.items() if not any(core in d or d in core or d.split(": ", 1)[-1] in core for d in described)
                            and not any(p.lower() == sd.label.lower() for sd in sides)
                            and (names_a_method(p) or p[:1].isupper() and question.find(p) > 0
                                 or _CALLED_KIND.match(p)  # "the concept-ablation paper"
                                 # "the polynomial implicit neural representation": more than the alias found inside it
                                 or any(sd.paper_ids and re.search(r"(?<![\w-])" + re.escape(sd.label.lower()) + r"(?![\w-])", p.lower())
                                        and len(p.split()) > len(sd.label.split()) for sd in sides)
                                 or self._one_title_says(p))]  # "... with mimetic initialization"

    def _other_meaning(self, side: Side) -> str:
        """The note for a named side whose only paper here uses the name for something else ("SLD and ESD ... nudity":
        this collection's ESD is a text-to-3D paper)."""
        pid = side.paper_ids[0]
        paper = self.retriever.store.get_papers([pid]).get(pid)
        return (f"'{side.label}' in this collection is used by '{paper.title if paper else pid}', "
                f"which is about something else; no paper here is the '{side.label}' this question means.")

    def _named_sides(self, question: str, standalone: str, by_id: dict[str, Hit], after_previous: bool, titled: list[str]):
        """The sides a comparison names: catalog names on topic (found), catalog names dropped as off topic, and names
        opening a sentence that no paper has (opening; "Equiangular Basis Vectors replace ... There's also a paper
        that ..."), which are looked for only when nothing else is named."""
        cat = self.retriever.catalog
        found, off_topic = [], []
        clauses = [c.lower() for c in described_sides(question)]
        for quoted in titled:
            # "'Why do networks have inhibitory/negative connections?' and 'On Limitations of the Transformer Architecture'";
            # "test the Platonic Representation Hypothesis": a title in Title Case, unquoted
            if (hit := self._titled_by(quoted, question)) is not None and hit.paper_id not in _taken(found):
                found.append(Side(quoted, (hit.paper_id,)))
                by_id.setdefault(hit.paper_id, hit)
        for name, gloss in _GLOSSED.findall(question):
            if not cat.lookup(name) and (hit := self._titled_by(gloss)) is not None and hit.paper_id not in _taken(found):
                found.append(Side(name, (hit.paper_id,)))
                by_id.setdefault(hit.paper_id, hit)
        for sd in find_sides(question, cat):
            if sd.paper_ids and (spelled := cat.spelled_out.get(name_key(sd.label))) and not _ASKS_PAPERS.search(question):
                # "SVD" is written by one abstract and spelled out by another's title: the one the question is closer to
                # ("Which papers here use an SVD ...?" asks for both: the one that writes it is a side, search finds the other)
                sd = Side(sd.label, tuple(self._closer_first(sd.label, [sd.paper_ids[0], *spelled], question)[:1]))
            if sd.paper_ids and sd.paper_ids[0] in _taken(found) or any(sd.label == f.label for f in found):
                continue
            if re.search(r"(?<![\w-])" + re.escape(sd.label) + r"\s+scores?\b", question) and not self._is_own_name(sd.label, sd.paper_ids[0] if sd.paper_ids else ""):
                continue  # "What overall GenEval score does LightGen reach?": a benchmark's score, not a paper to compare
            if (glossed := re.search(r"(?<![\w-])" + re.escape(sd.label) + r"\s*\(([^()\s]{2,20})\)", question)) and \
                    looks_like_name(glossed.group(1)) and (gloss_ids := cat.lookup(glossed.group(1))) and sd.paper_ids \
                    and gloss_ids[0] != sd.paper_ids[0]:
                # "the polynomial implicit neural representation (Poly-INR)": words that gloss the name after them, though
                # another paper is called by those words
                continue
            if any(sd.label.lower() in c and not c.startswith(sd.label.lower() + ",") for c in clauses):
                # "One paper builds a benchmark showing that vision-language models ...": a word of a description; not
                # a name set off before what it does ("the other, JeDi, claims no fine-tuning at all")
                continue
            (found if self._side_on_topic(sd, standalone, by_id) else off_topic).append(sd)
        if len(found) == 1 and is_comparison(question) and (sentence := sentence_with(question, found[0].label)):
            # "... come up in both 'Streaming Neural Images' and SAIR. One looks at compression and the other at
            # inpainting.": a paper named by its own name beside the one found is a side too
            for surface, ids in cat.find_mentions(sentence):
                if _listed_together(sentence, found[0].label, surface) and ids[0] not in _taken(found) \
                        and self._is_own_name(surface, ids[0]):
                    found.append(Side(surface, (ids[0],)))
        if found and len(found) < (counted := counted_sides(question)) and not clauses and not described_sides(question, minimum=1):
            # "The 'Disability Representations' audit says ... Could InvDiff address that kind of bias ...? Compare what the
            # two papers actually do.": the counted papers are those named by their own names, in whichever sentence
            for surface, ids in cat.find_mentions(question):
                if len(found) < counted and ids[0] not in _taken(found) and self._is_own_name(surface, ids[0]) \
                        and not is_baseline(question, surface):
                    found.append(Side(surface, (ids[0],)))
        if not is_comparison(question) and not is_topical(question):
            # a question that refers to several papers without a comparison's shape: every paper it names by its own
            # name is asked about, wherever in the question ("... and does FreezeAsGuard cover ...?")
            for surface, ids in cat.find_mentions(question):
                if ids[0] not in _taken(found) and self._is_own_name(surface, ids[0]):
                    found.append(Side(surface, (ids[0],)))
        opening: list[str] = []
        names = opening_names(question) if not after_previous and not is_topical(question) else []
        # "Hyper-connections and Layer-Integrated Memory both give ... Meanwhile, the residual-stream study ...": when what
        # was found is among the names opening a sentence, the others there are sides too
        opening_keys = {n.lower() for n in names}
        if not found or all(sd.label.lower() in opening_keys for sd in found):
            for name in names:
                ids = cat.lookup(name)
                if not ids and " " not in name and not looks_like_name(name) and (name_key(name) in cat.vocabulary or re.fullmatch(
                        r"[A-Z][a-z]+(?:ing|tion|sion|ness|ment|ity|ance|ence)s?", name)):
                    # "Implicit neural representations ... come up in both ...": an ordinary word the corpus uses, or one
                    # shaped like an ordinary noun ("Reweighting shows up in ...")
                    continue
                if ids and ids[0] not in _taken(found):
                    found.append(Side(name, (ids[0],)))
                elif not ids and not found:
                    opening.append(name)
        return found, off_topic, opening

    def _phrase_sides(self, question: str, phrases: list[str], described: list[str], lead: str, sides: list[Side],
                      strangers: set[str], by_id: dict[str, Hit], context: str = "") -> list[str]:
        """Adds to sides (at most three in all) the papers the side phrases name or describe, each resolved by its own
        search; returns the described phrases that no search pinned down."""
        unresolved = []
        for phrase in phrases:
            if len(sides) >= 3:
                break
            if len(sides) >= 2 and phrase.isalpha() and phrase.islower():
                continue  # "How is that different from De-Diffusion's way of connecting images and text?": a word, no third side
            if re.fullmatch(r"[a-z]+(?:-[a-z]+)*-(?:time|level|scale|wise|aware|specific|agnostic|only)", phrase):
                continue  # "the training-free and training-time fixes": a modifier left by the split, no paper
                # ("training-free" may be the start of a description: "the training-free approach to ...")
            if len(sides) >= 2 and all(sd.paper_ids for sd in sides) and not names_a_method(phrase) \
                    and not any(_listed_together(question, sd.label, phrase) for sd in sides) \
                    and not any(phrase in d or d in phrase for d in described_sides(question, minimum=1)) and not self._titled(phrase):
                continue  # "'A' and 'B' ... used for in each one, a fine-tuning teacher or something applied while generating?"
            # ("Damaged jigsaw puzzles vs learning to count: ...?": a question that opens "A vs B" compares them)
            # (and "CoLM vs the dataset pruning method for transfer learning: ...": its own words may follow the phrase)
            opens_versus = re.match(r"\W*[^,:;?]{2,80}?\s+(?:vs\.?|versus)\s+(?:the\s+)?" + re.escape(phrase) + r"(?:\s*[:?,]|\s+[-–—]{1,2}\s|\s+[^,:;?.]{1,60}:)",
                                    question, re.I)
            if phrase not in described and not names_a_method(phrase) and is_baseline(question, phrase) and not opens_versus \
                    and not self._titled(phrase) and not self._describes_one(phrase):
                continue  # "How much faster is X than full attention?": a generic baseline, not a paper to compare
            if any(re.search(re.escape(u) + r",\s+(?:the|a|an)\s+" + re.escape(phrase), question) for u in strangers):
                continue  # "Mixture-of-Depths, the transformer that routes only some tokens ...": what the missing name is
            low = phrase.lower()
            # (a name the collection lacks stays missing: "GraphSAGE's neighbour sampling" is not some other paper)
            inside = [sd for sd in sides if sd.paper_ids and sd.label.lower() != low and len(phrase.split()) <= 4  # a name, not a clause
                      and re.search(r"(?<![\w-])" + re.escape(sd.label.lower()) + r"(?![\w-])", low)]  # "APT" is not in "adapter"
            if inside and (gloss := re.fullmatch(r"(.+?)\s*\((.+)\)", phrase)) and \
                    inside[0].paper_ids[0] in self.retriever.catalog.lookup(gloss.group(2)):
                continue  # "LIMe (Layer-Integrated Memory)": the name glossed by its own spelled-out form
            bare = re.sub(r"\s+(?:paper|work|study|method|approach|model|architecture|framework|technique|algorithm)$", "",
                          re.sub(r"\s*\([^()]*\)", "", phrase), flags=re.I)
            if inside and bare.lower() == inside[0].label.lower():
                continue  # "the Layer-Integrated Memory (LIMe) architecture": the name, its gloss and what kind of thing it is
            if inside and (hit := self._title_match(phrase, self.retriever.search(phrase, k=10), list(by_id))) is not None \
                    and hit.paper_id not in _taken(sides):
                # "hallucination-aware DPO": the whole phrase names a paper other than the one "DPO" alone would
                sides[sides.index(inside[0])] = Side(phrase, (hit.paper_id,))
                by_id.setdefault(hit.paper_id, hit)
                continue
            if any(low in sd.label.lower() or sd.label.lower() in low for sd in sides):
                continue
            if all(w in strangers for w in phrase.split()):
                sides.append(Side(phrase, ()))  # "Barlow Twins": words no paper uses name nothing here
                continue
            if (head := re.match(r"([\w^+-]+)(?:['’]s)?\s", phrase)) and head.group(1) in strangers and not self._titled(phrase):
                sides.append(Side(head.group(1), ()))  # "Hyena operator's gated long convolution": Hyena is not here
                continue
            if phrase in described and len(set(tokenize(phrase)) - _VAGUE) < 2:
                continue  # "a representation-based method that does hold up on both": too little to pick out a paper
            # "the OPT neuron study (dead, n-gram and positional neurons)": the gloss the side phrase dropped says which
            glossed = phrase
            if phrase not in described and (gloss := re.search(re.escape(phrase) + r"\s*\(([^()]{3,120})\)", question)):
                glossed = f"{phrase} ({gloss.group(1)})"
            quoted = [sd for sd in sides if sd.paper_ids and re.search(r"['‘\"“]" + re.escape(sd.label) + r"['’\"”]", question)]
            # "In the bit-level scaling study of quantized image generators, what helps ..., and what does TopKLD try to
            # balance?": a question that does not compare may describe the paper it also names
            owners = quoted or ([sd for sd in sides if sd.paper_ids and sd.label not in described]
                                if not is_comparison(question) else [])
            if phrase in described and owners and (best := self.retriever.topic_search(phrase, k=3)) \
                    and best[0][2].paper_id in _taken(owners):
                # "'Coarse to fine' means something different in two generators here: M-VAR, and the one that predicts
                # coarse labels ...": the quoted words found the paper this describes; it is that side, not a third
                continue
            hit = self._resolve_description(phrase, sides, lead, context) if phrase in described else (
                self._said_by_one(glossed, sides) or self._resolve_phrase(glossed, sides, by_id))
            if hit is None:
                if not names_a_method(phrase) and len(phrase.split()) >= 2:
                    unresolved.append(phrase)  # a described side ("BiC-style bias correction") no search pinned down
                continue
            if hit.paper_id in _taken(sides):
                continue  # "the training-free time-step and architecture search": two halves of one side
            sides.append(Side(phrase, (hit.paper_id,)))
            by_id.setdefault(hit.paper_id, hit)
        if len(sides) > 2 and any(sd.label not in described for sd in sides) and only_one_and_other(question) \
                and not re.search(r"\bthe third\b|\bthree\b", question, re.I):
            # "How does it compare with TiUE, which shares one UNet encoder ...? What does each one cut ...": "one" and
            # "the other" are two papers: the first two found are they, and a third found by a description says what one
            # of the two does. (One named side and two descriptions stay three: which description is the named paper's,
            # word overlap and similarity disagree.)
            named = [sd for sd in sides if sd.label not in described]
            if not (len(named) == 1 and len(sides) - len(named) == 2):
                del sides[2:]
            elif re.search(r"\b(?:both|the two)\b", question[:question.find(described[0])] if described[0] in question else "", re.I):
                # "the transformers-as-svms paper and the 'pure attention loses rank' paper both analyze self-attention. one
                # says ..., the other that ...": the two are both papers, one of them named; the description that fits its
                # paper worse is the named one's
                fit = {sd.label: next((score for score, _, h in self.retriever.topic_search(sd.label, k=5)
                                       if h.paper_id == sd.paper_ids[0]), 0.0) for sd in sides if sd.label in described}
                sides.remove(next(sd for sd in sides if sd.label == min(fit, key=fit.get)))
        self._untangle(sides, described, by_id)
        return unresolved

    def _untangle(self, sides: list[Side], described: list[str], by_id: dict[str, Hit]) -> None:
        """Two described sides resolved in turn, the first taking the paper the second alone matches best: "Our adapted
        model lost its diversity. One paper blames adapter training such as LoRA ...; another traces it to step
        distillation and finds that the very first denoising steps decide ...". When the first clause alone matches
        another paper best, one no side has, each side takes its own best match."""
        both = [i for i, sd in enumerate(sides) if sd.label in described and sd.paper_ids]
        if len(both) != 2:
            return
        (i, a), (j, b) = [(k, sides[k]) for k in both]
        floor = self.settings.min_relevance

        def alone(clause: str) -> Hit | None:
            found = self.retriever.topic_search(clause)
            return found[0][2] if found and found[0][2].dense_similarity >= floor else None

        own_a, own_b = alone(a.label), alone(b.label)
        if own_a and own_b and own_b.paper_id == a.paper_ids[0] and own_a.paper_id != a.paper_ids[0] \
                and own_a.paper_id not in _taken(sides) and len(tokenize(a.label)) > DESCRIBED_WORDS:
            sides[i], sides[j] = Side(a.label, (own_a.paper_id,)), Side(b.label, (own_b.paper_id,))
            by_id.setdefault(own_a.paper_id, own_a)

    def _topic_papers(self, question: str, n: int, whole_topic: bool = True) -> list[Hit]:
        """The (up to n) papers about the topic of 'What methods here address Z, and how do they differ?': those the
        topic search finds (_searched_topic_papers), then those that write a name the topic gives ("Which papers use
        one of the Places datasets (Places365 or Places205)?", "... evaluate FLUX?"): a name no paper is named by, that
        a few papers write, picks them whatever their abstracts are about."""
        topic = self._genre_topic(question) or topic_of(question)
        if genre := _GENRE.match(topic):
            # "Which papers here are surveys or reviews?": the papers that say they are one, all of them (up to GENRE_PAPERS);
            # "surveys of diffusion models": those that use most of the words of what they survey
            ids = self.retriever.genre_papers()
            if about := re.match(r"\s*(?:of|on|about|covering)\s+(.+)", topic[genre.end():]):
                ids = [pid for pid in ids if self.retriever.word_coverage(about.group(1), pid) >= 0.5]
            return [h for pid in ids if (h := self.retriever.paper_hit(pid, topic))][:max(n, GENRE_PAPERS)]
        # "Which papers report results on ImageNet at 64x64?": the papers that write that dataset at that resolution
        at_resolution = list(dict.fromkeys(pid for name in _resolution_names(topic) for pid in self.retriever.papers_writing(name)))
        if at_resolution:
            return [h for pid in at_resolution if (h := self.retriever.paper_hit(pid, topic))][:n]
        found = self._searched_topic_papers(question, topic, n, whole_topic)
        if len(found) >= n:
            return found
        have = {h.paper_id for h in found}
        found += [h for pid in self._name_writers(topic) if pid not in have and (h := self.retriever.paper_hit(pid, topic))]
        return found[:n]

    def _name_writers(self, topic: str) -> list[str]:
        """The papers that write a name the topic gives (a catalog name, or a capitalised word the topic frames as
        one: "report Cityscapes experiments", "use Visual Genome"), not a paper's own name."""
        cat = self.retriever.catalog
        names = cat.names_in(topic) + [w for w in _CAPITALISED.findall(topic) if _framed(_NAMED_FRAME, topic, w)] + [
            run for run in _CAPITALISED_RUN.findall(topic) if _framed(_USED_FRAME, topic, run)]  # "use Visual Genome"
        names += self._long_forms(names)
        return list(dict.fromkeys(pid for name in dict.fromkeys(names)
                                  if (_DATASET_NAME.fullmatch(name) or (len(name) >= 4 or _framed(_USED_FRAME, topic, name))
                                      and not _KIND_OF_MODEL.fullmatch(name))
                                  and not any(self._is_own_name(name, pid) for pid in cat.lookup(name))
                                  for pid in self.retriever.papers_writing(name)))

    def _long_forms(self, names: list[str]) -> list[str]:
        """The long forms the one paper that spells out an acronym gives it ("VQA" -> "visual question answering"): a
        task's acronym, whose long form other papers write without the acronym."""
        cat, out = self.retriever.catalog, []
        for name in names:
            ids = cat.lookup(name)
            paper = self.retriever.store.get_papers(ids).get(ids[0]) if len(ids) == 1 else None
            if paper and (long := acronym_expansion(paper.abstract, name)) and len(long.split()) > 1:
                out.append(long)
        return out

    def _searched_topic_papers(self, question: str, topic: str, n: int, whole_topic: bool) -> list[Hit]:
        """The papers the topic search finds about the topic: on topic, within a quarter of the best topic score (a
        paper on one aspect of Z is not one of the methods for Z), and using at least half as many of the topic's words
        as the best paper does (a benchmark of interactive medical segmentation is close in meaning to "segmentation
        across clinical sites and scanners", but says neither). None when the question asks about a whole topic
        (whole_topic) that no paper covers."""
        floor = self.settings.min_relevance
        scored = [(score, cover, h) for score, cover, h in self.retriever.topic_search(topic, k=15)
                  if h.dense_similarity >= TOPIC_FLOOR]
        near = [(score, cover, h) for score, cover, h in scored if h.dense_similarity >= floor]
        if not near and len(set(tokenize(topic))) == 1:
            # one word ("work with video"): no abstract as a whole is close to a single word, so the papers that say it
            # are the candidates, best topic score first
            near = [(score, cover, h) for score, cover, h in scored if cover >= 1.0]
        if not near:
            return []
        known = self.retriever.known_share(topic)
        if whole_topic and not self._covers(topic_of(question, context=False), topic, near):
            return []
        best_score, best_cover, _ = near[0]
        # A paper that uses every word of the topic is about it even when its abstract as a whole is about something
        # else: "Dataset Condensation with Contrastive Signals" solves a bi-level optimization (similarity 0.20)
        # So is a paper that uses the rare word that names the topic ("whitening" in a face anti-spoofing abstract)
        key = self.retriever.key_word_users(topic, [h.paper_id for _, _, h in scored])
        return [h for score, cover, h in scored if known * cover >= TOPIC_FULL or h.paper_id in key or h.dense_similarity >= floor
                and score >= TOPIC_SHARE * best_score and cover >= TOPIC_COVER * best_cover][:n]

    def _covers(self, topic: str, searched: str, near: list[tuple[float, float, Hit]]) -> bool:
        """Whether the papers near a topic hold it (near: topic_search results for `searched`, the topic with the
        sentences before the question): some paper uses enough of its words ("protein structure prediction": papers
        say "structure" and "prediction", none says "protein"), and a short topic, a field's name ("automatic speech
        recognition"), is said by some paper unless one is close to it in meaning."""
        if topic != searched:  # the question's topic without the sentences before it ("... learning in that setting")
            near = [x for x in self.retriever.topic_search(topic, k=15) if x[2].dense_similarity >= self.settings.min_relevance]
            if not near:  # "that setting" alone finds nothing: the sentences before it say what it is
                return refers_back(topic)  # but "do lane detection" is about lane detection, which nothing here is near
        if self.retriever.known_share(topic) * max(cover for _, cover, _ in near) < TOPIC_MIN_COVER:
            return False
        # the length of what a paper must say: the topic without asides, or the gloss that stands for it (a description,
        # not a field's name: "histopathology, i.e. models working on stained tissue slides")
        core = self.retriever.core(topic)
        unwritten = self.retriever.unwritten_words(topic)
        last = re.findall(r"[\w-]+", core.lower())[-1:]
        if self.retriever.unwritten_term(topic) or len(unwritten) >= 2 or unwritten and last == unwritten[-1:]:
            # "private inference under homomorphic encryption": a term no paper writes; "use neural networks to design
            # auctions or other economic mechanisms": two words of what the papers must be about that none writes; "use
            # neural networks to design auctions": the word the topic ends on, what it is about
            return False
        return (max(h.dense_similarity for _, _, h in near) >= TOPIC_CLOSE or len(core.split()) > TOPIC_SHORT
                or core.strip() != bare_topic(topic).strip()
                or self.retriever.says_topic(topic, [h.paper_id for _, _, h in near]))

    def _holds_topic(self, question: str) -> bool:
        """Whether some paper is about the topic the question asks the collection for (see _covers)."""
        topic = topic_of(question)
        near = [x for x in self.retriever.topic_search(topic, k=15) if x[2].dense_similarity >= self.settings.min_relevance]
        return bool(near) and self._covers(topic_of(question, context=False), topic, near)

    def _no_topic(self, standalone: str, ranked: list[Hit], notes: list[str]) -> Plan:
        """A refusal for a topic that papers come near but none covers ("Which papers here address protein structure
        prediction?" finds papers about structure and about prediction)."""
        return self._refused(standalone, ranked, notes,
                             f"No paper in the collection is about '{topic_of(standalone)}'; the closest ones below cover only part of it.")

    def _not_in_abstract(self, standalone: str, titles: list[str], untested: list[str], ranked: list[Hit], notes: list[str]) -> Plan:
        """A refusal for a question about papers that are here, asked about benchmarks (untested) that other abstracts
        mention but theirs do not (see _untested)."""
        return self._refused(standalone, ranked, notes, self._holds_but(
            titles, "its abstract does not mention " + ", ".join(f"'{u}'" for u in untested) + ", which the question asks about"))

    def _not_tested_here(self, standalone: str, paper_id: str, names: list[str], ranked: list[Hit], notes: list[str]) -> Plan:
        """A refusal for a question about a paper that is here, asked about a benchmark or metric (names) no abstract
        mentions ("on QM9", "on Places2"): its abstract cannot answer."""
        paper = self.retriever.store.get_papers([paper_id]).get(paper_id)
        return self._refused(standalone, ranked, notes, self._holds_but(
            [paper.title if paper else paper_id], "no paper here mentions " + ", ".join(f"'{u}'" for u in names) + ", which the question asks about"))

    def _resolve_description(self, clause: str, sides: list[Side], lead: str = "", context: str = "") -> Hit | None:
        """The paper a clause describes ("backpropagates a differentiable reward through the denoising chain"): its own
        best topic match not taken by another side. The clause says more about its paper than the whole question does;
        a lead that every described side shares ("Two papers deal with generative models losing diversity: ...") is
        part of each description, and so is the question's context when the clause alone matches no paper closely
        ("is data duplication what makes stable diffusion regurgitate its training images? ... the paper that points
        at text conditioning")."""
        taken = _taken(sides)
        # "the product-of-invariances paper on ...": what the side is called (three words or more: "training-free" is said
        # of many), when one title says it word for word, is that paper
        if (kind := re.match(r"([^:]+):\s", clause)) and len((called := kind.group(1).replace("-", " ")).split()) >= 3:
            titled = [h for h in self.retriever.search(called, k=10)
                      if re.search(r"(?<!\w)" + re.escape(called.lower()) + r"(?!\w)", h.title.lower().replace("-", " "))]
            if len(titled) == 1 and titled[0].paper_id not in taken:
                return titled[0]
        # scored like a topic: a clause's rare words ("negatives that share the anchor's label") say which paper it is
        # better than fused ranks do, where one shared word ("contrastive") in a close abstract can win
        described = f"{lead}: {clause}" if lead else clause
        scored = [(cover, h) for _, cover, h in self.retriever.topic_search(described) if h.paper_id not in taken]
        # the clause's own matches: the same search when there is no lead, else searched once when first needed
        found = None if lead else scored
        if lead and len(scored) >= 2:
            # the lead is shared by every side, so it may pull each toward a paper about the lead alone ("Two theory papers
            # on contrastive learning: one explains why the representation before the projection head ..."): a paper
            # that the clause alone does not find at all gives way to the clause's own best match, when the lead ranks
            # that one close behind
            found = [(cover, h) for _, cover, h in self.retriever.topic_search(clause) if h.paper_id not in taken]
            alone = [h.paper_id for _, h in found]
            # and a paper that the clause alone describes nearly word for word ("erases a concept from a diffusion
            # model's weights using negative guidance") is that side, when the lead ("Negative guidance is a training
            # signal in one paper ...") ranks it close behind another
            covered = bool(found) and found[0][0] >= DESCRIBED_COVER and len(tokenize(clause)) >= 2 * DESCRIBED_WORDS
            if alone and (scored[0][1].paper_id not in alone or covered) and alone[0] in [h.paper_id for _, h in scored[:3]]:
                scored = sorted(scored, key=lambda x: x[1].paper_id != alone[0])
        # "points at text conditioning" says too little for the clause to stand against the question's setting
        long_clause = len(tokenize(clause)) >= DESCRIBED_WORDS + 1
        if context and context not in described and (not scored or scored[0][1].dense_similarity < STRONG_MATCH):
            own = scored[0][1].paper_id if scored and scored[0][1].dense_similarity >= self.settings.min_relevance and long_clause else None
            # a long clause whose rare words one abstract says far more of than any other names that paper, however
            # loosely it reads ("trains networks on synthetic datasets where several features play matched computational roles")
            dominant = scored[0][1].paper_id if long_clause and len(scored) >= 2 and scored[0][0] >= DOMINANT_COVER \
                and scored[0][0] >= DOMINANT_RATIO * scored[1][0] else None
            pulled = [(cover, h) for _, cover, h in self.retriever.topic_search(f"{context}: {described}") if h.paper_id not in taken]
            if own in [h.paper_id for _, h in pulled[:2]]:
                # "Samples come out nearly identical. One paper blames adapter training such as LoRA ...; another traces it
                # to step distillation ...": the setting pulls every side toward the paper about it; the clause's own
                # match, on topic and close behind, is the side
                scored = sorted(pulled, key=lambda x: x[1].paper_id != own)
            elif not (dominant and pulled and pulled[0][1].paper_id != dominant and not _QUOTED_TERM.search(context)):
                # (a setting that pulls a dominant clause to a paper about the setting alone, "I was planning to rank
                # pretrained backbones by how interpretable their features are ...", leaves the clause's own match; a
                # quoted term in it is what the sides share: "'Erasing' means two different things here. One paper ...")
                scored = pulled
        # a clause whose words one abstract says nearly all of names that paper even when the rest of it reads
        # differently ("claims robustness to red-teaming tools": 0.24 similar, but it says robust, red-teaming, tools)
        if scored and (scored[0][1].dense_similarity >= self.settings.min_relevance or (
                scored[0][0] >= DESCRIBED_COVER and scored[0][1].dense_similarity >= TOPIC_FLOOR)):
            return scored[0][1]
        if lead or context:
            # nothing the lead or setting pulled toward is close: the clause alone, when one abstract says nearly all of
            # it and far more than any other ("the Y-shaped one that shares only shallow layers": UniFork)
            if found is None:
                found = [(cover, h) for _, cover, h in self.retriever.topic_search(clause) if h.paper_id not in taken]
            if found and found[0][0] >= DESCRIBED_COVER and found[0][1].dense_similarity >= TOPIC_FLOOR and (
                    len(found) < 2 or found[0][0] >= DOMINANT_RATIO * found[1][0]):
                return found[0][1]
        return None

    def _said_by_one(self, phrase: str, sides: list[Side]) -> Hit | None:
        """The paper a described side phrase ("the paper that introduced continual backpropagation", "the one proposing
        ...") is when one abstract says nearly all of what it describes, however little else of the question it says."""
        clause = _DESCRIBED_PHRASE.sub("", phrase)
        if not clause or clause == phrase and (names_a_method(phrase) or len(tokenize(phrase)) < DESCRIBED_WORDS):
            return None  # a name, or a phrase too short to describe one paper ("squeezing a ... model onto consumer GPUs" is not)
        taken = _taken(sides)
        found = [(cover, h) for _, cover, h in self.retriever.topic_search(clause, k=3) if h.paper_id not in taken]
        # (one that says nearly every word, "the corrupted-label modular arithmetic paper", however loosely it reads)
        if found and found[0][0] >= DESCRIBED_COVER and (found[0][1].dense_similarity >= self.settings.min_relevance
                                                         or found[0][0] >= TOPIC_FULL and found[0][1].dense_similarity >= TOPIC_FLOOR):
            return found[0][1]
        return None

    def _resolve_phrase(self, phrase: str, sides: list[Side], by_id: dict[str, Hit]) -> Hit | None:
        """The paper a side phrase ("Weight Aligning", "gradient-free classifier guidance") refers to.

        Among the phrase's own top hits not taken by another side: a paper whose title contains the phrase
        word for word; else the best one by its rank for the phrase and for the whole question; else a strong match.
        """
        taken = _taken(sides)
        found = self.retriever.search(phrase, k=10)
        if (hit := self._title_match(phrase, found, list(by_id))) is not None:
            return hit  # a taken paper means the phrase describes a side already found (the caller drops it)
        if found and found[0].paper_id in taken and not names_a_method(phrase):
            return found[0]
        hits = [h for h in found if h.paper_id not in taken]
        if not hits:
            return None
        if (called := self._called_paper(phrase)) is not None and called.paper_id not in taken:
            return called  # "the concept-ablation paper": "Ablating Concepts in ..."
        if names_a_method(phrase):
            # a method name ("LoRA", "DeiT") that has no paper of its own here is missing, not a loose match; a
            # description around a term no paper owns ("the whitening-based SSL loss") is the paper its rare words lead to
            if hits[0].dense_similarity >= STRONG_MATCH:
                return hits[0]
            leads = hits[0].lexical_score >= LEXICAL_LEAD * max([h.lexical_score for h in hits[1:]] or [0.0])
            # so is "the Flamingo/DALL-E paper": names that one title says together ("Do DALL-E and Flamingo ...")
            names = [w for w in re.findall(r"[\w^+-]+", phrase) if looks_like_name(w) or w[0].isupper()]
            in_title = len(names) >= 2 and all(re.search(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", hits[0].title) for n in names)
            # or a name hyphenated from words the title writes side by side ("the CLIP-latents two-stage model": "...
            # Image Generation with CLIP Latents")
            in_title = in_title or any("-" in n and re.search(r"(?<![\w-])" + re.escape(n.replace("-", " ")) + r"(?![\w-])", hits[0].title, re.I)
                                       for n in names)
            # and so is a long description that opens like one ("the paper showing ViTs and MLP-Mixers can beat ResNets
            # from scratch by smoothing the loss landscape"): its names are what the paper works on
            describes = _DESCRIBED_PHRASE.match(phrase) is not None and len(tokenize(phrase)) >= 2 * DESCRIBED_WORDS
            borrowed = self._borrowed_in_description(phrase)
            # "Whitening-based SSL": the kind of method a title names ("Whitening for Self-Supervised ...")
            in_title = in_title or any(len(b) >= 5 and re.search(r"(?<![\w-])" + re.escape(b) + r"(?![\w-])", hits[0].title, re.I)
                                       for b in re.findall(r"\b([A-Za-z]+)-(?:based|style|like)\b", phrase))
            if leads and hits[0].dense_similarity >= self.settings.min_relevance and (in_title or describes or borrowed):
                return hits[0]
            if borrowed and len(tokenize(phrase)) >= DESCRIBED_WORDS and _RELATIVE_CLAUSE.search(phrase):
                # "a VQ tokenizer where most codebook entries never get used": a description around a term no paper
                # owns, with a clause saying what happens in it, whose rare words no single abstract leads on; scored
                # like a topic, they say which paper (not "the high-order ODE solver": a kind, no clause)
                scored = [h for _, _, h in self.retriever.topic_search(phrase) if h.paper_id not in taken]
                return scored[0] if scored and scored[0].dense_similarity >= self.settings.min_relevance else None
            return None
        # on topic for the question too: rank by both rankings (reciprocal rank fusion)
        # a described side is one of the few papers the whole question is most about (else the caller fills it from those)
        q_rank = {pid: i for i, pid in enumerate(list(by_id)[:3])}
        pooled = sorted((h for h in hits if h.paper_id in q_rank),
                        key=lambda h: -(1 / (10 + hits.index(h)) + 1 / (10 + q_rank[h.paper_id])))
        if pooled and pooled[0].dense_similarity >= self.settings.min_relevance - 0.15:
            return by_id[pooled[0].paper_id]
        return hits[0] if hits[0].dense_similarity >= STRONG_MATCH else None

    def _borrowed_in_description(self, phrase: str) -> bool:
        """Whether a phrase's only names are terms the papers use without any being theirs, beside two or more words of
        its own, in lower case ("the whitening-based SSL loss": SSL is no paper's name, whitening and loss say which
        paper); "LoRA" or "LoRA fine-tuning" stays a name."""
        names = [w for w in re.findall(r"[\w^+-]+", phrase) if looks_like_name(w)]
        borrowed = set(self.retriever.catalog.borrowed_names(phrase))
        rest = [w for w in phrase.split() if tokenize(w) and not any(n in w for n in names)]
        # (capitalised words are a name of their own: "3D Gaussian Splatting")
        return bool(names) and all(n in borrowed for n in names) and len(rest) >= 2 and all(w.islower() for w in rest)

    def _describes_one(self, phrase: str) -> bool:
        """Whether a phrase after "vs" is a description of one paper here rather than a generic baseline: long, and
        close to one abstract ("model soups vs a single fine-tuning run with an extremely high dropout rate")."""
        if len(tokenize(phrase)) < DESCRIBED_WORDS:
            return False
        found = self.retriever.search(phrase, k=1)
        if found and found[0].dense_similarity >= STRONG_MATCH:
            return True
        # "compared with regularizing weight matrix singular values": one abstract says every word of it, far more of it
        # than any other says
        scored = self.retriever.topic_search(phrase, k=5)
        return bool(scored) and scored[0][1] >= DESCRIBED_COVER and scored[0][2].dense_similarity >= self.settings.min_relevance \
            and (len(scored) < 2 or scored[0][1] >= DOMINANT_RATIO * scored[1][1])

    def _titled(self, phrase: str) -> bool:
        """Whether a phrase says most of one paper's title ("ObjectDiffusion vs the training-free composite scene
        generation method": a paper, not a generic baseline such as "full attention")."""
        hit = self._title_match(phrase, self.retriever.search(phrase, k=10))
        if hit is None:
            return False
        # "OGEN versus the class-relation distillation approach": a short phrase that one title says every word of,
        # and that matches that paper strongly, is the paper, not a generic baseline such as "full attention"
        words = [w for w in phrase.split() if tokenize(w)]
        return title_overlap(phrase, hit.title) >= min(TITLED_WORDS, max(len(words), 2)) and (
            len(words) >= TITLED_WORDS or hit.dense_similarity >= STRONG_MATCH)

    @staticmethod
    def _title_match(phrase: str, hits: list[Hit], question_ranking: list[str] = ()) -> Hit | None:
        """Among a phrase's hits, the paper whose title contains the phrase word for word ("Style Injection"), else
        the title that uses most of its words, at least two ("ablating a concept" ~ "Ablating Concepts"). Several
        titles containing a common phrase ("transfer learning") go to the one the whole question ranks higher; equal
        word overlaps go to the phrase's better hit ("hallucination-aware DPO")."""
        low = phrase.lower()
        rank = {pid: i for i, pid in enumerate(question_ranking)}

        def best(candidates: list[Hit]) -> Hit | None:
            return min(candidates, key=lambda h: (rank.get(h.paper_id, len(rank)), hits.index(h)), default=None)

        if len(low.split()) >= 2:  # one common word is not enough
            verbatim = [h for h in hits if re.search(r"(?<!\w)" + re.escape(low) + r"(?!\w)", h.title.lower())]
            if verbatim:
                return best(verbatim)
        overlap = {h.paper_id: title_overlap(phrase, h.title) for h in hits}
        top = max(overlap.values(), default=0)
        if top < 2:
            return None
        hit = next(h for h in hits if overlap[h.paper_id] == top)
        # two words of a long description ("the paper showing ViTs and MLP-Mixers can beat ResNets ... by smoothing the
        # loss landscape") are its title only if the description's own search finds that paper close to the top (not
        # "Using Degeneracy in the Loss Landscape ...", far below)
        return hit if top >= len(word_stems(phrase)) / 3 or hit in hits[:3] else None

    def _side_on_topic(self, side: Side, question: str, by_id: dict[str, Hit]) -> bool:
        """A side named by a paper's own name counts; one named by a word its abstract merely uses
        ("BERT" in a restoration question, "FID" or "DDIM" that it spells out) counts only when that paper
        is about the question."""
        if not side.paper_ids or self._is_own_name(side.label, side.paper_ids[0]):
            return True
        pid = side.paper_ids[0]
        hit = by_id.get(pid) or self.retriever.paper_hit(pid, question)
        if hit is None:
            return False
        # a name the question uses ("the original representation alignment (REPA) recipe") may sit a little below the
        # relevance floor, but not far below the best match ("versus DDIM" in a question about another paper)
        top = max((h.dense_similarity for h in by_id.values()), default=0.0)
        return hit.dense_similarity >= max(self.settings.min_relevance - 0.1, 0.5 * top)

    def _is_own_name(self, label: str, paper_id: str) -> bool:
        """'LightGNN' for the LightGNN paper; not 'ViTs' for a paper whose title merely mentions ViTs."""
        cat = self.retriever.catalog
        key, own = name_key(label), cat.own_name(paper_id)
        spelled = cat.spelled.get(label)  # "DANN": the title's initials, found only where the question shares its words
        if cat.primary.get(key) == paper_id or (own is not None and name_key(own) == key) or bool(spelled) and spelled[0] == paper_id:
            return True
        # "Matryoshka Representation Learning": the paper's whole title, of several words
        paper = self.retriever.store.get_papers([paper_id]).get(paper_id) if " " in label.strip() else None
        return paper is not None and normalise_title(paper.title) == normalise_title(label)
