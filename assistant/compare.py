"""Comparison questions: detect them, find their sides, and lay out a cited comparison table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.catalog import Catalog, looks_like_name
from assistant.evidence import table_cells

_COMPARE = re.compile(
    r"\b(differ(s|ed|ing|ently)?|different (from|than)|difference\w*|what distinguishes|distinguish(es)? between|compare\w*|comparing|comparison|(?<![\w-])contrast(s|ed|ing)?\b|versus|vs\.?|similar\w*(?! to (?:each other|one another))(?<!semantically similar)(?<!visually similar)|"
    r"which (one |method |approach |paper )?(is|was|does|gets|achieves|reports|has|yields|gives|shows|offers|provides|brings|needs|requires)\b.*\b(or|than)\b|"
    r"better|faster|slower|stronger|weaker|more \w+ than|how do they (differ|compare)|"
    r"(how|what|where|why|which)( [\w-]+){0,3}? (do|did) [^?.]+\band\b[^?.]+\beach\b(?! other)|how (do|did) (they|the two|these two|those two|both) each\b|(where|what|why|which|when) (do|did) (they|the two|these two|those two) each\b|how (does|did) each (one |of them )?\w+|how (does|do|did|is|are|was|were) [^?.]{1,160}\brelated? to|(is|are) (it|they|these|those) (really |just |basically |actually )?the same\b|"
    r"(is|are|was|were) (it|they|this|that|these|those) (\w+ )?related to|"
    r"in common|alike|part ways|where (do|does|did) [^?.]+ (agree|disagree|diverge)|what (separates|sets apart)|which (one|of (them|the two|these|those|both))|\bor\b[^?.]*?\s[-–—:]\s*which|"
    # "How do X and Y stack up?", "pros and cons of each", "Which should I use: X or Y?", "Are they solving the same problem?"
    r"stacks? up|(do|does|did) [^?.]{2,120}\b(really |actually )?go (far |much |well )?beyond\b|weigh (up|against)|pros and cons|(mix|mixing|mixed|muddle|muddling|confuse|confusing) up\b[^?.]*\band\b|\b(i|we|you|people|they|keep|always|often|sometimes|easily|to)\s+(confuse|confuses|confused|confusing)\s(?!by\b|about\b|as\b)[^?.]+\s(with|and)|tell apart|tell [^?.]+ apart|which (should|would|do) (i|we|you) (use|pick|choose|prefer|go with|reach for)|"
    r"the same (kind of |sort of )?(problem|thing|question|issue|task)|each (route|approach|method|option|way|technique|paper|study|work)|"
    # "Is X basically the same idea as Y?", "What does X do that Y doesn't, and vice versa?", "Aren't those in tension?",
    # "should I go with X or with Y?"
    r"(the )?same (basic |core |underlying |general |key )?(idea|point|insight|trick|principle|mechanism|concept|recipe|picture|signal|"
    r"conclusion|story|finding|assumption|intuition|goal|aim|objective|requirements?|constraints?|explanation|reason(?:ing)?|diagnosis|account|motivation)|in each (case|paper|one|method|approach|of them)|in each(?=\s*(?:[?,.;:!]|(?:and|or)\s))|in both cases|vice versa|(do|does|did|would|will) ([^?.]|\.(?=\d))+ (agree|disagree|clash|conflict|contradict each other)\b|\bat odds\b|\bin tension with\b|(consistent|inconsistent|in line) with|"
    # "Can plain Fisher averaging cope with that, or do I need the fusion method that ...?"
    r"\bor (do|should|would|must|could) (i|we|you) (need|use|want|pick|choose|go with|have to use|rather use)\b|"
    r"(sounds?|looks?) (a lot |very much |much |just )?like\b[^?.]*[?.]\s*(is|are|was|were) (it|they|this|that) (really |just |basically )?(the same|different)|"
    r"\bthe (first|former)( one| \w+)?\b[^?]*\bthe (second|latter)\b|\bthe (second|latter)( one| \w+)?\b[^?]*\bthe (first|former)\b|"
    # "How do ParetoDA and the domain penalisation approach for object detection decide ...?": two subjects, a name first
    r"(^|(?<=[.?!:;,]\s))\W*(how|what( [\w-]+){0,3}?) (do|did|would|could|might) (?-i:[A-Z][\w^+-]*[A-Z0-9][\w^+-]*)\s+and\s+(the |a |an )?[^?.,;]{2,80}?\s(?-i:[a-z]+)\b|"
    # "If I merge them with model soups or with Fisher merging, what ...": two ways to do one thing
    r"\b(i|we) ([a-z]+ ){1,3}?(with|using|via|by) [^?.,;]{2,60}? or (with|using|via|by) (?=\S)|"
    r"\b(?:does|do|did|can|could|would|will|is|was)\s+(?:either|neither)\s+(?:paper|one|of (?:them|the two|these|those)|method|approach|study|work|(?:the|a|an)\s[^?.]{2,100}\s(?:or|nor)\s)|"
    # "What do the loss-of-plasticity paper and the spectral regularization paper say about ...?"
    r"\b(?:what\s+)?(?:do|did|would|will|could|can)\s+the\s+[^?.,]{2,80}?\s(?:paper|work|study|analysis)\s+and\s+the\s+[^?.,]{2,80}?\s(?:paper|work|study|analysis)\s+[a-z]+\b|"
    r"\b(?:is|are)\s+(?:their|the two|both)\s+(?:[\w-]+\s+){0,2}?(?:really\s+|actually\s+|basically\s+)?(?:the same|different|similar)\b|"
    # "Among the EM-based distillation method, the f-divergence one and Score Implicit Matching, which ones ...?"
    r"(^|(?<=[.?!]\s))\W*(among|of)\s[^?.;]{3,200}?\b(and|or)\b[^?.;]{2,120}?,\s*which\b|"
    r"\bbetween\s[^?]{3,250}?\band\b[^?]{3,250}?,\s*which\b|\bwhich of\s+(?!(?:them|these|those|the two|both)\b)[^?.]{2,80}?\s+and\s+|"
    r"\bthe same (?:thing |one )?as (?:what|the|how)\b|\bthe same way as\b|\b(?:fit|fits|square|squares|jibe|jibes|mesh|meshes)\s+with\s+(?:what|the)\b|"
    r"\bthe same (?:kinds?|sorts?|types?) of (?:problems?|things?|questions?|issues?|tasks?|settings?|data)\b|"
    r"in tension|at odds|contradict(s|ing|ion|ory)?|(should|would|could|do|can) (i|we|one) (go with|use|pick|choose|try|opt for|adopt|prefer|start with|look at)\b[^?.]*\bor\b|"
    # "Does fine-tuning once with a huge dropout rate really beat averaging the weights of several models?"
    r"(^|(?<=[,;:.?!]\s))\W*(does|do|did|can|could|would|will) [^?.]{2,120}?\s(really |actually |still |even |consistently )?(beat|outperform|surpass|outdo)\s|"
    # "should I average several fine-tuned checkpoints or just fine-tune once with an extreme dropout rate?": two courses
    r"(^|(?<=[,;:.?!]\s))\W*(should|would|could|do|can|must) (i|we) [a-z][\w-]*\s[^?.,;]{3,100}?\sor (just |simply |rather |instead )?(?!(not|otherwise|something|anything|both|neither)\b)[a-z][\w-]*\s[^?.,;]{3,}|"
    # "What does each find?", "What is each trying to do?", "each of them": a question over several sides
    r"(does|do|did|is|was|has|would|will|could|can|might) each|each (one|of (them|these|those|the two))|what each\b|(talk|talking|talks) past each other|"
    # "How much control do DiffBIR, the prompt-guided model, and the diversity work each give the user?"
    r"\b(do|did)\s[^?.;]{1,150},[^?.;]*\band\s[^?.;]{1,150}\s(?<!for )(?<!in )(?<!per )(?<!at )(?<!of )each\s+(?!other\b|of\b)[a-z]+|"
    # "Is aTLAS basically Fisher merging with learned weights?"
    r"^\W*(is|are|isn['’]t|aren['’]t)\s+\S+(\s+\S+){0,5}?\s+(basically|essentially|just|merely|secretly|simply)\s+((a|an|the)\s+)?(?=(?-i:[A-Z0-9]))|"
    # "Is the 'world's ugliness' paper basically a rerun of Safe Latent Diffusion?"
    r"^\W*(is|are|isn['’]t|aren['’]t)\s+[^?]{2,120}?\s+(basically|essentially|just|merely|simply|really)\s+(a|an)\s+(rerun|copy|version|variant|rehash|repeat|"
    r"extension|rebrand\w*|repackag\w*|special case|generali[sz]ation|re-?implementation)\s+of\b|"
    # "Is PVD basically doing for NeRFs what the fusion work does for transformers?"
    r"^\W*(is|are|isn['’]t|aren['’]t)\s+\S+(\s+\S+){0,5}?\s+(basically|essentially|just|merely|secretly|simply|really)\s+doing\s+[^?.]*?\bwhat\s[^?.]+\s(does|do)\b)\b",
    re.I,
)
_SPLITTERS = re.compile(
    r"\s*(?:\bdiffers? from\b|\bdifferent from\b|\bin tension with\b|\bcompared? (?:to|with)\b|\b(?:really |actually )?(?:keeps?|keeping|kept) up with\b|\b(?:really |actually )?(?:go|goes|going|went) (?:far |much |well )?beyond\b|\bversus\b|\bvs\.?|(?<!-)\band\b(?!-)|\bor\b|,|;|\bthan\b|"
    r"\b(?:basically |essentially |really )?(?:making |doing |using )?(?:the )?same (?:basic |core |underlying |general |key )?(?:kind of |sort of )?(?:idea|point|insight|trick|principle|mechanism|concept|recipe|thing) as\b|"
    r"\b(?:do|does) that\b|\b(?:is\s+)?the\s+same\s+as\s+(?:what\s+)?|\b(?:fits?|squares?|jibes?|mesh(?:es)?)\s+with\s+(?:what\s+)?|\brelated? to\b|\brelates to\b|\b(?:sounds?|looks?) (?:a lot |very much |much |just )?like\b|\bresembles?\b)\s*", re.I
)
_LEAD = re.compile(
    r"^(how (much|many) (\w+ ){1,5}?(is|are|does|do|did)|how (does|do|is|are|did|would|could|should|might|will|can)|what (is|are) the (main |key )?differences? between|what distinguishes|in what way does|"
    r"compare|comparing|contrast|contrasting|which (is|one is|was|yields|gives|reports|achieves|has) [^,:]*?(:|,)|which of|between|among|of(?=\s[^?]{2,200}?,\s*(?:which|what|how)\b)|"
    r"([\w'’]+ ){1,6}?(differences?|similarit(y|ies)|distinctions?|contrasts?) between|both|what (do|does|did)|where (do|does|did)|what (separates|sets apart|distinguishes)|"
    r"(do|does|did)(?= (?!(?:it|they|these|those|this|that|you|we|i)\b)\S+ (?:\S+ ){0,5}?and\b)|(?:do|does|did)\s+either)(?!\w)\s*", re.I
)
_TAIL = re.compile(
    r"\s+\b(differ\w*|compare\w*|as (a |the )?ways?|in (adapting|terms of|how|what|which)|for|on|when|regarding|each|both|itself|"
    r"approach(es)? to|in their|is|are|be|fix|fixes|target|targets|address|addresses|tackle|tackles|aim|aims|use|uses|rely|relies|"
    r"share|overlap|cope|copes|improve|improves|reduce|reduces|handle|handles|change|changes|(have|has) in common|part ways|agree|disagree|"
    r"doesn't|does not|don't|do not|can't|cannot|(?:shows?|demonstrates?)(?=\W*$)|say|says|think|thinks|suggests?|fit|fits|suit|suits)(?![\w-]).*$", re.I
)
_ARTICLE = re.compile(r"^((the|a|an|one|other|another)\s+)+", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bal\.)(?<!\betc\.)\s+(?=[A-Z\"'])")  # "e.g. DP-SGD" goes on
# "BiC-style bias correction", "REPA-like alignment": a description in the manner of a name, not the name itself
_STYLE = re.compile(r"\b([A-Za-z0-9^+]+)-(style|like|based|type|esque|inspired)\b", re.I)
# A side is a noun phrase: one that opens like a question or a clause ("how many layers can it",
# "with only four sampling steps", "is there a fine-tuning optimizer") or leans on a pronoun is not a side.
_NOT_A_SIDE = re.compile(
    r"^(say|such as|for (example|instance)|e\.g\.|i\.e\.|not|rather than|instead of)(?!\w)|"  # "..., say macaque IT or human fMRI", "..., not neurons or circuits": asides
    r"^(how|what|which|why|when|where|who|whose|is|are|was|were|does|do|did|can|could|should|would|will|has|have|"
    r"with|without|by|in|on|at|of|for|to|about|from|into|over|under|against|there|much|many|it|its|they|them|their|this|that|"
    r"earlier|previous|prior|existing|baselines?|(the )?state[- ]of[- ]the[- ]art|vice versa)\b|"
    r"\b(can|does|do|did|is|are|was|were|will|would|could|should) (it|they|this|that)\b|"
    # "I suspect memory is the cost in one and the tool in the other": a clause of the asker's, and the other of two
    r"^(i|we|you)\s+(suspect|think|guess|believe|feel|assume|wonder|reckon|gather|imagine)\b|\b(in|of|for) (the other|one)$", re.I
)
# "... in the long-tailed learning, transfer learning, and dual-head distillation papers": the sides are the list
_LIST_WORD = r"(?!(?:does|do|did|is|are|was|were|that|which|what|how|why|apart|from|with|by)\b)[\w\-+^']+"  # a name's, not a clause's
_NAMED_LIST = re.compile(
    rf"\b(?:the|in|of)\s+((?:{_LIST_WORD}(?:\s+{_LIST_WORD}){{0,5}},\s+)+(?:and|or)\s+{_LIST_WORD}(?:\s+{_LIST_WORD}){{0,5}}?)"
    r"\s+(?:papers|methods|approaches|works|models)\b", re.I
)
# "What two pruning methods does it propose?": the methods are one paper's own, not papers
_OF_ONE_PAPER = (r"(?!\s+(?:(?:does|did|do)\s+)?(?:it|this|that|the\s+(?:paper|work|study|method|authors?))\s+"
                 r"(?:propose|introduce|use|combine|present|offer|describe|study|compare)s?\b)")
_COUNTED = re.compile(r"(?<!\bany )(?<!\bbetween )\b(two|three)\s+(?:(?!(?:over|than|with|in|on|for|of|from|by|to|and|or)\b)[\w'\-]+\s+){0,4}?(papers|methods|approaches|works|models|generators|techniques|"
                      r"frameworks|systems|variants|studies|surveys|reviews|articles|ways)\b" + _OF_ONE_PAPER, re.I)
# What a question asks the collection for: the papers on a topic ("Which papers here ...", "Is there work on ...",
# "Anything in the collection about ...", "What's in the collection on ...", "How do papers here go about ...")
_ASKS_COLLECTION = (
    r"(?<!compare )(?<!contrast )(what|which) ((of (the |these |those )?)?((?!of (existing|prior|previous|current|standard|conventional|traditional|earlier|competing|baseline) )[\w-]+ ){0,4}?(methods|approaches|papers|works|studies|techniques)" + _OF_ONE_PAPER + r"|work|research)|(does|do) any(thing| papers?| works?| methods?)"
    r"|(is|are) there (any |some )?([\w-]+ ){0,2}?(papers|works?|methods|models|studies|research|approaches|techniques)"
    r"|what (does|do) (the|this) collection (say|have|hold|contain|offer)|anything (here|in (the|this) collection)"
    r"|(does|do) (the|this|your) collection (have|hold|contain|include|cover)|do you have (anything|any (papers|works?|studies|research))"
    r"|what(’s|'s| is) (there )?(here|in (the|this) collection)|how do (the )?(papers|works|studies|methods) (here|in (the|this) collection)"
    r"|(papers|works|studies) (here|in (the|this) collection) (on|about|that)|(looking for|interested in) (papers|work|studies|research)"
    r"|what is there|what ha(s|ve) been (done|published|written|proposed)"
    r"|where (does|do) [^?]{3,60}? (turn|show|crop) up|where (does|do) [^?]{3,60}? (appear|come up|get used) (here|in (the|this) collection)"
)
# "... the papers on Z", "the work here about Z", "approaches to Z in the collection": what follows names the topic
# ("the work that corrects ..." is one described paper, not a topic)
_ABOUT_PAPERS = re.compile(
    r"(?<!\btwo )(?<!\bthree )(?<!\bfour )(?<!\bfive )(?<!\bsix )(?<!\d )"  # "both look at five existing methods for ...": a count, not a topic
    r"\b(?:the|any|all|some|other|different|existing)\s+(?!(?:two|three)\b)(?:\w+\s+)?(?:(?:papers|works|studies|approaches|methods|techniques)"
    r"(?:\s+(?:here|in (?:the|this) collection))?\s+(?:on|about|regarding|concerning|that|which|to|for|into)"
    # ("'Why do networks have inhibitory connections?' and the work on equilibrium propagation ...": beside another side,
    # "the work on" is one paper)
    r"|(?<!\band the )(?<!\bwith the )(?<!\bversus the )(?<!\bvs the )(?:work|research)(?:\s+(?:here|in (?:the|this) collection))?\s+(?:on|about|regarding|concerning|into))\s+"
    r"|^\s*(?:papers|works?|studies|research|anything)(?:\s+(?:here|in (?:the|this) collection))?\s+"
    r"(?:on|about|regarding|(?=(?:proposing|using|addressing|tackling|studying)\b))\s*", re.I)
_AGAINST_ONE = re.compile(r"\b(?:compared?|contrasted?)\s+(?:with|to)\s+the\s+(?:one|paper|study|method|approach)\s+(?:that|which|on|about)\b", re.I)
_ASKS_MANY = re.compile(r"\b(" + _ASKS_COLLECTION + r")\b", re.I)
_CUE = re.compile(r"\b(differ\w*|compar\w*|contrast\w*|(what|how|why) (does|do|did) (each|they|their)|in each case|each (of them|paper|one|study|work|method|approach)|each(?! other)\b(?=[^,.;:]{0,40}[?.]?\s*$))\b",
                  re.I)
# The framing around a topical question's topic: "Which papers in the collection ...", "..., and how do they differ?"
_TOPIC_LEAD = re.compile(
    r"^\s*((what|which) (\w+ )?(methods?|approaches|papers?|works?|studies|techniques|research)|(does|do) any(thing| papers?| works?| methods?)"
    r"|(does|do) (the|this|your) collection (have|hold|contain|include|cover)( anything| any (papers?|works?|studies|research|methods?))?( (on|about|regarding))?"
    r"|do you have( anything| any (papers?|works?|studies|research|methods?))( (here|in (the|this|your) collection))?( (on|about|regarding))?"
    r"|(is|are) there( any| some)?( \w+)?( papers?| works?| methods?| studies| research| approaches| analys[ie]s| theory| evidence)"
    r"|(is|are) there anything|(is|are) there( any)?|anything|what ha(s|ve) been (done|published|written|proposed)"
    r"|what(’s|'s| is) (there( (here|in (the|this) collection))?|here|in (the|this) collection)"
    r"|what(’s|'s| is) available( (here|in (the|this) collection))?( (for|on|about))?"
    r"|what (do|does) (the|this) (papers|works|studies|methods|collection)|how do (the )?(papers|works|studies|methods)"
    r"|(show|give|find) me( an overview of)?( (the|all))?( (papers|works|studies))?|(list|summari[sz]e)( (the|all))?( (papers|works|studies))?"
    r"|i(’m|'m| am) (interested in|looking for)( (papers|work|studies|research))?|i need an overview of( (the|all))?( (papers|work|studies|research))?"
    r"|where (does|do)(?= [^?]{3,60}? ((turn|show|crop) up|appear|come up|get used)))"
    r"( (here|in here|in (the|this) collection))?( (say|have|hold|contain|offer)| go about)?( (that|which|who))?\s+", re.I)
_TOPIC_TAIL = re.compile(
    r"\s+((turn|show|crop)s? up|appears?|comes? up|gets? used)\b.*$|\s+and (compare|contrast|summari[sz]e|explain|describe|list)\b.*$|:\s*(what|which|how|why)\b.*$|"
    r"\s+(here|in (the|this) collection)\s*[?.!]?\s*$|\s+[-–—]+\s+(what|which|how|is|are)\b.*$|"
    r"[,?.]?\s*\b(and )?(how|what) (do|does|did) (they|their|each|those|these)\b.*$|\b(try|tries|attempt|attempts) to\b|"
    r",?\s*\b(and|but)\s+((for|in|with|of|on|to) )?(what|which|how|why|whether|where)\b.*$|\bsay about\b|"
    r",\s*(even if|even though)\b.*$|,?\s*\band (are|is) (they|these|those|the two|both) (even )?(after|about|solving|doing)\b.*$", re.I)
_POLITE = re.compile(r"^\s*((could|can|would|will) you( please)?|please|i(’d|'d| would) like to know|i wonder|do you know|let me know)"
                     r"(\s+(tell|show|give) me|\s+(list|find|name))?\s+(?=(which|what|whether|if|the|any|all|papers|work)\b)", re.I)
_KIND_OF_WORK = re.compile(r"^\s*(?:what|which)\s+((?:[\w-]+\s+){1,6}?(?:methods|approaches|papers|works|studies|techniques|models))\s+"
                           r"(?:are|exist|do you have|does the collection (?:have|hold))\s+(?:(?:here|in (?:the|this) collection)\b)?", re.I)
_SETTING = re.compile(r"^\s*(?:for|in|within|regarding|concerning)\s+([^,?]{3,80}),\s+", re.I)  # "For long-tailed recognition, ..."
# "Apart from papers about RL agents themselves, which papers ...": what the topic leaves out is not part of it
_EXCEPT = re.compile(r"^\s*(?:outside(?: of)?|apart from|aside from|other than|besides|except(?: for)?|leaving aside|setting aside)\s+[^,?]{3,80},\s+", re.I)
_ASKS = r"(how|what|which|why|when|where|who|does|do|did|is|are|can)\b"  # a clause that opens with this asks something
_WANTS = re.compile(r"\b(?:i|we)(?:['’]m|['’]re| am| are)?\s+(?:looking (?:at|for|into)|interested in|searching for|after)\s+"
                    r"(?:(?:papers|methods|approaches|work|techniques|research)\s+(?:on|for|about|that|which|to)\s+)?([^.;?!]{8,})$", re.I)
_BACK_REFERENCE = re.compile(r"\b(this|that|these|those|such|it|them)\b", re.I)  # "learning in that setting"
# Verbs that frame a topic without being part of it: "deal with image colorization" is about image colorization
_TOPIC_VERB = re.compile(
    r"^(?:(?:or|and)\s+)?(?:(?:actually|really|explicitly|specifically|directly|also|even|ever)\s+)?((some|any|a|one|the) (kinds?|sorts?|forms?|types?) of|reports?|(deal|deals|dealing|do|does|work|works|working) with|address(es)?|evaluates?|examines?|measures?|tackles?|handles?|study|studies|focus(es)? on|work(s)? on|look(s)? at|gives?|"
    r"provides?|offers?|proposes?|uses?|quantif(?:y|ies|ying)|borrows?|employs?|leverages?|adopts?|relies on|rely on|(?:(?:are|is) )?(?:built|based|centred|centered|designed|organi[sz]ed) (?:around|on|for)|revolves? around|builds? on|look(s)? into|discuss(es)?|considers?|concerns?|involves?|explores?|investigates?|about|on|for|"
    r"(are|exist) (here|in (the|this) collection)( for| on| about| that| which)?)\s+", re.I)


@dataclass(frozen=True)
class Side:
    label: str  # how the question names it
    paper_ids: tuple[str, ...]  # empty when the corpus does not hold it


def refers_back(topic: str) -> bool:
    """Whether a topic points at something said before it ("learning in that setting", "such methods")."""
    return _BACK_REFERENCE.search(topic) is not None


def is_comparison(question: str) -> bool:
    return any(not _CONDITION_DIFFERS.search(question[: m.end()]) for m in _COMPARE.finditer(question))


# "does that help when test images differ from training mainly in style?": data that differs, not papers compared
_CONDITION_DIFFERS = re.compile(r"\b(?:when|whenever|if|because|since)\s+(?:[\w'-]+\s+){1,6}?(?:differs?|different)\s*$", re.I)


def asking_sentences(question: str) -> str:
    """Every sentence of a question that ends in "?" ("Both X and Y claim ... on Pascal VOC. ... What are those targets
    in each case?" -> the last one; "e.g." ends no sentence); the whole question when none does."""
    return " ".join(x for x in _SENTENCE.split(question.strip()) if x.rstrip().endswith("?")) or question


def is_topical(question: str) -> bool:
    """'What methods here address Z and how do they differ?': sides come from retrieval, not names."""
    # ("Compare the approaches here for Z: A, B and C" names its sides after the colon)
    # ("What does the work on Z add, compared with the one that uses Y?": "the work on" is one side against another)
    about = _ABOUT_PAPERS.search(question) and not re.search(r":\s+(?!" + _ASKS + ")", question, re.I) and not _AGAINST_ONE.search(question)
    return bool((_ASKS_MANY.search(question) or about) and _CUE.search(question))


def topic_of(question: str, context: bool = True) -> str:
    """'Which papers here apply contrastive learning to graphs, and how do they differ?' -> 'apply contrastive
    learning to graphs': what the papers must be about, without the question's framing."""
    # "Could you please tell me which papers ...": a polite opening is not part of the topic
    sentences = [_POLITE.sub("", x) for x in _SENTENCE.split(question.strip()) if x.strip()] or [question]
    # "For long-tailed recognition, does any paper here evaluate Z?": the opening phrase is the setting, an aside to Z
    setting = ""
    for i, x in enumerate(sentences):
        if (m := _SETTING.match(x)) and _TOPIC_LEAD.match(x[m.end():]):
            setting, sentences[i] = m.group(1), x[m.end():]
            break
        if (m := _EXCEPT.match(x)) and _TOPIC_LEAD.match(x[m.end():]):
            sentences[i] = x[m.end():]
            break
    # the sentence that asks ("... colorization? Is it the goal itself?": the first one that opens like a topical question),
    # else the whole question: "There are two papers on X. One looks at ...": every sentence describes them
    at = next((i for i, x in enumerate(sentences) if _TOPIC_LEAD.match(x)), None)
    asking = question if at is None else sentences[at]
    if at is None and (about := next((i for i, x in enumerate(sentences) if _ABOUT_PAPERS.search(x)), None)) is not None:
        at, asking = about, sentences[about]
    if m := _ABOUT_PAPERS.search(asking):  # "Show me the papers on Z and how their fixes differ", "compare the approaches to Z"
        asking = asking[m.end():]
    if m := _KIND_OF_WORK.match(asking):
        asking = m.group(1)  # "What offline reinforcement learning methods are here?": the kind of method is the topic
    topic = re.sub(r"\s+", " ", _TOPIC_TAIL.sub(" ", _TOPIC_LEAD.sub(" ", asking)).strip(" ?,."))
    # "propose for grouping ...": each framing word, but not down to a stub ("use T5" stays; "use it" is no topic)
    while (shorter := _TOPIC_VERB.sub("", topic).strip()) != topic and (len(shorter.split()) >= 2 or len(shorter) >= 4
                                                                     or _BACK_REFERENCE.fullmatch(shorter)):
        topic = shorter
    bare_reference = not _BACK_REFERENCE.sub("", topic).strip()  # "deal with this": no topic of its own at all
    if at and (bare_reference or context and (refers_back(topic) or len(topic.split()) <= 4)):
        # "Labels sometimes exist only for whole groups of examples. Which papers tackle learning in that setting?":
        # the sentences before the question say what the topic is
        before = " ".join(sentences[:at]).rstrip(" .")
        # "Our graph changes every week, so I'm looking at methods for graphs that evolve over time.": what they look for
        wants = _WANTS.search(before)
        topic = wants.group(1).strip(" .") if wants and bare_reference else before + ": " + topic
    # one word can be a topic ("grokking"), not a pronoun or a stub ("it", "Z")
    if not (len(topic.split()) >= 2 or len(topic) >= 4 and not _BACK_REFERENCE.fullmatch(topic)):
        return question
    return f"{topic} ({setting})" if setting else topic


def lists_papers(question: str) -> bool:
    """'How is X used in the A, B, and C papers?': a question over named papers, answered like a comparison."""
    return _NAMED_LIST.search(question) is not None


def counted_sides(question: str) -> int:
    """'There are two ... generators here. How do they differ?', 'these two approaches': how many sides, else 0."""
    m = _COUNTED.search(question)
    return {"two": 2, "three": 3}[m.group(1).lower()] if m else 0


# an asking sentence whose subject points back at the sides the sentence before it named
_PRONOUN_ASKS = re.compile(r"\W*((?i:(are|were|do|did|is|was|can|could|would|should)(n['’]t)? (they|the two|both|these( two)?|those( two)?))\b"
                           r"|(?i:(is|was|are|were) (it|this|that) (really |just |basically |actually )?(the same|different)\b)"  # "Is it really the same trick?"
                           r"|[Bb]oth\s+[a-z][\w-]*\b(?!(?:\s+\S+){0,3}\s+and\b))")  # "Both squeeze a diffusion model into ...", not "Both X and Y"
# a sentence about the sides already named: "They seem to be asking very different questions, though."
_PRONOUN_SAYS = re.compile(r"\W*(they|these two|those two|the two|both of them)\s+(?!and\b)[a-z]", re.I)
_POINTS_BACK = re.compile(r"\W*((compare|contrast|explain|describe|tell me|say)\s+)?(how|what|which|why|where|when|in what way)\b[^,?]{0,20}?"
                          r"\b(each( one| of them)?|they|the two|both)\b|\W*(does|do|is|are|can|would|could)\s+the\s+(first|second|former|latter)\b", re.I)


_COUNTED_LIST = re.compile(r"\b(?:two|three|both)\s+(?:[\w-]+\s+)?(?:papers|methods|works|approaches|studies)\b[^:?]*:\s", re.I)


def focus(question: str) -> str:
    """The sentence of a multi-sentence question that names the sides.

    The last sentence with a comparison cue; when it names nothing itself ("How do they differ?"),
    the sentence before it. Context sentences ("Classifier guidance needs gradients while CFG ...")
    mention names that are not sides.
    """
    sentences = [s.strip() for s in _SENTENCE.split(question.strip()) if s.strip()]
    if len(sentences) <= 1:
        return question
    idx = max((i for i, s in enumerate(sentences) if is_comparison(s)), default=len(sentences) - 1)

    def naming(i: int) -> str:
        """The sentence at i, or the nearest one before it that does not just point back (the first one at most)."""
        while i > 0 and (_POINTS_BACK.match(sentences[i]) or _PRONOUN_ASKS.match(sentences[i]) or _PRONOUN_SAYS.match(sentences[i])
                         or not _phrases(sentences[i])):  # "Is there any real connection?" names nothing
            i -= 1
        # "two papers here promise to make it cheaper: the consistency model ..., and IBP-based training .... Cheaper where
        # exactly?": a sentence giving one phrase yields to an earlier one that counts papers and then lists two
        if len(_phrases(sentences[i])) < 2 and (two := [j for j in range(i) if _COUNTED_LIST.search(sentences[j])
                                                        and len(_phrases(sentences[j])) >= 2]):
            return sentences[two[-1]]
        return sentences[i]

    # "How does each formulate X, and what task is each built for?"; "Are they two different methods, or ...? What does
    # each contribute?": back to the sentence that names them
    if idx > 0 and (_POINTS_BACK.match(sentences[idx]) or _PRONOUN_ASKS.match(sentences[idx])):
        return naming(idx)
    # "Is PVD basically doing for NeRFs what the optimal-transport fusion work does ...? What gets merged in each, and can
    # either cope ...?": a last question over "each" or "either" asks about the sides an earlier comparison gave
    def named_before(i: int) -> int:
        """"Both the Sinkhorn-Knopp self-labelling method and OBoW claim ... I'm not sure how similar they are ...":
        a sentence whose "they" names nothing goes back to the one that named the two."""
        if re.search(r"\b(?:they|them|the two|these two|those two)\b", sentences[i], re.I) and not _has_name(sentences[i]) and (
                both := [j for j in range(i) if _BOTH_DO.search(sentences[j])]):
            return both[-1]
        return i

    if re.search(r"\b(?:in each|each of them|either)\b", sentences[idx], re.I) and (
            earlier := [i for i in range(idx) if is_comparison(sentences[i]) or _BOTH_DO.search(sentences[i])]):
        # ("... sounds a lot like Y. Is it really the same trick? What ... in each?"; "Learning to Count and TinvNN both
        # build a symmetry into learned representations. Where does it come from in each: the training signal or ...?")
        target = named_before(earlier[-1])
        if idx - 1 > target and _names_one(sentences[idx - 1]) and not _names_one(sentences[target]):
            # "'Joint' keeps coming up ... not sure it means the same thing twice. One paper generates whole scene graphs
            # ...; JeDi does personalization. What is being modeled jointly in each?": the sentence that names them
            target = idx - 1
        return naming(target)
    if named_before(idx) != idx:
        return naming(named_before(idx))
    if len(_phrases(sentences[idx])) >= 2 or idx == 0 or _ASKS_EXISTS.match(sentences[idx]):
        return sentences[idx]  # ("We stitch LiDAR scans ... Is there point-cloud registration work here, and how do ... compare?")
    if re.match(r"\W*(?:i|i['’]m|i['’]ve|we|we['’]re|my|our)\b", sentences[idx - 1], re.I) and _has_name(sentences[idx]):
        # "I'm building contrastive views ... How does MEOW construct the two views it contrasts, and what does the finer
        # view capture that the coarser one misses?": the asker's setting names no sides; the named paper is asked about
        return sentences[idx]
    return naming(idx - 1)  # "Are they solving the same problem? What is the field standing in for in each?": back past both


# "X and Y both build ...", "Both X and Y claim ..."
_BOTH_DO = re.compile(r"^\W*\S[^.?!;:]*?\s+and\s+[^.?!;:]+?\s+both\s+[a-z]+|^\W*both\s+[^.?!;:]+?\s+and\s+[^.?!;:]+", re.I)


def _has_name(sentence: str) -> bool:
    """Whether a sentence has a method-like word ("JeDi", "MEOW", "TinvNN")."""
    return any(looks_like_name(w) for w in re.findall(r"[\w^+-]+", sentence))


def _names_one(sentence: str) -> bool:
    """Whether a sentence names a method ("JeDi") or quotes a title."""
    return _has_name(sentence) or re.search(r"['‘\"“][A-Z][^'’\"”]{8,}['’\"”]", sentence) is not None


_ASKS_EXISTS = re.compile(r"\W*(?:(?:is|are) there|(?:does|do) (?:anything|any)\b|(?:has|have) any(?:one|body)\b|any (?:papers?|work|methods?)\b)", re.I)


_NOT_A_NAME = {"the", "there", "this", "these", "those", "that", "both", "one", "another", "i", "we", "it", "in", "for", "our",
               "my", "a", "an", "some", "many", "most", "also", "here", "what", "how", "which", "when", "why", "where", "who",
               "whether", "to", "is", "are", "do",
               "does", "can", "if", "while", "then", "so", "but", "and", "recent", "papers", "paper", "work", "they", "their",
               # "Someone told me ...": a pronoun or a clause's opening word is no subject's name
               "someone", "somebody", "everyone", "everybody", "anyone", "anybody", "nobody", "people", "you", "he", "she",
               "each", "every", "all", "no", "as", "after", "before", "since", "although", "though", "because", "once",
               "suppose", "say", "imagine", "assume", "consider", "let", "let's", "please", "would", "could", "should", "will"}


_PREPOSITIONS = frozenset("for of in on from to with at by about into over under across".split())


def opening_names(question: str) -> list[str]:
    """Names that open the sentences before the question proper, as their subjects: "Equiangular Basis Vectors replace
    the usual softmax classifier ... There's also a paper that ... How do they differ?" -> ["Equiangular Basis Vectors"];
    "Bounded Attention and A-STAR both blame ..." -> ["Bounded Attention", "A-STAR"]."""
    sentences = [x.strip() for x in _SENTENCE.split(question.strip()) if x.strip()]
    names: list[str] = []
    for sentence in sentences[:-1]:
        runs, run = [], []
        for token in sentence.split():
            word = token.strip("\"'‘’“”()")
            if word and (word[0].isupper() or looks_like_name(word)) and not token.endswith((",", ":", ";", ".")):
                run.append(word)
            elif token == "and" and run:
                runs.append(run)
                run = []
            else:
                break
        else:
            continue  # the whole sentence is capitalised words: a title, not a subject and its verb
        if run:
            runs.append(run)
        if len(runs) > 1 and not run:
            continue  # "X and the work that ...": the run after "and" is a description, not a name
        for r in runs:
            if len(r) > 1 and r[0] == "The":
                r = r[1:]  # "The Platonic Representation Hypothesis argues ..."
            after = sentence[sentence.find(r[-1]) + len(r[-1]):].split()
            # "Labels for new categories have to come from ...": a plain word that opens a noun phrase is no name
            plain = len(r) == 1 and not looks_like_name(r[0]) and bool(after) and after[0] in _PREPOSITIONS
            if re.split(r"['’]", r[0].lower())[0] not in _NOT_A_NAME and after and after[0][:1].islower() and not plain:
                names.append(" ".join(r))
    return names


def sentence_with(question: str, phrase: str) -> str:
    """The question's sentence that contains the phrase ('' if none)."""
    return next((x for x in _SENTENCE.split(question) if phrase in x), "")


def list_part(question: str) -> str:
    """The enumeration after a colon ("...: A, B and C"), before one that opens the question proper ("Compare A, B and
    C: how does each ...?") or before "papers" ("the A, B and C papers"), else the question."""
    if m := _NAMED_LIST.search(question):
        return m.group(1)
    # a colon inside a quoted title ("'Knowledge distillation: A good teacher is patient and consistent'") opens no list
    masked = re.sub(r"(?<![\w'])['‘\"“][^'‘’\"“”]{3,120}?['’\"”](?!\w)", lambda q: q.group(0).replace(":", ";"), question)
    m = re.search(r":\s", masked)
    if m and _OWN_SIDES.search(question[m.end():]):
        # "Neurons vs populations: how does the sparse-probing work ... differ from the representation engineering (RepE)
        # agenda ...?": the question after the colon compares sides of its own; before it is a heading
        return question[m.end():]
    if m and re.match(_ASKS, question[m.end():], re.I) and (
            re.search(r",|\band\b|\bor\b|\bvs\.?|\bversus\b|\bwith\b|\b(?:them|these|those|both|they)$", question[: m.start()], re.I)
            or not re.search(r"\s(?:and|or|than|with|versus|vs\.?)\s", question[m.end():], re.I)):
        # "Compare A, B and C: how does each one ...?": the list is before the colon; not "Exemplar-free class-incremental
        # learning: can a frozen backbone ... keep up with SSRE?", a setting and then the question with its sides
        return question[: m.start()]
    if m and re.match(r"(?:both|each|all (?:three|four))\s+(?!of\b)[a-z]", question[m.end():], re.I):
        return question[: m.start()]  # "The method that ..., and SAGE: both search ...": what both do follows the sides
    if m and _COUNTED_LIST.search(masked[: m.end()]) and len(question[m.end():].split()) >= 2:
        # "I've seen two papers that use a model's ability to reconstruct or denoise an image as a signal: Diffusion
        # Classifier, and the one that ...": the counted papers are listed after the colon, whatever "or" is before it
        return question[m.end():]
    if m and re.fullmatch(rf"\s*(?:the|an?)\s+[^,;:?]{{2,80}}?\s+{_KIND}\s+(?:or|and|vs\.?|versus)\s+(?:the|an?)\s+[^,;:?]{{2,80}}?\s+{_KIND}\W*",
                          question[m.end():], re.I):
        # "Which should I use if ..., versus if I need ...: the contrastive-signal condensation method or the curriculum
        # data synthesis method?": two papers called by their kind close the question; they are its sides
        return question[m.end():]
    if m and re.search(r"\S\s+(versus|vs\.?|or)\s+\S", question[: m.start()], re.I):
        return question[: m.start()]  # "ParetoDA versus the Transfer Score: both are ...": the sides open the question
    if m and len(question[m.end():].split()) >= 2:
        return question[m.end():]
    return question


_FOR_SETTING = re.compile(r"^\s*for\s+(?!(?:those|these|them|both|each|the two|it|this|that|either)\b)[^?]{3,150}?,\s*(?=(?:what|how|which|why|where|when|does|do|did|is|are|can|could|should|would)\b)", re.I)
_OWN_SIDES = re.compile(r"\S\s+(?:differs?|different)\s+from\s+(?!(?:each other|one another|it|them|this|that|these|those)\b)(?:the\s+)?\S", re.I)
_NEITHER_NOR = re.compile(r"\bneither\s+(.+?)\s+nor\s+((?:the\s+)?(?:['‘\"“][^'’\"”]+['’\"”]|(?-i:[A-Z][\w^+-]*(?:\s+[A-Z][\w^+-]*)*)))", re.I)


def _phrases(text: str, limit: int | None = 3) -> list[str]:
    # "For the narrower job of detecting whether a concept is present (not steering), what do the k-sparse probing case
    # studies and AxBench each find?": a setting before the question, when the question after it has sides of its own
    if (setting := _FOR_SETTING.match(text)) and len(rest := _phrases(text[setting.end():], limit)) >= 2:
        return rest
    # "the 'good teacher is patient and consistent' study", "'Neurons in LLMs: Dead, N-gram, Positional'": a quoted
    # title is not split at its "and", its commas or its colon
    quoted = re.findall(r"(?<![\w'])['‘\"“][^'‘’\"“”]{3,120}?['’\"”](?!\w)", text)
    for i, q in enumerate(quoted):
        text = text.replace(q, f"\x00{i}\x00", 1)
    # "Both grokking papers (Learning to grok, and the corrupted labels one) see ...": papers counted, then listed in
    # parentheses: the list is the sides
    if m := re.search(r"\b(?:both|two|three|the)\s+(?:[\w-]+\s+){0,3}?(?:papers|works|studies|methods|approaches)(?:\s+here)?\s*\(([^()]{3,200}?\s(?:and|or)\s[^()]{2,200})\)", text, re.I):
        text = m.group(1)
    # "LV-HBA (the proximal Lagrangian value-function algorithm for ...)": a gloss in parentheses is an aside, not a side
    text = re.sub(r"\s*\((?![^()]*['\"‘“\x00])(?:[^()\s]+\s+){2,}[^()]*\)", "", text)  # (a quoted title stays: it names the side)
    text = list_part(text).strip().rstrip("?.!").strip()
    # "Can I still merge them with the Fisher-weighted approach, or do I need the optimal-transport method?": the way the
    # asker would do it, and the one they may need instead
    if m := re.search(r"\b(?:i|we)\s+(?:[a-z]+\s+){1,3}?(?:with|using|via|by)\s+([^?.,;]{2,60}?),?\s+or\s+" + _NEED + r"(.+)$", text, re.I):
        text = f"{m.group(1)} and {m.group(2)}"
    # "If I merge them with model soups or with Fisher merging, what ...": the two ways are the sides
    if m := re.search(r"\b(?:i|we)\s+(?:[a-z]+\s+){1,3}?(?:with|using|via|by)\s+([^?.,;]{2,60}?)\s+or\s+(?:with|using|via|by)\s+([^?.,;]{2,60})", text, re.I):
        text = f"{m.group(1)} and {m.group(2)}"
    text = _EXCEPT.sub("", text)  # "Apart from weight decay, what do X and Y each propose?": what is set aside is no side
    # "If I want to see which regions drive a prediction, how does Grad-CAM differ from ...": the condition names no side
    # so does a purpose ("To stop a model from copying training images, should I look at X or at ...")
    # and so does "For personalizing a text-to-image model, how does ...?" ("For neural PDE solving, ...")
    # (but "If I follow the IBP short-warmup paper and the paper that ..., do they point me toward ...?": the two the
    # asker would follow, which the question then asks about, are the sides)
    if m := re.match(r"^(?:if|when)\s+(?:i|we)\s+(?:[a-z]+\s+){0,2}?(?:follow|use|read|combine|try|take|adopt|apply)\s+"
                     r"([^,?]{3,250}?\s(?:and|or)\s[^,?]{3,250}?),\s*(?:do|does|did|would|will|are|is|can|could)\s+(?:they|both|the two|these|those|them)\b",
                     text, re.I):
        text = m.group(1)
    text = re.sub(r"^(?:(?:if|when|since|because|given that|as|(?:in order )?to(?!\s+(?:what|which|how|whom)\b))\b[^,?]{3,150}|"
                  r"for\s+(?:[\w-]+\s+){0,3}?[a-z]+ing\b[^,?]{0,150}),\s*", "", text, flags=re.I)
    # "transformers as SVMs vs 'On Limitations of the Transformer Architecture' - what math does each use?": a dash after
    # the sides ends them, as a colon does
    if (dash := re.search(r"\s[-–—]{1,2}\s+(?=(?:what|how|which|why|where|when|who|is|are|do|does|did|can|could|would|should)\b)", text, re.I)) \
            and re.search(r"\s(?:vs\.?|versus|and|or)\s", text[: dash.start()], re.I):
        text = text[: dash.start()]
    text = text[: context_start(text)]  # "... compare with DeiT on ImageNet and memory use": the context is no side
    text = re.split(r",\s*(?:e\.\s?g\.|i\.\s?e\.|for example|for instance)[,\s]", text, maxsplit=1, flags=re.I)[0]  # an aside
    text = re.sub(r"^(?:i['’]m|i am|we['’]re|we are)\s+(?=compar|contrast)", "", text, flags=re.I)  # "I'm comparing X with Y"
    text = re.sub(r"^(?:i['’]m|i am|we['’]re|we are)\s+(?:curious|wondering|unsure|not sure)\s+(?:whether|if)\s+", "", text, flags=re.I)
    compared = re.match(r"(compare|comparing|contrast|contrasting)\b", text, re.I) is not None
    if compared:  # "Compare X with Y", "Compare what X says ... with what Y claims"
        text = re.sub(r"^(compare|comparing|contrast|contrasting)\s+(?:what|how)\s+", r"\1 ", text, flags=re.I)
        text = re.sub(r"\s+(?:with|to|against)\s+(?:(?:what|how)\s+)?", " and ", text, count=1)
    if m := re.search(r"\bweigh(?:ing|s)?\s+(?!up\b)(?=.*\sagainst\s)", text, re.I):  # "I'm weighing X against Y"
        text = re.sub(r"\s+against\s+", " and ", text[m.end():], count=1)
    if re.search(r"\bdistinguish\w*\b", text, re.I):  # "What distinguishes X from Y?"
        text = re.sub(r"\s+from\s+", " and ", text, count=1)
    # "I honestly can't tell whether she meant AdvUnlearn or MagicEraser": the two it could be
    if m := re.search(r"\b(?:can['’]?t|cannot|couldn['’]t|don['’]t know|not sure)\s+(?:tell\s+)?(?:whether|if)\s+(?:(?:she|he|they|you|i|we|it)\s+"
                      r"(?:meant|means|mean|was|is|were|are|used|uses)\s+)?(\S.*?)\s+or\s+(\S.*)$", text, re.I):
        text = f"{m.group(1)} and {m.group(2)}"
    # "I keep confusing MEOW with the debiased contrastive loss", "I always mix up DANN and ParetoDA": the two confused
    if m := _CONFUSED.search(text):
        text = f"{m.group(1)} and {m.group(2)}"
    # "In Fisher-weighted model merging and in M-FAC, what is the Fisher information approximating?": two sides
    text = re.sub(r"^in\s+(\S.*?)\s+and\s+in\s+(\S.*?),\s*(?:what|how|which|why|where|when|does|do|did|is|are)\b.*$", r"\1 and \2",
                  text, count=1, flags=re.I)
    # "Reweighting shows up in the domain penalisation framework ... and in the diabetic retinopathy work that ...": the two
    # places it shows up are the sides
    text = re.sub(r"^.*?\b(?:shows?\s+up|turns?\s+up|comes?\s+up|appears?|is\s+used|plays?\s+(?:a|an|some)\s+[\w-]+\s+role)\s+in\s+"
                  r"(\S.*?)\s+and\s+(?:also\s+)?in\s+(\S.*)$", r"\1 and \2", text, count=1, flags=re.I)
    # "Is PVD basically doing for NeRFs what the optimal-transport fusion work does for transformers?": two sides
    text = re.sub(r"^(?:is|are|isn['’]t|aren['’]t)\s+(\S.*?)\s+(?:basically|essentially|really|just|merely|secretly|simply)\s+doing\s+"
                  r"(?:[^?.]*?\s)?what\s+(.+?)\s+(?:does|do)\b.*$", r"\1 and \2", text, count=1, flags=re.I)
    # "Is aTLAS basically Fisher merging with learned weights?": one side is asked to be the other
    text = re.sub(r"^(?:is|isn['’]t|are|aren['’]t)\s+(\S.*?)\s+(?:basically|essentially|really|simply|merely|secretly|effectively|"
                  r"just|only)\s+(?:(?:a|an|the)\s+)?(?=\S)", r"\1 and ", text, count=1, flags=re.I)
    # "should I average several fine-tuned checkpoints or just fine-tune once with an extreme dropout rate?": two courses
    text = re.sub(r"^(?:should|would|do|can|could|must)\s+(?:i|we)\s+(?!(?:go with|use|pick|choose|try|opt for|adopt|prefer|start with|look at)\b)"
                  r"([a-z][\w-]*\s[^?.,;]{3,100}?)\s+or\s+(?:should\s+(?:i|we)\s+)?(?:just\s+|simply\s+|rather\s+|instead\s+)?"
                  r"(?!(?:not|otherwise|something|anything|both|neither)\b)([a-z][\w-]*\s[^?.,;]{3,100})$", r"\1 and \2", text, count=1, flags=re.I)
    # "does very-large-dropout fine-tuning actually beat model soups OOD?": the one asked to beat the other, and the other
    text = re.sub(r"^(?:does|do|did|can|could|would|will)\s+(\S.*?)\s+(?:really\s+|actually\s+|still\s+|even\s+|consistently\s+)?"
                  r"(?:beat|outperform|surpass|outdo|match)\s+(\S.*?)(?:\s+(?:OOD|out of distribution|on|in|at|for|when|under)\b.*)?$",
                  r"\1 and \2", text, count=1, flags=re.I)
    # "Neither G-ACIL nor the 'simple baseline that ...' stores old exemplars": the two sides, then what neither does
    if m := _NEITHER_NOR.search(text):
        text = f"{m.group(1)} and {m.group(2)}"
    if shared := re.search(r"\band\b.+?\s((?:both|all three|each)\s+(?=[a-z]))", text):
        text = text[: shared.start(1)]  # "'A' and 'B' both pass images through X and decode with Y": what both do is no side
    body = _LEAD.sub("", text)
    pieces = re.split("(" + _SPLITTERS.pattern + ")", body, flags=re.I)
    raw = [pieces[0]]
    for sep, piece in zip(pieces[1::2], pieces[2::2]):
        if sep.strip().lower() == "and" and _RELATIVE.search(raw[-1]) and _BARE_OBJECT.match(piece):
            raw[-1] += sep + piece  # "the self-labelling method that does clustering and representation learning": one side
        elif sep.strip() == "," and _LONE_ADJECTIVE.search(raw[-1]) and _BARE_OBJECT.match(piece) and len(_TAIL.sub("", piece).split()) <= 4:
            raw[-1] += sep + piece  # "a method built around an asymmetric, instance-adaptive whitening": one noun's adjectives
        elif sep.strip().lower() == "and" and _SHOWING.search(raw[-1]) and _CLAUSE_REST.match(piece):
            raw[-1] += sep + piece  # "the paper showing ViTs and MLP-Mixers can beat ResNets": what it shows, one side
        else:
            raw.append(piece)
    if len(raw) == 1 and len(pieces) > 1 and compared:
        # "Compare the long-convolution paper that introduces FlashButterfly with mimetic initialization": one merged side
        # leaves nothing to compare it with, so the "with" is where the second side begins
        raw = pieces[0::2]
    or_need = _OR_NEED_ASKED.search(text) is not None  # "Can plain Fisher averaging cope with that, or do I need ...?"
    parts = []
    for part in raw:  # quoted titles are still placeholders here, so no word of theirs ends a part ("... is patient ...")
        part = re.sub(r"^there(?:['’]s| is| are)\s+(?:also\s+)?", "", part.strip(" ,.;:"), flags=re.I)  # "and there's the ... paper"
        # "Could the X paper and ...", "Would 'Feature Contamination' and ..."
        part = re.sub(r"^(?:could|can|would|should|will|might|do|does|did|is|are)\s+(?=(?:the|a|an)\s|\x00|(?-i:[A-Za-z][\w^+-]*[A-Z][\w^+-]*)['’]s\s|(?-i:[A-Z][\w^+]*-?[A-Z0-9][\w^+-]*)$)",
                      "", part, flags=re.I)  # ("Is dBOT's result ... in tension with ...?")
        part = re.sub(r"^at\s+(?=(?:the|a|an)\s)", "", part, flags=re.I)  # "should I look at X or at the paper that ..."
        # "Would fine-tuning with very large dropout or LEVI fit that better?": a course of action opens the side
        part = re.sub(r"^(?:would|could|should)\s+(?=[a-z][\w-]*ing\b)", "", part, flags=re.I)
        # "the corrupted-labels modular arithmetic study expect the model to still grok": the side, then its verb
        part = re.sub(r"^((?:(?!\b(?:that|which|who)\b)[^\s,;]+\s+){1,5}?(?:paper|study))\s+(?!(?:on|of|about|that|which|from|by|for|in|"
                      r"with|where|whose|to|and|or|here|is|are|was|were|has|have)\b)(?![a-z]+(?:ing|ed)\b)[a-z]+\b.*$", r"\1", part, flags=re.I)
        # "Should I just tune the temperature, as the analysis of contrastive loss behaviour suggests, or switch to the
        # debiased objective?": the paper that suggests it, and the one switched to
        part = re.sub(r"^(?:as\s+(?=(?:the|an?)\s)|(?:just\s+|simply\s+)?(?:switch|move|go|turn|stick)\s+(?:over\s+|back\s+)?(?:to|with)\s+(?=(?:the|an?)\s))",
                      "", part, flags=re.I)
        if or_need:  # the side before "or do I need" opens with its verb ("Can plain Fisher averaging ...")
            part = re.sub(r"^(?:can|could|would|will|does|do|is|are)\s+(?=[a-z])(?!(?:it|its|they|them|this|that|these|those|i|we|you|each|either|both)\b)",
                          "", _OR_NEED.sub("", part), flags=re.I)
        part = _ARTICLE.sub("", _TAIL.sub("", part).strip(" ,.;:"))
        title = re.fullmatch(r"\x00\d+\x00", part) is not None  # a whole quoted title is a side, whatever its first word ('On ...')
        part = re.sub(r"\x00(\d+)\x00", lambda m: quoted[int(m.group(1))], part).strip("'\"‘’“”")  # a quoted title
        if len(part) >= 2 and part.lower() not in {"and", "or", "these", "those", "both"} and (title or not _NOT_A_SIDE.search(part)):
            parts.append(part)
    if re.match(r"\s*both\s", text, re.I):  # "Both A and B recast ... in terms of kernel or margin methods": two sides
        parts = parts[:2]
    return parts[:limit]


_CONFUSED = re.compile(r"^(?:[\w'’]+\s+){0,4}?(?:confus(?:e|es|ed|ing)|mix(?:es|ed|ing)?\s+up|muddl(?:e|es|ed|ing)\s+up)\s+(?!by\b|about\b|as\b)(\S.*?)\s+"
                       r"(?:with|and)\s+(\S.*)$", re.I)
_NEED = r"(?:do|should|would|must|could|can)\s+(?:i|we|you)\s+(?:need|use|want|pick|choose|go with|have to use|rather use)\s+"
_OR_NEED = re.compile(r"^(?:or\s+)?" + _NEED, re.I)  # "(or) do I need ...": what opens the second side
_OR_NEED_ASKED = re.compile(r"\bor\s+" + _NEED, re.I)
# an article and one adjective, its noun still to come after a comma ("an asymmetric, instance-adaptive whitening")
_LONE_ADJECTIVE = re.compile(r"\b(?:a|an|the)\s+[a-z-]+(?:ic|al|ive|ous|ent|ant|ar|ary|ful|less|ible|able)$")
# "the paper showing ViTs", then "and MLP-Mixers can beat ResNets ...": the subjects of the clause a paper shows, which
# goes on with its verb after the "and"
_SHOWING = re.compile(r"\b(?:show(?:s|ed|ing)?|find(?:s|ing)?|found|argu(?:es|ed|ing)|prov(?:es|ed|ing)|demonstrat(?:es|ed|ing)|"
                      r"claim(?:s|ed|ing)?)\s+(?:that\s+)?(?:[\w-]+\s+){0,2}[\w-]+\s*$", re.I)
_CLAUSE_REST = re.compile(r"\s*(?!(?:the|a|an|one|another|its|their)\b)[\w-]+(?:\s+[\w-]+){0,2}?\s+(?:can|could|may|might|do|does|did|are|is|were|"
                          r"was|will|would|outperform\w*|beat\w*|match\w*|rival\w*|surpass\w*)\b", re.I)
_RELATIVE = re.compile(r"\b(?:that|which|who)\s+[a-z]+\s+\S", re.I)  # "the method that does clustering"
# what may go on a relative clause after "and": a bare lowercase noun phrase ("representation learning"), not a new side
# ("the paper that ...", "one that ...", "LightGNN")
_BARE_OBJECT = re.compile(r"(?!(?:the|a|an|one|another|other|its|their|this|that|these|those|each|both|how|what|which|why|where|"
                          r"when|who|whether|is|are|does|do|did|can|could|would|should|will|if)\b)[a-z][a-z-]*(?:\s+[a-z][a-z-]*)*\s*$")
_KIND = (r"(?:work|paper|approach|method|technique|model|framework|case stud(?:y|ies)|study|system|review|survey|book|tutorial|primer|monograph|benchmark|dataset|analysis|argument|baseline|option|proposal|follow-?up|rule|recipe|procedure|"
         r"investigation|theory|account|algorithm|architecture|pipeline|scheme|strategy|trick|variant|regularizer|"
         r"eraser|editor|generator|detector|classifier|optimizer|sampler|encoder|decoder|tokenizer|adapter|estimator|attack|defen[cs]e|metric|criterion|finding)")
# ("personalize a text-to-image model on a user's own subject": a model is trained on things, a paper is on them)
# (nor is a tool: "using an eraser on Stable Diffusion" applies it to Stable Diffusion)
_KIND_ON = re.sub(r"\|eraser\|.*\)$", ")", _KIND.replace("|model|", "|"))
_BUILT = (r"(?:(?:built|based|centred|centered|grounded|founded)\s+(?:on|upon|around)|"  # "the approach built on SVD of ..."
          r"(?:released|introduced|published|shipped)\s+(?:with|alongside))")  # "the baseline released with the ... benchmark"
_HERE = r"(?:(?:in )?here|in (?:the|this|your|our) (?:collection|corpus|library|set)),?\s+"  # "a paper here that ..."
# "the paper arguing that ...", "the study proposing ...": a participle opens a description as "that" does
_CLAIMING = (r"(?:arguing|showing|claiming|saying|stating|concluding|warning|proposing|introducing|presenting|suggesting|finding|demonstrating|proving|reporting|"
             r"asking|questioning|(?:re-?)?examining|revisiting|rethinking|investigating|exploring|studying|evaluating|analy[sz]ing|"
             r"measuring|testing|explaining|describing|tracing|linking|tying|connecting|relating|attributing|blaming|identifying|"
             r"characteri[sz]ing|quantifying|documenting|diagnosing|auditing|formali[sz]ing)")
_REPORTS = (r"(?:finds|found|notices|noticed|observes|observed|shows|showed|argues|argued|claims|claimed|reports|reported|"
            r"notes|noted|discovers|discovered|suggests|suggested|demonstrates|demonstrated|proves|proved|traces|traced|"
            r"blames|blamed|attributes|attributed|points out)")  # what a paper says it saw
# Where a side described by what it does begins: "the work that ...", "the one that ...", "the paper on ...", "one paper ...",
# "while another ...", "the other ..."
_DESCRIBED = re.compile(
    rf"\b(?:(?:the|an?|(?:(?<=vs\. )|(?<= vs )|(?<=versus )|(?<=and )|(?<= or ))that)\s+(?:(?!(?:and|or|the|an?)\b)[A-Za-z][\w-]*\s+){{0,3}}?(?:{_KIND}|one)\s+(?:{_HERE})?(?:that|which|where|whose|{_CLAIMING}(?:\s+that)?|{_BUILT})\b|"
    # "the fix that rescales attention ...", not "a fix that needs no retraining" (what a paper may offer)
    rf"the\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:fix|remedy|tweak)\s+(?:that|which)\b|"
    # "...; a diffusion fine-tuning method notices that the smallest weights ...": after a pause, a kind of paper and
    # what it reports open a side as "the method that" does
    rf"(?<=[;:,] )(?:(?:while|whereas|and|but)\s+)?(?:the|an?)\s+(?:[a-z][\w-]*\s+){{0,3}}?{_KIND}\s+{_REPORTS}(?:\s+that)?\b|"
    rf"(?:(?:is|are) there|there(?:['’]s| is)|do (?:you|we) have|know of)\s+(?:something|anything)\s+(?:{_HERE})?(?:that|which)\b|"
    rf"(?:the|an?)\s+(?!same\s)(?:[a-z][\w-]*\s+){{0,2}}?(?:{_KIND_ON}|one)\s+(?:on|about|of)\b|"  # not "the same architecture on ..."
    rf"the\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:{_KIND}|one)\s+for(?=\s+[a-z]+ing\b)|"
    # "In one it is the tool that ...; in the other the NTK regime is ...": the side "in one" answers "in the other"
    rf"\bin\s+one(?:\s+(?:paper|of them))?,?(?=\s+(?:it|they|the|a|an|this)\b)(?=.*\bin\s+(?:the\s+other|another)\b)|(?<=[,:;] )(?:and\s+)?one\s+(?:is\s+)?(?:about|on|for|in|with|from|at|by)\b|(?:the|an?)\s+(?:[a-z][\w-]*\s+){{0,2}}?look\s+(?:at|into)\b|(?:while|whereas|and)?\s*\b(?:another|the other)"
    # ("another" alone opens a side when a verb, a preposition or a pause follows: "another trains ...", "another at
    # ...", not "another fine-tuning sweep for us"; "the other" always does: "and the other individual weights")
    rf"(?:(?:\s+{_KIND}|\s+one)(?:\s+(?:that|which))?\b|(?:\s+(?:that|which))\b|(?<=the other)\b|(?=\s+(?:(?:[a-z]+ly|also|just|only|instead|then|first|never|not|rather|mostly)\s+)?"
    rf"(?:[a-z][\w-]*s|at|on|about|in|into|with|by|for|to|from|does|did|has|had|is|was|goes|went|can|could|would|will)\b)|(?=\s*[,:;.?]))|(?<!\beach )(?<!\bany )(?<!\bwhich )(?<!\bwhat )(?<!\bold )(?<!\bnew )(?<!\bsame )\bone\s+(?:(?:[a-z-]+\s+)?{_KIND}\s+)?(?:{_HERE})?(?:that\s+|which\s+)?(?=(?:(?:[a-z]+ly|first|then|also|just|only|instead)\s+)?[a-z][\w-]*s\b)|"
    # "the one generalizing reverse-KL score distillation ...", "the maximum-likelihood one derived via EM": a participle
    rf"\bthe\s+(?!(?:first|second|third|other|former|latter|last|same|next)\b)(?:[a-z][\w-]*\s+){{0,2}}?one\s+(?=[a-z]+ing\s|[a-z]+ed\s+(?:via|by|from|with|through|using|on|in|for)\b))",
    re.I)
# The words that say what kind of paper a described side is ("the face anti-spoofing one that"), and those that only
# order them ("the other one that", "the first paper that")
_DESCRIBED_KIND = re.compile(rf"\s*the\s+((?:[a-z][\w-]*\s+){{1,2}}?)(?:{_KIND}|one)\b", re.I)
_ORDINAL = re.compile(r"((first|second|third|other|former|latter|earlier|later|newer|older|recent|latest|original|same|last|"
                      r"new|two|three|single|specific|particular|whole|short|long|brief|small|big|large|main|key|seminal|classic|famous|"
                      r"well-known|popular|influential|interesting|good|great|nice|cited|related|above|following|previous)\s*)+", re.I)
# Where a description ends: the comparison verb between two sides, the end of its clause ("A, the analysis showing X,
# and Hyper-Connections"), or the verb the sides share ("X and the paper on Y both look at ...")
_DESCRIPTION_END = re.compile(r"\s*(?:\b(?:(?<!\bto )differs?|compared?|versus|vs\.?|relates? to|contradicts?|(?:conflicts?|clash(?:es)?|squares?|lines? up)\s+with|(?:dis)?agrees?)\b|[;?!]|,\s*in terms of\b|\.(?:\s|$)|,\s*(?:while|whereas|and how|how|and then|and (?:where|what|which|why|whether|does|do|did|is|are|can|could|would|should|has|have))\b"
                               r"|,\s*(?:and|or)\s+(?-i:(?=[A-Z]))|\s+(?:and|or)\s+(?=['\x22‘“][A-Z])|\s+(?:and|or)\s+the\s+(?=['\x22‘“]\w[^'\x22’”]*['\x22’”]\s+(?:paper|work|study|method|approach)\b)|\s+and\s+(?-i:(?=[A-Z][\w^+-]*[A-Z0-9][\w^+-]*(?![\w^+-])(?!\s+(?:layers?|blocks?|features?|backbones?|weights?)\b)))|,\s*or\s+(?:the|an?|are|is|do|does|did|was|were)\s|,\s*and\s+the\s|,\s*and\s+there(?:['’]s|\s+is|\s+are)\s|:\s*(?=(?:how|what|which|why|where|when|is|are|do|does|did)\b)"
                               r"|\s+both\s+(?![\w-]+(?:\s+[\w-]+)?\s+and\b)"
                               r"|\s+(?:seems?|appears?|looks?)\s+to\s+(?:\w+\s+)?(?:back|support|warn|argue|suggest|say|claim|contradict|agree|disagree|confirm|challenge|undercut|undermine|favou?r)\w*\b"
                               rf"|,\s*the\s+(?:[\w-]+\s+){{0,3}}?{_KIND}\b"  # "..., the Nadaraya-Watson head approach, and ..."
                               # "..., do they point me toward ...": the question about both, after the description
                               r"|,\s*(?:do|does|did|would|will|can|could|should)\s+(?:they|the two|both|these|those|it|either)\b"
                               # "the one that corrects the last layer with two bias parameters, PODNet, or ...": the next side
                               r"|,\s*(?-i:(?=[A-Z][\w^+-]*[A-Z0-9][\w^+-]*\s*,))"
                               r"|\s[-–—]{1,2}\s+(?=(?:which|what|how|why|where|when|who|do|does|did|is|are|can)\b)"
                               r"|\s+(?:[a-z]+\s+){0,2}?the same way as\b"
                               r"|,\s*which\s+(?:one\s+)?(?:claims?|is|does|has|needs|works|gives|offers|suits|fits|requires)\b"
                               # "as the analysis of contrastive loss behaviour suggests, or ...": what it says ends it
                               r"|\s+(?:suggests?|says?|argues?|claims?|recommends?|advises?)(?=\s*[,;?.])"
                               # "... and the Layer-Integrated Memory paper", "... and the Layer-Integrated Memory (LIMe)
                               # architecture": a side named after it
                               rf"|\s+(?:and|or)\s+the\s+(?-i:(?=[A-Z][\w^+]*(?:[\s-][A-Z][\w^+]*)*(?:\s*\([^()]{{1,20}}\))?\s+{_KIND}\b)))", re.I)


_COMPARE_WITH = re.compile(r"^\W*(?:(?:i['’]m|i am|we['’]re|we are)\s+)?(?:compare|contrast|comparing|contrasting)(?:\s+(?:what|how))?\s*$", re.I)  # the sentence so far opens "Compare ..." and nothing else
# "... with HMAR", "... with what PV-Tuning claims": a name-like word
_WITH_NAME = re.compile(r"\s+(?:with|to|against|and)\s+(?:what\s+|how\s+)?(?=(?-i:[A-Z][\w^+-]*[A-Z0-9]))", re.I)


def _description_starts(question: str) -> list[re.Match]:
    """Where each described side begins ("the one that", "another", "one paper"), but not a noun phrase inside a
    description ("the other comes out of a study of whether ...")."""
    starts: list[re.Match] = []
    for m in _DESCRIBED.finditer(question):
        if question[m.end():].lstrip().startswith(":"):
            continue  # "good news in one paper and bad news in another: the X paper and ...": no description follows
        if re.match(r"\W*(?:while|whereas|and)?\s*(?:another|the other)\b", m.group(0), re.I) and re.search(
                r"\bone of (?:them|these|those|the two)\b|\bwhich (?:one|of (?:them|these|those|the two))\b", _SENTENCE.split(question[: m.start()])[-1], re.I):
            continue  # "Does one of them diagnose something the other tries to fix?": the two already named
        if re.match(r"\s*the other\s+(?!(?:one|paper|work|study|method|approach)\b)[a-z]+s\b", m.group(0) + question[m.end():], re.I) \
                and re.search(r"(?<![,;:.])\s+(?!(?:and|while|whereas|but|in|by|for)\b)[a-z][\w-]*\s*$", question[:m.start()], re.I) \
                and not re.match(r"\s*(?:and|while|whereas)\b", m.group(0), re.I):
            continue  # "holds knowledge the other lacks": the other model of a pair, inside a description, not a side
        between = question[starts[-1].end():m.start()] if starts else ""
        if starts and re.match(r"\W*(?:one|another|the other)\b", starts[-1].group(0), re.I) and re.match(r"\s*an?\s", m.group(0), re.I) \
                and not re.search(r"[;.?!]", between) and not _DESCRIPTION_END.search(between):
            continue  # "One paper here tests, with a semi-synthetic MNIST variant whose features are known, ...": a thing the side uses
        if starts and len(between.split()) < 4 and not re.search(r"[,;]|\b(?:against|versus|vs\.?|from|than)\s*$", between) \
                and not _DESCRIPTION_END.search(between) \
                and re.match(r"(?:the|an?)\s", m.group(0).strip(), re.I) and not re.search(r"\bother\b", m.group(0), re.I):
            continue
        starts.append(m)
    return starts


def only_one_and_other(question: str) -> bool:
    """Whether every described side opens "one ...", "another ...", "the other ..." (not "the paper that ..."): after two
    named sides ("REPA and GenHancer look like mirror images: one uses ..., the other uses ..."), those describe them."""
    starts = _description_starts(question)
    return bool(starts) and all(re.match(r"\W*(?:(?:while|whereas|and)\s+)?(?:one|another|the other)\b", m.group(0), re.I) for m in starts)


_IN_ONE_IN_OTHER = re.compile(r"[:;]\s*([^:;?.]{8,}?)\s+(?:in|for|by)\s+(?:the\s+)?(?:one|first|former)\s*,?\s*(?:and|while|whereas|but)\s+"
                              r"([^:;?.]{8,}?)\s+(?:in|for|by)\s+the\s+(?:other|second|latter)\b", re.I)


def described_sides(question: str, minimum: int = 2) -> list[str]:
    """'How does the work that backpropagates a reward differ from the one that fine-tunes the text encoder?',
    'one paper concatenates ..., while another fine-tunes ...': each side as the clause that describes it, or none
    when fewer than `minimum` ("How does it relate to the work that ...?" has one)."""
    if m := _IN_ONE_IN_OTHER.search(question):
        # "Colorization plays opposite roles in two papers here: the end task of a conditional GAN in one, and one of the
        # damages a network must undo ... in the other": each side's description, then which paper it is
        out = [m.group(1).strip(" ,"), m.group(2).strip(" ,")]
        return out if len(out) >= minimum else []
    starts = _description_starts(question)
    out = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(question)
        text = question[m.end():end]
        if i + 1 < len(starts) and text.rstrip().endswith(":") and re.match(r"\W*(?:one|another|the other)\b", starts[i + 1].group(0), re.I):
            continue  # "look at parts of the model that hardly get used: one blames ...": the lead, not a side
        if stop := _DESCRIPTION_END.search(text):
            text = text[: stop.start()]
        depth = 0
        for at, ch in enumerate(text):  # "(the one that drops negatives)": a description inside an aside ends with it
            depth += (ch == "(") - (ch == ")")
            if depth < 0:
                text = text[:at]
                break
        if i == 0 and re.search(r"(?<![\w-])[A-Z][\w^+-]*[A-Z][\w^+-]*,\s*$", question[:m.start()]) and re.match(r"\W*the\b", m.group(0), re.I) \
                and not re.search(r":[^.?!]*$", question[:m.start()]):
            # "OSBORN, the optimal-transport-based metric for choosing ...": what the named side is, no side of its own
            # (in a list after a colon, "... preconditioned SGD, the domain-generalization work that ..." is the next side)
            continue
        if _COMPARE_WITH.search(_SENTENCE.split(question[: m.start()])[-1]):
            joins = list(re.finditer(r"\s+(?:with|to|against|and)\s+", text, re.I))
            if named := _WITH_NAME.search(text):
                text = text[: named.start()]  # "Compare the paper on X that ... with HMAR": HMAR is the other side
            elif len(starts) == 1 and len(joins) == 1 and joins[0].group(0).strip().lower() == "with":
                # "Compare the long-convolution paper that introduces FlashButterfly with mimetic initialization for
                # Mamba": the one described side's only "with" is where the side it is compared with begins
                text = text[: joins[0].start()]
        text = re.sub(r"(\s+(with|to|from|and|or|against|over))+$", "", text.strip(" ,.;:"), flags=re.I).strip(" ,.;:")  # "Contrast X with Y"
        # "the face anti-spoofing one that drops domain labels": what the side is, then what it does
        if (kind := _DESCRIBED_KIND.match(m.group(0))) and not _ORDINAL.fullmatch(kind.group(1).strip()):
            text = f"{kind.group(1).strip()}: {text}"
        elif genre := re.search(r"\b(survey|review|benchmark|dataset|book|tutorial)\b", m.group(0), re.I):
            text = f"{genre.group(1).lower()}: {text}"  # "the survey of X": what it is says which paper
        # "a single model that benefits from all of them": one content word and pronouns describe no paper
        content = [w for w in re.findall(r"[a-z][\w-]*", text.lower()) if w not in _STOP and w not in _PRONOUNS]
        if len(text.split()) >= (2 if re.search(r"\b(?:about|on)\s*$", m.group(0)) else 3) and len(content) >= 2:  # "one about image colorization"
            out.append(text)
    return out if len(out) >= minimum else []


_PRONOUNS = frozenset("it its they them their this that these those all both each some any one ones".split())


def described_lead(question: str) -> str:
    """What a sentence says of all its described sides before it describes each: "Two papers deal with generative
    models losing diversity: one looks at ..., the other at ..." -> "Two papers deal with generative models losing
    diversity"; '' when the descriptions do not follow such a lead (a colon, semicolon or comma ends it)."""
    if m := _IN_ONE_IN_OTHER.search(question):  # "Colorization plays opposite roles in two papers here: A in one, B in the other"
        head = _SENTENCE.split(question[: m.start() + 1])[-1]
        return head.strip(" :;,") if len(head.split()) >= 3 else ""
    starts = _description_starts(question)
    if len(starts) < 2:
        return ""
    head = _SENTENCE.split(question[: starts[0].start()])[-1]
    if not re.search(r"[:;,]\s*$", head) or len(head.split()) < 3:
        return ""
    return head.strip(" :;,")


def described_context(question: str) -> str:
    """Everything a question says before its first described side, without the comparison verb that introduces it:
    "I'm training a ViT-B from scratch ... It lags a ResNet. I've found two fixes here: one blames sharp minima ..."
    -> "I'm training a ViT-B from scratch ... It lags a ResNet. I've found two fixes here"; '' when it says little."""
    starts = _description_starts(question)
    if not starts:
        return ""
    head = re.sub(r"\b(compare|contrast|weigh|between|how (does|do|did)|what (separates|distinguishes))\s*$", "",
                  question[: starts[0].start()].strip(" :;,"), flags=re.I).strip(" :;,")
    return head if len(re.findall(r"[A-Za-z]{4,}", head)) >= 4 else ""


_BETTER_TO = re.compile(r"\b(?:is it|would it be|is)\s+(?:better|preferable|wiser|smarter|more sensible)\s+to\s+([^?]{8,}?),?\s+or\s+(?:to\s+)?"
                        r"(?:use\s+)?([^?]{8,}?)[?.]?\s*$", re.I)


def side_phrases(question: str) -> list[str]:
    """Surface phrases naming each side: "How does X differ from Y?", "Compare A, B and C", "...: A or B",
    or the clauses that describe them ("the one that ...")."""
    if described := described_sides(question):
        return described
    if m := _BETTER_TO.search(focus(question)):
        # "is it better to fine-tune it toward a count reward ..., or to use the method that counts instances ...?"
        return [next(iter(described_sides(x, minimum=1)), x) for x in (m.group(1), m.group(2))]
    phrases = _phrases(focus(question))
    # "the neural space-time representation method and the approach for personalizing ...": a bare "approach" is the
    # side described after it
    bare = [i for i, p in enumerate(phrases) if re.fullmatch(rf"{_KIND}s?|one", p, re.I)]
    for i, clause in zip(bare, described_sides(question, minimum=1) if bare else []):
        phrases[i] = clause
    return phrases


_SECOND_SIDE = re.compile(r"\s(?:with|to|against|and)\s", re.I)  # "Compare X with Y": where Y begins


def context_start(question: str) -> int:
    """Where the trailing context clause begins ("... for fine-tuning LLaMA models"): names after it are not sides."""
    m = re.search(r"\b(differ\w*|compare\w*|versus|vs\.?|than)\b", question, re.I)
    if not m:
        return len(question)
    start = m.end()
    if not question[: m.start()].strip() and (second := _SECOND_SIDE.search(question, start)):
        start = second.end()  # "Compare the paper on X with HMAR for Y": the first side's own words ("on X") are no context
    after = re.search(r"\s(for|on|in terms of|in (?:how|what|which|the way|their|its)|when|regarding|across|as (?:[\w-]+ ){0,2}ways? (?:to|of))\s",
                      question[start:], re.I)
    return start + after.start() if after else len(question)


_BASELINE = r"\b(?:over|than|versus|vs\.?|compared (?:to|with)|relative to|against|outperform\w*|beat\w*)\s+(?:(?:the|a|an|original|standard|vanilla|plain|prior)\s+){0,2}"


def is_baseline(question: str, surface: str) -> bool:
    """'gain over REPA', 'versus DDIM', 'compared to VAR': the name is what the subject is measured against."""
    return re.search(_BASELINE + re.escape(surface) + r"(?![\w^+])", question, re.I) is not None


def names_a_method(phrase: str) -> bool:
    """'LoRA', 'DeiT-S': a name; 'BiC-style bias correction' describes a kind of method instead."""
    words = (re.sub(r"'s$", "", w.strip(",.;:")) for w in phrase.split())
    return any(looks_like_name(w) for w in words if not _STYLE.fullmatch(w))


def find_sides(question: str, catalog: Catalog) -> list[Side]:
    """Sides named in the question before its context clause: catalog names, then names the corpus lacks."""
    sides: list[Side] = []
    seen: set[str] = set()
    whole, question = question, list_part(focus(question))
    question = question[: context_start(question)]
    phrases = [p.lower() for p in _phrases(question, limit=None)]  # "Compose and Conquer" splits: all parts count
    phrases = phrases if len(phrases) >= 2 else []
    used: set[int] = set()  # the phrases that gave a side
    for surface, ids in catalog.find_mentions(_STYLE.sub(r"\1", question), context=whole):
        if ids[0] in seen:
            continue
        holding = {i for i, p in enumerate(phrases) if surface.lower() in p or p in surface.lower()}
        if phrases and not holding:
            continue  # "Both X and Y target problems of classifier-free guidance": a name in the context is no side
        if phrases and holding <= used and all(len(p) > 2 * len(surface) for i, p in enumerate(phrases) if i in holding):
            continue  # "the ARO benchmark paper saying vision-language models behave like ...": a name in a side's description
        used.update(holding)
        seen.update(ids)
        sides.append(Side(surface, tuple(ids[:1])))
    described = {m.group(1).lower() for m in _STYLE.finditer(question)}
    for name in catalog.unknown_names(question, context=whole):
        base = _STYLE.sub(r"\1", name)
        if base.lower() not in described:
            sides.append(Side(name, ()))
    return sides


_STOP = frozenset("a an the of for in on with and or to via by from using towards toward through is are as at its into "
                  "based method methods approach approaches model models paper".split())


def word_stems(text: str) -> set[str]:
    """Content words cut to five letters ("concepts" ~ "concept", "representations" ~ "representation")."""
    words = [w for w in re.split(r"[^a-z0-9^+]+", text.lower()) if w and w not in _STOP]
    return {w[:5] for w in words}


def title_overlap(phrase: str, title: str) -> int:
    """How many of a side phrase's words its title uses; the title's initialisms count as words
    ("hallucination-aware DPO" and "Hallucination-Aware Direct Preference Optimization" share two, as does
    "ablating a concept" with "Ablating Concepts in ..."; "U-Net" is one word however it is split)."""
    caps = re.findall(r"\b[A-Z][\w]*(?:[\s-]+[A-Z][\w]*)+", title)
    initials = set()
    for run in caps:
        words = re.split(r"[\s-]+", run)
        initials |= {"".join(w[0] for w in words[i:j]).lower() for i in range(len(words)) for j in range(i + 2, min(len(words), i + 5) + 1)}
    vocab = word_stems(title) | initials
    return sum(1 for word in phrase.split() if (stems := word_stems(word)) and stems & vocab)


def comparison_table(rows: list[tuple[int, str, str]], question: str) -> list[dict]:
    """Rows (number, title, abstract) -> [{n, title, problem, approach, result}] cells quoted from abstracts."""
    table = []
    for n, title, abstract in rows:
        cells = table_cells(abstract, question)
        table.append({"n": n, "title": title, **{k: cells.get(k, "") for k in ("problem", "approach", "result")}})
    return table


def table_markdown(table: list[dict]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ") or "—"

    lines = ["| Paper | Problem | Approach | Key result |", "|---|---|---|---|"]
    for row in table:
        lines.append(
            f"| [{row['n']}] {cell(row['title'])} | {cell(row['problem'])} | {cell(row['approach'])} | {cell(row['result'])} |"
        )
    return "\n".join(lines)
