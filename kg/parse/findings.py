"""Findings, faults and injustices (the complainant and the complaint points are :mod:`kg.parse.complaint`).

Findings are read sentence by sentence in the findings sections only (not
in the Ombudsman's description of its own role, not in the narrative of what
happened, not in the summary), so "If there has been fault…" or "Ms X says
the Council was at fault" are never taken for findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import ComplaintPoint, Fault, Finding, Injustice
from kg.parse import plainwords
from kg.parse.prefilter import guarded
from kg.parse.sections import Placed, span_of
from kg.parse.text import TITLE, Matcher, plain, sentences

_CONDITIONAL = guarded(
    r"^\s*(?:if|where|whether|unless)\b|\b(?:whether|any fault|if there (?:is|was|has been|were)|would be fault|"
    r"could be fault|may be fault|might be fault|would amount to fault|to decide if|to decide whether|"
    r"we (?:can|may) (?:investigate|consider)|we must (?:also )?consider)\b",
    re.I,
)
_REPORTED = re.compile(
    r"\b"
    + TITLE
    + r" [A-Z]\w*(?:'s)? (?:says|said|complains|complained|alleges|alleged|believes|feels|felt|argues|argued|claims|claimed|considers|thinks|told)\b|"
    r"\b(?:she|he|they) (?:says|said|complains|alleges|believes|feels|argues|claims)\b",
    re.I,
)
_NO_FINDING = guarded(
    r"not possible to (?:reach|make|come to) (?:a |any )?(?:finding|view|decision)|"
    r"(?:cannot|can ?not|unable to|could not|can't) (?:reach|make|come to|reach a safe) (?:a |any )?(?:safe )?(?:finding|view)|"
    r"(?:no|not see(?: any)?|insufficient) (?:documentary |enough )?evidence to (?:support a finding|make a finding)|"
    r"(?:cannot|can ?not|unable to) (?:say|determine|establish|know) (?:with any certainty )?what (?:happened|was said)",
    re.I,
)
_NEGATED_FAULT = guarded(
    r"\b(?:no|not|nor|never)\s+(?:(?:at|a|any|evidence of|find|finding|found|consider|consider it|call it)\s+)?(?:fault|maladministration)\b|"
    r"\b(?:I|we|the Ombudsman)\s+(?:\w+\s+)?(?:cannot|can ?not|can't|could not|do not|did not|don't|didn't|would not|am not|have not|will not)\s+"
    r"(?:\w+[’']?\w*\s+){0,5}(?:fault|maladministration)\b|"
    r"\bI do not uphold\b|\bnot uphold\b|\bdo(?:es)? not support [^.]{0,60}\b(?:concerns?|complaint|claims?|view|allegations?)\b|"
    r"\bacted (?:properly|appropriately|correctly|reasonably|in line with)\b|"
    r"\bnot (?:act|acted|acting) (?:with|in) (?:any )?fault\b|\bwithout fault\b|\bnot (?:affected|tainted) by (?:any )?fault\b|"
    r"\bnot to uphold\b",
    re.I,
)
_FAULT = guarded(
    r"\b(?:was|is|were|are|be|been|amounts? to|amounted to|constitutes?|constituted|represents?|represented)\s+"
    r"(?:also\s+|therefore\s+|clearly\s+|further\s+)?(?:an?\s+)?(?:further\s+|significant\s+|clear\s+|additional\s+)?fault\b|"
    r"\bat fault\b|\b(?:found|find|finding of|identified|there was|there is) (?:some |a |further )?fault\b|\bfault by (?:the|a|an)\b|"
    r"\bacted with fault\b|"
    r"^\W*fault (?:was )?found\b|"  # a report summary's "Finding": "Fault found causing injustice and recommendations made"
    r"\bfault (?:in|with) (?:the|how|its|his|her|their)\b|\bmaladministration\b|"
    r"\bI uphold (?:this|that|the) (?:part|element|aspect|point)\b|\bso on (?:this|that) point,? I uphold\b|"
    r"\b(?:was|is|were|amounts? to|amounted to|constitutes?|constituted)\s+(?:also\s+)?(?:a\s+)?service failure\b|"
    r"\bthere (?:was|has been) (?:a )?service failure\b",
    re.I,
)
_JURISDICTION = guarded(
    r"\b(?:outside (?:of )?(?:our|the Ombudsman['’]s|my) jurisdiction|out of (?:our )?jurisdiction|"
    r"not within (?:our|the Ombudsman['’]s) jurisdiction|we cannot investigate|I cannot investigate)\b",
    re.I,
)
_ANAPHOR = re.compile(r"^\W*(?:that|this|which|it|to not do so|not to do so|doing so|these|this was|so)\b", re.I)

#: fault type -> words that show it, tried in this order on the sentence, then the paragraph
FAULT_TYPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.I))
    for key, pattern in (
        (
            "data-protection",
            r"disclos|data protection|data breach|confidential|phone number|personal (?:data|information)|privacy|\breleas\w* (?:\w+['’]s )?(?:\w+ )?(?:phone|number|address|information)",
        ),
        ("delay", r"\bdelay|\btoo long\b|\bin good time\b|\blate\b|\btimescale|\bdeadline|\bpromptly|\bwithout undue"),
        ("record-keeping", r"\brecord(?:s|ed|ing)?\b|\bnote(?:s)? of\b|\bminutes\b|\bfile note"),
        (
            "complaint-handling",
            r"complaints? (?:handling|procedure|process|response)|handl\w+ (?:of )?(?:the |his |her )?complaint|respon\w+ to (?:the |his |her |their )?complaint",
        ),
        (
            "failure-to-inform",
            r"\binform\w*\b|\bexplain\w*\b|\btell\b|\btold\b|\bmade? (?:it )?(?:explicitly )?clear\b|\bnotif\w+|\badvis\w+|\boutcome of its\b|\bcopy of\b",
        ),
        (
            "communication",
            r"\bcommunicat\w*|\brespon\w+|\breply|\breplied|\backnowledg\w+|\bcontact\w*|\bemail|\bletter|\bwrite\b|\bwrote\b",
        ),
        (
            "flawed-assessment",
            r"\bassess\w*|\bassum\w+|\bbias|\bdecision[- ]making|\bconsider\w* properly|\btook into account|\bevidence|\bjudg(?:e)?ment",
        ),
        ("inappropriate-conduct", r"\bconduct\b|\bbehaviou?r|\brude|\bharass\w*|\bleave\b|\bdoorstep|\binappropriate"),
        (
            "failure-to-provide-service",
            r"\bfail\w* to (?:provide|deliver|arrange|carry out)|\bdid not (?:provide|deliver|arrange)|\bservice failure",
        ),
        (
            "failure-to-follow-procedure",
            r"\bguidance\b|\bprocedure|\bpolicy\b|\bstatutory|\blaw\b|\bduty\b|\bregulation|\bprinciples of good",
        ),
    )
)

#: injustice type -> words that show it
INJUSTICE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.I))
    for key, pattern in (
        ("raised-expectations", r"raised expectations?|false expectations?|expectations? (?:were|was) raised"),
        ("time-and-trouble", r"time and trouble"),
        (
            "financial-loss",
            r"financial loss|out of pocket|lost (?:income|earnings)|(?:cost|costs) (?:him|her|them)|overpa\w+|paid more",
        ),
        (
            "loss-of-opportunity",
            r"lost (?:the |an )?(?:opportunity|chance)|loss of (?:the |a )?chance|loss of (?:the |an )?opportunity|missed (?:the |an )?opportunity|denied (?:the |an )?opportunity|may have (?:engaged|received|been)|might have (?:engaged|received|been)|would have (?:engaged|received)",
        ),
        ("uncertainty", r"\buncertain"),
        ("distress", r"distress|stress|anxiety|anxious|upset|frustrat|worry|worried|avoidable|inconvenience"),
    )
)
_ANY_INJUSTICE_CUE = guarded("|".join(f"(?:{cue.pattern})" for _, cue in INJUSTICE_CUES), re.I)
_INJUSTICE_WORD = guarded(
    r"\binjustice\b|\bdistress|\btime and trouble\b|\bfrustration\b|\buncertainty\b|\bstress\b|\banxiety\b", re.I
)
_NO_INJUSTICE = guarded(
    r"\b(?:no|not|nor|without)\b(?:\s+\w+){0,3}\s+(?:significant\s+|ongoing\s+|further\s+)*injustice\b|"
    r"\b(?:not|cannot|unable to|didn't|did not)\b[^.]{0,40}\b(?:comment on|caused?|result in)\b[^.]{0,20}\binjustice|\bany injustice\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Found:
    """What :func:`find_findings` returns, model objects numbered in text order."""

    findings: tuple[Finding, ...]
    faults: tuple[Fault, ...]
    injustices: tuple[Injustice, ...]


#: the Ombudsman endorsing what the body admitted or offered: its findings, or its remedy as suitable
ENDORSES = guarded(
    r"\b(?:we|I) (?:\w+ )?agree with (?:the|its|their) (?:[\w'’]+ )?(?:findings?|conclusions?|view|assessment)\b|"
    r"\b(?:is|was|are|were|as|be|consider (?:that|this|it)) (?:a |an )?(?:suitable|appropriate|satisfactory|proportionate|"
    r"fair|sufficient|reasonable) (?:remedy|remedies|settlement|response)\b|\bremed(?:y|ies|ied) (?:the|this|that|any|its) injustice\b",
    re.I,
)


def classify_fault(sentence: str, paragraph: str) -> str:
    """The fault type of a fault sentence, judged on the sentence first, then on its paragraph."""
    for context in (sentence, paragraph):
        for key, cue in FAULT_TYPE_CUES:
            if cue.search(context):
                return key
    return "other"


def injustice_types(sentence: str) -> list[str]:
    """The injustice types a sentence names, in vocabulary order.

    >>> injustice_types("the injustice is some raised expectations and frustration")
    ['raised-expectations']
    """
    if not _ANY_INJUSTICE_CUE.search(sentence):
        return []
    kinds = [key for key, cue in INJUSTICE_CUES if cue.search(sentence)]
    if (
        "raised-expectations" in kinds
        and "distress" in kinds
        and not re.search(r"distress|stress|anxi|upset|worr", sentence, re.I)
    ):
        kinds.remove("distress")  # "raised expectations and frustration" is one injustice
    return kinds


_FINDING_WORDS = guarded(
    r"fault|maladministration|service failure|finding|jurisdiction|uphold|support|acted|investigate", re.I
)


def _classify(sentence: str) -> str | None:
    if not _FINDING_WORDS.search(sentence):
        return None
    s = plain(sentence)
    if _CONDITIONAL.search(s) or _REPORTED.search(s):
        return None
    if _NO_FINDING.search(s):
        return "no-finding"
    if _JURISDICTION.search(s):
        return "outside-jurisdiction"
    if _FAULT.search(s) or re.search(r"\bfault\b", s, re.I):
        if _NEGATED_FAULT.search(s):
            return "no-fault"
        if _FAULT.search(s):
            return "fault"
        return None
    if _NEGATED_FAULT.search(s) and re.search(r"\b(?:uphold|support|acted)\b", s, re.I):
        return "no-fault"
    return None


def _evidence_start(text: str, sents: list[tuple[int, int]], i: int) -> int:
    """A short anaphoric sentence ("That was fault.") is quoted with the sentences it points back to."""
    start = sents[i][0]
    j = i
    while j > 0 and _ANAPHOR.match(text[sents[j][0] : sents[j][1]]) and sents[j][1] - sents[j][0] < 90 and i - j < 2:
        j -= 1
        start = sents[j][0]
    return start


def find_findings(
    text: str,
    body: list[Placed],
    points: tuple[ComplaintPoint, ...],
    roles: tuple[str, ...] = ("findings", "assessment"),
) -> Found:
    """Findings, faults and injustices from the sections of the given roles (the findings, by default)."""
    matcher = Matcher(p.text for p in points)
    findings: list[Finding] = []
    faults: list[Fault] = []
    fault_topic: list[str] = []
    fault_context: list[str] = []
    injustices: list[Injustice] = []
    seen_injustice: set[tuple[str, str]] = set()
    topic_text: dict[str, str] = {}
    for placed in body:
        if placed.topic:
            topic_text[placed.topic] = topic_text.get(placed.topic, placed.topic) + " " + placed.block.text

    def best_point(*contexts: tuple[str, int]) -> int | None:
        if len(points) <= 1:
            return 1 if points else None
        total = [0] * len(points)  # exact integers (Matcher weights): ties are real ties in every process
        for context, weight in contexts:
            for k, s in enumerate(matcher.scores(context)):
                total[k] += weight * s
        best = max(total)
        if best < 2_000_000 or total.count(best) > 1:
            return None
        return total.index(best) + 1

    for placed in body:
        if placed.role not in roles or placed.background:
            continue
        block = placed.block
        sents = sentences(text, block.start, block.end)
        para_text = block.text
        for i, (s, e) in enumerate(sents):
            sentence = text[s:e]
            kind = _classify(sentence)
            if kind is not None:
                start = _evidence_start(text, sents, i)
                point = best_point((text[start:e], 3), (placed.topic, 1), (para_text, 1))
                number = len(findings) + 1
                if kind != "fault":
                    start = s
                findings.append(Finding(number, kind, span_of(text, start, e, placed), point))
                if kind == "fault":
                    faults.append(
                        Fault(
                            len(faults) + 1,
                            classify_fault(text[start:e], para_text),
                            span_of(text, start, e, placed),
                            number,
                            point,
                        )
                    )
                    fault_topic.append(placed.topic)
                    fault_context.append(topic_text.get(placed.topic, para_text))
            if _INJUSTICE_WORD.search(sentence) or injustice_types(sentence):
                window = sentence + " " + (text[sents[i + 1][0] : sents[i + 1][1]] if i + 1 < len(sents) else "")
                for key in _injustices_in(sentence, window):
                    if (key, placed.topic) in seen_injustice:
                        continue
                    seen_injustice.add((key, placed.topic))
                    causes = _causes(placed, para_text, faults, fault_topic, fault_context)
                    injustices.append(Injustice(len(injustices) + 1, key, span_of(text, s, e, placed), causes))
    return Found(tuple(findings), tuple(faults), tuple(injustices))


#: "uncertainty about whether …", "not knowing whether …": the doubt is the injustice, not a condition
DOUBT_WHETHER = guarded(
    r"\b(?P<d>uncertain\w*|unsure|not know\w*|cannot (?:now )?know|never know|doubts?|wonder\w*)\s+(?:about\s+|as to\s+|over\s+)?whether\b",
    re.I,
)
#: "That is his injustice", "This was a significant injustice": an injustice stated without its kind
_IS_INJUSTICE = guarded(
    r"\b(?:is|was|are|were) (?:his|her|their|its|the|an?|some|significant|real) (?:\w+ )?injustice\b", re.I
)


def _injustices_in(sentence: str, window: str) -> list[str]:
    s = plain(sentence)
    if _CONDITIONAL.search(DOUBT_WHETHER.sub(r"\g<d> of", s)) or _REPORTED.search(s) or _NO_INJUSTICE.search(s):
        return []
    if re.search(r"\b(?:remedy|compensate|pay|payment|apolog)\w*", s, re.I) and not re.search(
        r"\binjustice (?:to|is|was)\b", s, re.I
    ):
        return []  # a remedy's purpose: the remedy finder reads it
    kinds = injustice_types(s)
    if not kinds and (
        re.search(r"\b(?:caused?|causing|suffered|left)\b[^.]{0,30}\binjustice\b|\binjustice (?:to|is|was)\b", s, re.I)
        or _IS_INJUSTICE.search(s)
    ):
        kinds = injustice_types(plain(window)) or ["other"]
    return kinds


def _causes(
    placed: Placed, paragraph: str, faults: list[Fault], topics: list[str], contexts: list[str]
) -> tuple[int, ...]:
    """The faults an injustice flows from: those under the same topic, else the fault whose paragraph it echoes most."""
    same_paragraph = [
        f.number for f in faults if f.span.paragraph is not None and f.span.paragraph == placed.block.paragraph
    ]
    if same_paragraph:
        return tuple(same_paragraph)
    same_topic = [f.number for f, t in zip(faults, topics) if t == placed.topic and placed.topic]
    if same_topic:
        return tuple(same_topic)
    if not faults:
        return ()
    scores = Matcher(contexts).scores(paragraph)
    best = max(scores)
    if best <= 0:
        return tuple(f.number for f in faults)
    return tuple(f.number for f, sc in zip(faults, scores) if sc == best)


#: words that rule an injustice out in a summary or final-decision sentence (kg.parse.summary reads them)
NO_INJUSTICE_SAID = guarded(
    r"\b(?:did|does|has|had|have|would|will) not (?:\w+ ){0,2}?caused? (?:\w+ ){0,4}?(?:an |any |significant |a significant )?"
    r"(?:personal )?injustice\b|\bno (?:significant |further |personal |ongoing )*injustice\b|"
    r"\bnot (?:suffered|suffer|caused) (?:\w+ ){0,3}injustice\b|\bwithout (?:causing )?(?:any |significant )?injustice\b|"
    r"\b(?:do|does|did) not (?:consider|think|find|accept|believe) (?:that )?(?:\w+ ){0,4}?(?:caused?|resulted in|led to) "
    r"(?:\w+ ){0,4}?(?:an |any |significant |a significant )?injustice\b|"
    r"\binjustice\b[^.;]{0,40}\bnot (?:significant|serious)|" + plainwords.NO_INJUSTICE,
    re.I,
)
