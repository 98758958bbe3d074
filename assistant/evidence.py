"""Pick the sentences of an abstract that bear on a question: the quoted evidence of every answer."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.lexical import tokenize

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")
_NUMBER = re.compile(r"\d")
_NUMERIC_Q = re.compile(r"\b(how (much|many|fast|large|big|long)|what (fid|accuracy|score|speed ?up|percentage|number)|"
                        r"by how|faster|speedup|speed-up|percent|%|times|reduction|improv\w*|reports?|achiev\w*|fid|auc|bleu)\b", re.I)
# Training settings a question may ask the value of ("What EMA momentum coefficient does X use?")
_SETTINGS_ASKED = r"coefficient|momentum|weight decay|dropout rate|warm-?up|threshold|masking ratio"
# "What learning rate ...?", "How many steps ...?", "By how much ...?": the answer is a figure
_ASKS_FIGURE = re.compile(r"\b(which ([\w-]+ ){0,3}(accuracy|correlations?)|how much(?![^?.]{0,60}\b(matters?|helps?|hurts?|affects?|influences?|depends?|contributes?)\b)|how (many|fast|large|long)|by how much|what (is the |was the |are the )?([\w-]+ ){0,3}(learning rates?|batch size|"
                          r"accuracy|fid|fvd|lpips|psnr|ssim|m?iou|perplexity|score|percentage|number of|speed-?up|compression ratio|top-1|bleu|auc|au-?roc|(?-i:mAP)|f1|f-?measure|f-?score|error rate|(?:verified|test|training|certified|robust|top-1|top-5|clean|generalization) error|"
                          r"abs\s?rel|rmse|delta\s?1|δ\s?1|dice|chamfer|"
                          r"temperature|rank|sizes?|rates?|utili[sz]ation|" + _SETTINGS_ASKED + r"))\b", re.I)
_FIGURE = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|billions?|"
                     r"single|twice|double|half|several)\b", re.I)


_COUNTED = re.compile(r"\bhow many\s+([\w-]+(?:\s+(?!(?:does|do|did|is|are|was|were|has|have|can|will|would|and|or|in|on|of|for|to|per|used|were|took|take|get|got|gave|give|gives|made|make|had|saw|ran|wrote|found|chose|came|join\w*|participat\w*|went|(?!(?:s|sp|n|f)eed\b)[\w-]+ed)\b)[\w-]+)?)|"
                      r"\bwhat\s+((?:[\w-]+\s+){0,2}?(?:rank|learning rate|batch size|resolution|temperature|dimension|"
                      r"budget|hyperparameters?|gpus?|hardware|sizes?|rates?|utili[sz]ation|" + _SETTINGS_ASKED + r"))"
                      r"(?:\s+(?:does|do|did|is|was|were)\b|\s*,)", re.I)


_HOW_LARGE = re.compile(r"\bhow (?:large|big)\s+(?:is|are|was|were)\s+(?:the|their|its|these|those)\s+((?:[\w-]+\s+){0,2}?"
                        r"(?:models?|networks?|datasets?|corpus|vocabulary|codebooks?))\b", re.I)
_POINTS_OF = re.compile(r"^(?:percentage\s+)?points?$", re.I)
_POINTS_THING = re.compile(r"\bhow many\s+(?:percentage\s+)?points?\s+(?:of|in)\s+([\w-]+(?:\s+(?:accuracy|error|score|recall|precision))?)", re.I)


_CHOOSES = re.compile(r"\b(?:learn|decid|choos|chose|determin|select|pick|infer|adapt|control|tun|count|track|estimat|verif|check|"
                      r"(?:work|figur|find|found|make|made)\w*\s+out)\w*\s+$", re.I)  # "... works out how many instances it drew"


# "how long does one personalization take": a duration, which an abstract gives in time units ("How much inference time
# does HiDiffusion save?" asks for a saving, which "reducing inference time by 40%-60%" gives)
_ASKS_DURATION = re.compile(r"\bhow long\s+(?:does|do|did|will|would|is|was|are|were)\b[^?.]{0,80}?\b(?:take|takes|last|lasts)\b", re.I)
_DURATION = re.compile(r"\b(?:\d[\d.,]*\s*(?:ms|s|sec|h|hrs?|min)|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|"
                       r"real-?time|latency|wall-?clock)\b", re.I)


def asks_duration(question: str) -> bool:
    """Whether a question asks how long something takes ("how long does one personalization take on a phone?")."""
    return _ASKS_DURATION.search(question) is not None


def gives_duration(text: str) -> bool:
    """Whether a text says anything of time taken: a duration, a latency, "real-time" (a speedup alone is no duration)."""
    return _DURATION.search(text) is not None


def counted_things(question: str) -> list[str]:
    """What a question asks a figure of: "how many GPU hours", "what LoRA rank does ..." -> ["GPU hours", "LoRA rank"];
    "how many points of top-1 accuracy" -> ["top-1 accuracy"] (points are how the figure is written, not what it is)."""
    # "an approach that learns how many channels to keep": what the method finds, not a figure asked for
    # "which channels, and how many of them": the count is of a thing named before, not of "of them"
    things = [t for m in _COUNTED.finditer(question) if not _CHOOSES.search(question[:m.start()])
              and not re.match(r"of\s+(?:them|these|those|it|each)\b", t := (m.group(1) or m.group(2)).strip(), re.I)]
    # "how large were the models trained without positional encodings?": their size
    things += [re.sub(r"(?<=[a-rt-z])s$", "", m.group(1)) + " size" for m in _HOW_LARGE.finditer(question)]
    if any(_POINTS_OF.match(t) for t in things) and (m := _POINTS_THING.search(question)):
        things = [m.group(1) if _POINTS_OF.match(t) else t for t in things]
    return things


# Metrics a question may ask a figure of, and how an abstract that reports one writes it ("FID" or "Frechet Inception
# Distance"). A general word such as "accuracy" is not here: an abstract's percentages may be accuracies unnamed.
_METRICS = {
    "FID": r"\bfid\b|fr[ée]chet inception", "FVD": r"\bfvd\b|fr[ée]chet video", "LPIPS": r"\blpips\b|learned perceptual",
    "PSNR": r"\bpsnr\b|peak signal", "SSIM": r"\bssim\b|structural similarity", "mIoU": r"\bm?iou\b|intersection over union",
    "perplexity": r"perplexit", "BLEU": r"\bbleu\b", "ROUGE": r"\brouge", "AUC": r"\bauc\b|auroc|area under",
    "mAP": r"\bmap\b|mean average precision", "WER": r"\bwer\b|word error", "CLIP score": r"clip[- ]?score",
    "Inception Score": r"inception score", "top-1": r"top-?1\b", "F1": r"\bf1\b|f-?score|f-?measure", "EER": r"\beer\b|equal error",
    "NDCG": r"\bndcg\b", "bits per dimension": r"\bbpd\b|bits[/ ]per[/ ]dim",
    "AbsRel": r"\babs\s?rel\b|absolute relative error", "RMSE": r"\brmse\b|root[- ]mean[- ]squared? error",
    "delta1": r"\bdelta\s?1\b|δ\s?1\b|[δ]\s?<\s?1\.25", "Dice": r"\bdice\b", "Chamfer distance": r"\bchamfer\b",
}
# how a question may write a metric besides its name ("AUROC" for AUC, "IoU" for mIoU, "mAP@100")
_ASKED_AS = {"AUC": r"auc|au-?roc|au-?prc", "mIoU": r"m?iou", "mAP": r"(?-i:mAP)(?=@\d|(?![\w-]))", "F1": r"f1|f1-score",
             "AbsRel": r"abs\s?rel|absolute relative error", "RMSE": r"rmse", "delta1": r"delta\s?1|δ\s?1", "Dice": r"dice",
             "Chamfer distance": r"chamfer(?: distance)?"}
_METRIC_ASKED = {name: re.compile(r"(?<![\w-])(?:" + _ASKED_AS.get(name, re.escape(name)) + r")(?![\w-])", re.I) for name in _METRICS}


# a benchmark's own score ("GenEval score", "HPSv2 score"): a name of capitals and letters, then "score"
_NAMED_SCORE = re.compile(r"(?<![\w-])((?-i:[A-Z][a-z]*[A-Z][\w-]*|[A-Z]{2,}[\w-]*))\s+scores?\b", re.I)


def asked_metrics(question: str) -> list[str]:
    """The named metrics a question asks about: "What FID does HiDiffusion reach at 4096x4096?" -> ["FID"]; "What
    absolute GenEval score ...?" -> ["GenEval"]."""
    known = [name for name, asked in _METRIC_ASKED.items() if asked.search(question)]
    return known + [m.group(1) for m in _NAMED_SCORE.finditer(question)
                    if not any(_METRIC_ASKED[k].fullmatch(m.group(1)) or k.lower() == m.group(0).lower() for k in known)]


# a plain quantity asked for as the figure itself ("Which math accuracy does CoLM reach ...?", "how much higher is its
# correlation with ...?"), not merely named beside another ("How much faster is it, and does it lose accuracy?")
_QUANTITY_ASKED = re.compile(r"\b(?:what|which)\s+(?:[\w-]+\s+){0,3}?(accuracy|correlations?)\b|\bhow\s+(?:much\s+)?(?:high|higher|low|lower|"
                             r"strong|stronger|better|worse)\s+(?:is|are|was|were)\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,3}?(accuracy|correlations?)\b", re.I)


def asked_quantities(question: str) -> list[str]:
    """The plain quantities (accuracy, correlation) a question asks for as its figure, in the words an abstract gives
    them with ("correlation" for "correlations")."""
    return list(dict.fromkeys((m.group(1) or m.group(2)).lower().rstrip("s") for m in _QUANTITY_ASKED.finditer(question)))


def gives_quantity(text: str, quantity: str) -> bool:
    """Whether an abstract may give the plain quantity asked for: an accuracy is mostly written as a percentage alone
    ("reaches 88.5% on Split-CIFAR-100"), and "accuracy" may loosely mean the score a paper does report ("What accuracy
    does NFIG get?": an FID of 2.81); a correlation is named."""
    if quantity == "accuracy":
        return re.search(r"\d\s*(?:\\?%|percent)", text) is not None or any(
            reports_metric(text, metric) for metric in ("accuracy", *_METRICS))
    return reports_metric(text, quantity)


def reports_metric(text: str, metric: str, absolute: bool = False) -> bool:
    """Whether a text (an abstract) gives a value of the metric: names it, by acronym or spelled out, with a number
    close by ("an FID of 19.8", "2.06 FID", "improves FID by 30%"). "Speedups are confirmed by FID" gives none. With
    absolute, a gain ("+5.3% top-1 accuracy", "improves FID by 30%") is no value of the metric itself."""
    for m in re.finditer(_METRICS.get(metric) or r"(?<![\w-])" + re.escape(metric) + r"(?![\w-])", text, re.I):
        before, after = text[max(0, m.start() - 30): m.start()], text[m.end(): m.end() + 40]
        after = re.split(r"[.;]\s|,?\s+(?:and|while|but)\s", after)[0]  # "GenEval score and 7% in HPSv2": the 7% is HPSv2's
        # "59 points in Inception Score", "a 12% lower FID", "2.06 FID"
        values = [(after, v) for v in re.finditer(_VALUE, after)] + [
            (before, v) for v in re.finditer(_VALUE + r"(?=\s*(?:\\?%|points?|pts|percent|dB)?(?:\s+(?:higher|lower|better|worse|in|of|on))*\W*$)", before)]
        if any(not absolute or not _RELATIVE_VALUE.search(where[:v.start()][-25:] + where[v.start():v.end() + 12]) for where, v in values):
            return True
    return False


# a value given as a change ("+5.3%", "by 30%", "a 12% lower", "gains of 2 points"), not the metric's own level
_RELATIVE_VALUE = re.compile(r"[+±]\s*\d|\b(?:by|gains?\s+of|improvements?\s+of|boosts?\s+of|(?:drops?|reductions?|decreases?|losse?s?)\s+of|up\s+to)\s+\d|\d[\d.]*\s*\\?%?\s*(?:higher|lower|better|worse|more|less|fewer)\b", re.I)


# a number that is a metric's value, not a speed-up ("1.7x"), a step count ("20 steps"), a size ("256x256") or part of
# a name ("ImageNet-64")
_VALUE = r"(?<![\w./-])\d+(?:\.\d+)?(?!\.?\d)(?!\s*(?:x|×|-?steps?\b|-?step\b|k\b|m\b|b\b|px\b|\s*[x×]\s*\d))"


# Kinds of data and model a method may be applied to, and the words an abstract that covers one uses
_DOMAINS = {
    "audio or speech": r"audio|speech|sound|voice|spectrogram|acoustic|music|speaker|\basr\b",
    "video": r"video",
    "3D data": r"\b3d\b|point[- ]cloud|mesh|radiance field|nerf",
    "graphs": r"\b(?:sub|hyper|multi)?graph|\bgnn|\bnodes?\b",  # not "photographs"
    "molecules": r"molecul|protein|chemi|drug",
    "language models or text": r"language model|\bllms?\b|\bnlp\b|natural language|chatbot|text classification|sentiment",
    "diffusion models": r"diffusion",
    "vision transformers": r"vision transformer|\bvits?\b",
    "medical data": r"medical|clinical|\bmri\b|\bct\b|patholog|radiolog|patient",
    "reinforcement learning": r"reinforcement|robot|\bagents?\b|\brl\b",
    "time series": r"time[- ]series|forecast",
    "tabular data": r"tabular",
}
# "applied to voice conversion", "works on text-to-video models", "carry over to graphs": where a question takes a method
_APPLIED = re.compile(r"\b(?:(?:appl(?:y|ied|ying|ies)|used?|using|work(?:s|ed)?|extend(?:s|ed)?|transfer(?:s|red)?|adapt(?:s|ed)?|"
                      r"generali[sz]e(?:s|d)?|carr(?:y|ies|ied) over|helps?|tested|evaluated|run|ported?|holds? up|fares?|fared|perform(?:s|ed)?)\b"
                      r"(?:\s+[\w-]+){0,5}?\s+(?:to|on|for|with|in|when)|handle[sd]?|cope with)\s+((?:[\w-]+\s*){1,6})", re.I)


def applied_domains(question: str) -> list[tuple[str, str]]:
    """The kinds of data or model a question takes a method to, with the words that say so: "Has STEER been applied
    to voice or speech style conversion?" -> [("audio or speech", "voice or speech style conversion")]."""
    out = []
    for m in _APPLIED.finditer(question):
        if re.match(r"work", m.group(0), re.I) and re.search(r"\b(?:my|our)\s+(?:[\w-]+\s+){0,2}$", question[:m.start()], re.I):
            continue  # "My agent works in partially observable 3D environments": the asker's setting, not where a method goes
        where = m.group(1).strip()
        out += [(name, where) for name, words in _DOMAINS.items() if re.search(words, where, re.I)]
    return out


def mentioned_domains(text: str) -> list[tuple[str, str]]:
    """Every kind of data or model a text names, with the word that names it: "distills a text-to-video diffusion model"
    -> [("video", "video"), ("diffusion models", "diffusion")]."""
    return [(name, m.group(0)) for name, words in _DOMAINS.items() if (m := re.search(words, text, re.I))]


def covers_domain(text: str, domain: str) -> bool:
    """Whether a text (an abstract) says anything of that kind of data or model."""
    return re.search(_DOMAINS[domain], text, re.I) is not None


# "quantifying how fast", "a theory of how much": the figure is what the asked-for work studies
_STUDIES = re.compile(r"\b(quantif\w*|measur\w*|analy[sz]\w*|characteri[sz]\w*|explain\w*|predict\w*|bound\w*|theory of|"
                      r"(?:theoretical|formal|mathematical)\s+(?:account|analysis|explanation|treatment|model)\s+of|account\s+of|"
                      r"understand\w*|describ\w*|model(?:s|ing|ling)?)\s+(?:\w+\s+){0,2}$", re.I)


def asks_for_figure(question: str) -> bool:
    """Whether the question asks for a figure, not for work that studies one ("is there analysis here quantifying how
    fast it degrades?" asks for the analysis)."""
    m = _ASKS_FIGURE.search(question)
    return m is not None and not _STUDIES.search(question[max(0, m.start() - 40):m.start()])


# "Which two benchmark datasets is CountGen evaluated on?": the question opens by asking which data a paper was tested on
_ASKS_DATASETS = re.compile(r"^[^?]*?(\b(?:which|what)\s+(?:(?!(?:papers?|works?|methods?|approaches|studies|ones?)\b)[\w-]+\s+){0,3}?"
                            r"(?:datasets?|benchmarks?)\b)(?!\s+(?:papers?|works?|studies)\b)", re.I)
_FIRST_ASK = re.compile(r"\b(?:which|what|how|where|when|who|why|does|do|did|is|are|can)\b", re.I)
# sentences of an abstract that say what a paper was tested on
_EVALUATION = re.compile(r"\b(datasets?|benchmarks?|experiments?|experimental|evaluat\w*|tested|validat\w*|outperform\w*|results?)\b", re.I)


def asks_which_datasets(question: str) -> bool:
    """Whether a question's first ask is which datasets or benchmarks something was evaluated on ("Which four datasets
    does Revelio use ...?", "In the Lasso paper, which computer vision datasets were the experiments run on?")."""
    m = _ASKS_DATASETS.search(question)
    first = _FIRST_ASK.search(question)
    return m is not None and first is not None and first.start() == m.start(1)


def evaluation_sentences(abstract: str) -> list[str]:
    """The sentences of an abstract that say what it was tested on or how it did."""
    return [s for s in split_sentences(abstract) if _EVALUATION.search(s)]


# "on the Long Range Arena", "on the DIS5K test sets": where a question asks for its figure
_ON_BENCHMARK = re.compile(r"\b(?:on|across|over)\s+(?:the\s+)?((?-i:[A-Z])[\w-]*(?:\s+[\w-]+){0,3})", re.I)


def unscored_benchmark(question: str, abstract: str) -> str:
    """The benchmark a question asks a figure on ("What average accuracy on the Long Range Arena ...?") that the abstract
    names only in sentences without a number, nor a number in the sentence after ("recover SSM performance on a range
    of tasks including the long range arena, ..."), else ''."""
    sentences = split_sentences(abstract)
    for m in _ON_BENCHMARK.finditer(question):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            if len(name) < 4 or not (n > 1 or re.search(r"[A-Z].*[A-Z0-9]|\d", name)):
                continue  # one plain word ("Imagenet" aside) is no benchmark name: "on Monday", "on Transformers"
            form = re.compile(r"(?<![\w-])" + re.escape(name).replace(r"\ ", r"[\s-]+") + r"(?![\w-])", re.I)
            at = [i for i, x in enumerate(sentences) if form.search(x)]
            if not at:
                continue
            if not any(re.search(r"\d", form.sub(" ", x)) for i in at for x in sentences[i:i + 2]):
                return name
            break
    return ""


def states_figures(text: str) -> bool:
    """Whether a text gives any number at all (digits or words): an abstract without one cannot answer 'how many'."""
    return _FIGURE.search(text) is not None


_METHOD = re.compile(r"\b(we (propose|present|introduce|develop|devise|design)|our (method|approach|framework|model)|"
                     r"this paper|in this (paper|work))\b", re.I)
_PROPOSE = re.compile(r"\b(we|this (paper|work)|our (method|approach|framework)) (\w+ )?(propose|present|introduce|develop|devise|design)\w*\b|"
                      r"\b(dubbed|called|named|termed|coined)\b", re.I)  # "a new representation space, dubbed aRGB"
_PROBLEM = re.compile(r"\b(however|challeng\w*|problem|limitation|suffer|struggle|bottleneck|costly|remains)\b", re.I)
_RESULT = re.compile(r"\b(achiev\w*|outperform\w*|improv\w*|results?|experiments?|state-of-the-art|demonstrat\w*|reduc\w*|faster)\b", re.I)
# "Is there a way to ...?", "Has anyone built ...?", "How can ...?": the user wants the method, not a restated problem
_WANTS_METHOD = re.compile(r"\b(is there|are there|has anyone|have any|how (can|could|do|does|to)|"
                           r"what (\w+[ -])?(approach|method|technique|fix|way|architecture|representation|space|model|loss|objective|"
                           r"module|mechanism|strategy|framework|component|algorithm|regulari\w+)|"
                           r"which (paper|method|approach|work)|any (paper|method|approach|work)|propos\w*|fix|solution)\b", re.I)
_BOILERPLATE = re.compile(r"^(code|codes|the code|our code|project page|the implementation)\b.*(available|released|github|https?://)", re.I)


@dataclass(frozen=True)
class Evidence:
    """Sentences selected from one paper's abstract, in abstract order, with their positions."""

    paper_id: str
    sentences: tuple[str, ...]
    indices: tuple[int, ...]
    best: str = ""  # the single sentence that bears most on the question


def split_sentences(text: str) -> list[str]:
    parts = [s.strip() for s in _SENT_SPLIT.split(text.strip()) if s.strip()]
    return parts or [text.strip()]


def _scorer(question: str, sentences: list[str]):
    """Each sentence's terms, and a function covered -> scores. Tokenising, idf and cue matching happen once, so
    the greedy selection below re-scores with arithmetic only."""
    q_terms = set(tokenize(question))
    docs = [set(tokenize(s)) for s in sentences]
    n = len(sentences)
    weight = {t: math.log(1 + n / (1 + sum(t in d for d in docs))) + 0.5 for t in q_terms}
    wants_number = bool(_NUMERIC_Q.search(question))
    wants_method = bool(_WANTS_METHOD.search(question))
    cues = []  # per sentence, the additions after the term overlap, in order
    for i, sent in enumerate(sentences):
        adds = []
        if wants_number and _NUMBER.search(sent):
            adds.append(1.5)
        if _METHOD.search(sent):
            adds.append(0.8)
        if wants_method and _PROPOSE.search(sent):
            adds.append(1.5)
        if _RESULT.search(sent) and _NUMBER.search(sent):
            adds.append(0.4)
        if _BOILERPLATE.search(sent):
            adds.append(-3.0)
        adds.append(0.2 * (1 - i / max(1, n)))  # earlier sentences state the problem and method
        cues.append(adds)

    def score(covered: frozenset[str] = frozenset()) -> list[float]:
        scores = []
        for terms, adds in zip(docs, cues):
            value = sum(weight[t] * (0.25 if t in covered else 1.0) for t in q_terms & terms)
            for add in adds:
                value += add
            scores.append(value)
        return scores

    return docs, score


def score_sentences(question: str, sentences: list[str]) -> list[float]:
    """Overlap of question terms (idf-weighted within the abstract) plus cues for numbers and methods."""
    return _scorer(question, sentences)[1]()


def asking_sentence(question: str) -> str:
    """The part of a question that asks: "There's a paper arguing X. What component does it single out?" -> the last
    sentence ending in "?", when the question has several sentences; else the whole question."""
    sentences = split_sentences(question)
    asks = [x for x in sentences if x.endswith("?")]
    return asks[-1] if len(sentences) > 1 and asks else question


def select_evidence(paper_id: str, abstract: str, question: str, limit: int) -> Evidence:
    """The `limit` best sentences for the question, returned in abstract order."""
    sentences = split_sentences(abstract)
    docs, score = _scorer(question, sentences)
    scores = score()
    ranking = scores
    if (ask := asking_sentence(question)) != question:
        # the one best sentence answers what is asked; the context sentences only say which paper it is
        ranking = [a + 0.25 * b for a, b in zip(_scorer(ask, sentences)[1](), scores)]
    best = max(range(len(sentences)), key=lambda i: ranking[i], default=None)
    # Greedy cover: each next sentence is scored on the question terms the chosen ones do not already hold (they
    # count a quarter), so "why ... and what fix ...?" gets the cause and the fix rather than three restatements.
    chosen: list[int] = []
    covered: set[str] = set()
    while len(chosen) < min(limit, len(sentences)):
        again = score(frozenset(covered)) if chosen else scores
        pick = max((i for i in range(len(sentences)) if i not in chosen), key=lambda i: again[i])
        chosen.append(pick)
        covered |= docs[pick]
    if _WANTS_METHOD.search(question) and limit >= 2 and not any(_PROPOSE.search(sentences[i]) for i in chosen):
        # the user asked for the method: the sentence where the paper states it goes in, whatever its words
        offers = [i for i in range(len(sentences)) if _PROPOSE.search(sentences[i]) and i not in chosen]
        if offers:
            chosen[-1] = max(offers, key=lambda i: scores[i])
    chosen.sort()
    return Evidence(paper_id, tuple(sentences[i] for i in chosen), tuple(chosen), sentences[best] if best is not None else "")


def table_cells(abstract: str, question: str) -> dict[str, str]:
    """One sentence per comparison column from an abstract: the problem before the method, the result after it."""
    sentences = split_sentences(abstract)
    usable = [i for i, s in enumerate(sentences) if not _BOILERPLATE.search(s)]
    if not usable:
        return {}
    scores = score_sentences(question, sentences)
    methods = [i for i in usable if _PROPOSE.search(sentences[i])] or [i for i in usable if _METHOD.search(sentences[i])]
    approach = methods[0] if methods else max(usable, key=lambda i: scores[i])
    before = [i for i in usable if i < approach]
    after = [i for i in usable if i > approach]
    problems = [i for i in before if _PROBLEM.search(sentences[i])] or before[:1]
    results = (
        [i for i in after if _RESULT.search(sentences[i]) and _NUMBER.search(sentences[i])]
        or [i for i in after if _RESULT.search(sentences[i])]
        or after[-1:]
    )
    cells = {"approach": sentences[approach]}
    # "We propose X." says what; the sentence after it usually says how ("Specifically, X aligns ..."): keep it,
    # unless it is already the result
    follow = [i for i in after[:1] if not (_RESULT.search(sentences[i]) and _NUMBER.search(sentences[i]))]
    if follow and len(sentences[approach].split()) < 45:
        cells["approach"] += " " + sentences[follow[0]]
        results = [i for i in results if i != follow[0]] or results
    if problems:
        cells["problem"] = sentences[max(problems, key=lambda i: scores[i])]
    if results:
        cells["result"] = sentences[max(results, key=lambda i: scores[i])]
    return cells
