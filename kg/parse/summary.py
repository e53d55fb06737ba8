"""What the summary and the final decision state: the verdict, the injustice, the remedy, a refusal to investigate.

Most saved pages are cut off after the summary or the first sections, and the
summary often says it all ("We found fault causing injustice. The Council has
agreed to apologise and pay Mrs X £500").  These functions read one sentence
at a time, in the Ombudsman's voice only: what the complainant says, wants or
complained of (``Mr X complained the Council failed to…``) and what would
happen if ("If there has been fault…", "it is unlikely we would find fault")
are not findings.

>>> verdict("We found fault by the Council.")
'fault'
>>> verdict("The Council reached its decision properly."), verdict("We find no evidence of fault.")
('no-fault', 'no-fault')
>>> verdict("There is not enough evidence of fault to justify an investigation.") is None
True
>>> verdict("Mr X complained the Council failed to repair the road.") is None
True
>>> verdict("The appeal panel's report is flawed."), verdict("The appeal panel's report is flawed.", strict=True)
('fault', None)
>>> injustice_said("This did not cause Mrs X an injustice."), injustice_said("That remedies any injustice caused.")
(False, None)
>>> injustice_said("Miss X and her family lived in unsuitable accommodation for nine months.")
True
>>> declines("We will not investigate Mr X's complaint about the parking fine."), declines("We will not investigate part of it.")
(True, False)
>>> remedy_stated("The Council has agreed to apologise and pay Mr X £200."), remedy_stated("A remedy has been agreed.")
(True, False)
"""

from __future__ import annotations

import re

from kg.parse import plainwords
from kg.parse.findings import DOUBT_WHETHER, NO_INJUSTICE_SAID, injustice_types
from kg.parse.prefilter import guarded
from kg.parse.text import BACKDATE, TITLE, plain

#: The complainant (or their pronoun) reporting, claiming or wanting: their words, not the Ombudsman's.
_REPORTED = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.? (?:and " + TITLE + r"\.? )?[A-Z][\w-]*(?:['’]s \w+)?"
    r"|\b(?:[Hh]e|[Ss]he|[Tt]hey|[Tt]he complainants?)\b)"
    r"[,\s]+(?:\w+[,\s]+){0,3}?(?:says|said|alleges|alleged|believes|believed|feels|felt|argues|argued|claims|claimed|"
    r"thinks|thought|contends|contended|wants|wanted|would like|considers|considered|(?<!was )(?<!were )(?<!been )(?<!not )told|reports|reported|states|stated)\b"
    r"|\bcomplain(?:s|ed|ing)?\b|\bcomplaint (?:is |was )?(?:that|about|concerns?|relates)\b|"
    r"\bconcerns? (?:is|was|are|were) that\b",
)
#: Hypotheses, conditions and the Ombudsman's tests: no finding either way.
_HYPOTHETICAL = guarded(
    r"^\W*(?:if|where|whether|unless)\b|\b(?:if|whether) (?:there|the|it|we|any)\b|\bany fault\b|\bwould (?:be|find|have found|amount)\b|"
    r"\bcould (?:be|find)\b|\bmay (?:be|have|find)\b|\bmight\b|\b(?:un)?likely\b|\b(?:justify|warrant)\w*\b|(?<!entitled )\bto decide\b",
    re.I,
)
#: A body admitting fault is not the Ombudsman finding it.
_ADMITTED = guarded(r"\b(?:admit\w*|accept\w*|acknowledg\w*|conceded?|concedes)\b[^.;]{0,30}\bfault", re.I)
_NO_FAULT = guarded(
    r"\bno (?:evidence of |sign of )?(?:\w+ )?(?:faults?|maladministration)\b|\bnot (?:at )?fault\b|\bwithout fault\b|"
    r"\bnot (?:find|found) (?:any )?(?:\w+ )?(?:fault|maladministration)\b|\b(?:find|found) no\b|"
    r"\bdid not find\b[^.;]{0,40}\bfault\b|\bnot (?:guilty of )?maladministration\b|"
    r"\b(?:reached|made|took|taken|makes|reaches) (?:its|the|this|their|that|a) (?:\w+ )?decisions? (?:properly|correctly|reasonably|lawfully|without fault)\b|"
    r"\bacted (?:properly|appropriately|correctly|reasonably|lawfully|in line with|in accordance with)\b|\bnothing wrong\b|\b(?:took|taken|takes|take) reasonable steps\b|"
    r"\b(?:do|does|did|have|has) not uphold\b|\bnot upheld\b|\bdid nothing wrong\b|\b(?:cannot|do not|does not|did not) criticise\b|\bmade no (?:\w+ )?(?:errors?|mistakes?)\b|\bno evidence (?:that )?(?:[\w'’]+ ){1,3}did anything wrong\b|"
    r"\bnot (?:act|acted|acting) (?:with|in) (?:any )?fault\b|\bnot (?:affected|tainted|caused) by (?:any )?fault\b|"
    r"\bnot (?:find|found|consider|considered|see|saw) (?:that )?(?:(?:the|its|their|this|that) )?(?:(?!(?:and|or|but|which|so|was|were)\b)[\w'’]+ ){1,3}"
    r"(?:(?:was|were|to be|to have been|acted|had acted|has acted) )?(?:at|with) fault\b|"
    r"\bnot to uphold\b|\bnot (?:found|find|seen|see) (?:any )?(?:evidence|signs?) of (?:any )?fault\b|"
    r"\bfollowed (?:the|its|a) (?:correct|right|proper|proper and fair) (?:process|procedure)\b|(?<!not )\bwas entitled to\b|(?<!not )(?<!n't )(?<!never )\bproperly considered\b|"
    + plainwords.NOTHING_TO_SHOW,
    re.I,
)
_FAULT = guarded(
    r"\bfaults?\b|\bmaladministration\b|\bservice failures?\b|\bupheld\b|\b(?:we|I) uphold\b|\bdecided to uphold\b",
    re.I,
)
#: Failings the Ombudsman states without the word "fault" ("the report is flawed", "the Council failed to …").
_FAILING = guarded(
    r"\b(?:failed|fails|failing) to\b|\bfail(?:ure|ing)s? (?:to|in|of|by)\b|\bflawed\b|\binvalid\b|\bwrongly\b|\bwas wrong\b|"
    r"\b(?:did|has|have|had) not (?:properly |adequately |correctly |fully )?(?:consider|follow|tell|inform|notify|provide|"
    r"respond|reply|act|explain|deal|assess|arrange|record|review|carry|give|keep|meet|secure|offer|monitor|check|share|"
    r"update|visit|contact|investigate|ensure|refer|chase|process|sort|fix|resolve|look)\w*\b|"
    r"\bnot properly\b|\b(?:was|were) (?:too )?(?:slow|late)\b|\bdelay(?:ed|s|ing)?\b|\btoo long\b|\bunreasonabl[ey]\b|"
    r"\bgot (?:this|it|that|things|the \w+) wrong\b|\bmade (?:a |an )?(?:\w+ )?(?:mistake|error)s?\b|"
    r"\bshortcomings? (?:in|by|of)\b|\bcritical of\b|\bdid not do enough\b|\b(?:was|were) (?:very |too )?(?:poor|inadequate|unsatisfactory)\b|"
    r"\bshould not have\b|\b(?:was|were) (?:unclear|inaccurate|incorrect|misleading|confusing)\b|\bnot (?:good|proper|sound) (?:administrative )?practice\b|\bpoor (?:administrative )?practice\b|\bfell (?:well |far |short |significantly )?(?:below|short of) (?:the|a|an|what)\b|(?<!what it )(?<!what they )\bshould have (?!(?:the|a|an|its|his|her|their|no|any|more|some|access|regard|to|had)\b)[a-z]+\b|\b(?:council|authority|it|trust|provider)\b[^.;]{0,30}\bwas not (?:entitled|allowed|able) to\b|"
    + plainwords.FAILING,
    re.I,
)
#: where a clause starts: "The Council did not follow its policy and this was fault" puts the fault in a clause of its own
_CLAUSE_START = re.compile(r"[.;,:]|\b(?:and|but|which|so|because|although|however)\b", re.I)
_NEGATED_CLAUSE = re.compile(r"\b(?:no|not|never|neither|nor|cannot)\b|n['’]t\b", re.I)
_NEGATED_BEFORE = re.compile(r"\b(?:no|not|never|neither|nor|without|cannot)\b[^.;,]*$|n['’]t\b[^.;,]*$", re.I)
_INJUSTICE = guarded(
    r"\binjustice\b|\bunsuitable (?:temporary |interim )?accommodation for\b|\blived in unsuitable\b|"
    r"\bloss of (?:education|service|provision|support|care|income|earnings)\b|"
    r"\bfor the (?:\w+ ){1,3}(?:they|she|he) (?:lost|missed|went without)\b|\blost out\b|\blived with (?:\w+ ){0,2}?(?:mould|damp|"
    r"disrepair|noise)\b|\bwithout (?:the |any )?(?:\w+ )?(?:support|help|provision|care) (?:she|he|they) needed\b|"
    r"\bdisruption to (?:their|his|her) (?:education|schooling|care)\b|"
    r"\b(?:(?:went|gone|go|going|been|was|were) |left (?:\w+ ){1,3}?)without (?:\w+ ){0,4}?(?:support|care|help|education|provision|heating|"
    r"hot water|services?|payments?|money|therapy|a home)\b|"
    r"\bmiss(?:ed|es)? (?:out on )?(?:\w+ ){0,3}?(?:education|schooling|provision|therapy|teaching|lessons|terms?)\b|\bsuffered\b|\bhardship\b|"
    r"\bcaused (?:\w+ ){0,4}(?:distress|uncertainty|frustration|anxiety|upset|stress|loss|worry|harm|inconvenience)|"
    r"\bcaus(?:ed|ing) (?:him|her|them|"
    + TITLE
    + r" [A-Z]\w*) to (?:lose|miss|go without|pay|spend|live|wait)\b|"
    + plainwords.INJUSTICE,
    re.I,
)
#: A payment "for the impact" names an injustice; an apology "for the impact this had in the area" does not.
_PAID_FOR_IMPACT = guarded(r"\b(?:pay|pays|paying|payment)\b[^.;]{0,100}\bfor the (?:impact|effect)\b", re.I)
_CONDITION = guarded(
    r"^\W*(?:if|where|unless)\b|\bwhether (?:it|this|that|the fault|any fault) (?:has )?caused\b", re.I
)
_ANY_INJUSTICE_CUE = re.compile(
    r"injustice|distress|stress|anxi|upset|frustrat|worr|avoidable|inconvenience|uncertain|time and trouble|"
    r"expectations?|financial loss|out of pocket|lost|loss|missed|denied|overpa|paid more|cost",
    re.I,
)
_ANY_INJUSTICE = guarded(r"\bany (?:\w+ )?injustice\b", re.I)  # "That remedies any injustice caused": none said
_DECLINES = guarded(
    r"\b(?:will|shall|should|can|cannot|could|do|did|have decided|has decided|decided|are|is) not (?:to )?"
    r"(?:investigate|start (?:an |our )?investigation|be investigating|pursue|continue)\b|\bnot to investigate\b|"
    r"\bwon['’]t investigate\b|\bnot (?:a matter|something) (?:that )?we can (?:look into|investigate|consider)\b|"
    r"\bcannot look into\b|\b(?:cannot|can ?not|can['’]t) (?:and will not )?(?:investigate|consider)\b|"
    r"\b(?:no (?:legal )?power|not able|unable) to investigate\b|\bclosed (?:the complaint |the case |our investigation |it |this complaint )?after initial enquir|"
    r"\bdiscontinu\w+ (?:our|my|the|this|his|her) investigation\b|"
    r"\b(?:we|I) (?:have )?closed (?:" + TITLE + r"\.? [A-Z][\w-]*(?: and " + TITLE + r"\.? [A-Z][\w-]*)?['’]s |"
    r"the |this |his |her |their )?(?:complaint|case)\b|\b(?:ended|stopped) (?:our|my|the) investigation\b",
    re.I,
)
_PARTIAL = re.compile(
    r"\b(?:part|parts|some|rest|aspects?|elements?|remainder|one|two|other|remaining) of\b|\bthe other\b", re.I
)
#: an investigation ended (not refused): what the sentence found before it still counts
_ENDED = re.compile(r"(?:discontinu\w+|ended|stopped) (?:our|my|the|this|his|her) investigation", re.I)
#: a failing whose object is a question ("did not consider whether the school was suitable"): no hypothesis
_OBJECT_WHETHER = re.compile(
    r"\b(?:did|has|have|had) not (?:properly |adequately |fully )?(?:consider|check|ask|assess|establish|explore|decide)\w*\s*$",
    re.I,
)
_DISCONTINUED = guarded(r"\bdiscontinu\w+ (?:our|my|the|this|his|her) investigation\b", re.I)

#: The body committing itself (or asked) to act, or having acted, as the remedy.
_COMMITS = guarded(
    r"\b(?:has|have|had) agreed\b|\bagree[sd]? to\b|\bwill\b|\bshould\b|\b(?:I|we|Ombudsman) (?:now |therefore |also )?(?:recommend|suggest)|"
    r"\brecommended\b|\b(?:has|have) already\b|\bremedied\b|\bremed(?:y|ies) (?:the|this|that|her|his|their)\b|"
    r"\b(?:is|was|are|were) (?:a |an )?(?:suitable|appropriate|satisfactory|sufficient|proportionate|fair) remed|"
    r"\bsatisfactory (?:remedy|settlement)\b|\bto (?:put things right|resolve the complaint)\b|"
    r"\baccept(?:s|ed)? (?:my|our|the|these|the Ombudsman'?s?) recommendations? to\b|" + plainwords.COMMITS,
    re.I,
)
#: What a stated remedy does, concretely ("a remedy has been agreed" says nothing of it).
_ACTION = guarded(
    plainwords.APOLOGY
    + r"|\bpay\b|\bpays\b|\bpaying\b|\bpayments?\b|£|\bcompensat|\bfinancial remedy\b|\breimburs|\brefund|\bbackdat|"
    r"\breconsider|\breview|\breassess|\bre-?assess|\brecalculat|\bconsider (?:his|her|their|the|its|a|this)\b|\bdecide\b|"
    r"\bdecision\b|\btrain|\bguidance\b|\bprocedures?\b|\bpolic(?:y|ies)\b|\bservice improvements?\b|\bimprove|"
    r"\bwaive|\bwaiv|\badjust|\bamend|\bcorrect|\brecords?\b|\bnew (?:appeal|hearing|panel|assessment)\b|\bfresh\b|"
    r"\bprovide (?:him|her|them|Mr|Mrs|Ms|Miss|Mx|the|a|an|guidance|training)\b|\bexplanation\b|\bmeeting\b|"
    r"\bremind|\baction plan\b|\bfunding\b|\barrange\b|\bcomplete\b|\bissue\b",
    re.I,
)
#: A payment the text agrees without saying how much ("make a symbolic payment", "a financial remedy").
_UNQUANTIFIED = guarded(
    r"\b(?:make|makes|making|made|provide|offer|agreed) (?:a |an )?(?:\w+ )?(?:payment|financial remedy)\b|"
    r"\bpay (?:a |an )?(?:\w+ )?(?:financial remedy|payment|compensation|sum)\b|\b(?:financial|personal) remedy\b|"
    r"\bbackdated payments?\b|\b"
    + BACKDATE
    + r"|\breimburs\w*\b|\bcompensation\b|\b(?:cover|meet|pay|fund)\w* (?:the |her |his |their )?(?:cost|costs|fees?)\b|"
    r"(?<!direct )(?<!allowance )(?<!benefit )\bpayments?\b(?! (?:of|to) £| polic| system| process| scheme| plan)|"
    r"\bpa(?:y|ys|ying)\b[^.;£]{0,40}?(?:\b[0-9]{1,3} ?%|\bper ?cent\b|\bhalf of\b|\ba (?:third|quarter|proportion|percentage) of\b)",
    re.I,
)


_NOT_PAID = re.compile(
    r"\b(?:waive\w*|stop\w*|end\w*|reduc\w*|cancel\w*|recover\w*|suspend\w*|withdr\w*)\b[^.;]*$", re.I
)


#: the Ombudsman stating a finding in the first person
_OURS = guarded(
    r"\b(?:we|I|the Ombudsman|the Ombudsmen)(?: (?:have|has|also|therefore|now|then|do|does|did|not))* "
    r"(?:found|find|finds|upheld|uphold|upholds)\b",
    re.I,
)


def _reported(s: str) -> bool:
    return bool(_REPORTED.search(s))


def verdict(sentence: str, *, strict: bool = False) -> str | None:
    """``fault``, ``no-fault`` or None for one sentence in the Ombudsman's voice.

    ``strict`` (a decision not investigated) takes only what says "fault" or rules it out in terms.
    """
    s = plain(sentence)
    ours = _OURS.search(s) is not None  # "We have upheld Mr X's complaint about …": the Ombudsman speaking
    if _ADMITTED.search(s):
        return None
    declined = _DECLINES.search(s)
    if declined:
        # "We did not find fault …, so we have ended our investigation": the finding before the ending still stands
        if not _ENDED.fullmatch(declined.group(0)) or not s[: declined.start()].strip():
            return None
        s = s[: declined.start()]
    reported = _REPORTED.search(s)
    if reported and not ours:
        # the complainant's words start there; what comes before is still the Ombudsman's ("The Council failed to
        # follow its procedure when it considered Mr E's complaint that …")
        s = s[: reported.start()]
        if not s.strip():
            return None
    doubt = DOUBT_WHETHER.sub(r"\g<d> of", s)  # "left her uncertain whether …": the doubt is no hypothesis
    if not ours and any(not _OBJECT_WHETHER.search(doubt[: m.start()]) for m in _HYPOTHETICAL.finditer(doubt)):
        return None
    if _NO_FAULT.search(s):
        return "no-fault"
    faults = list(_FAULT.finditer(s))
    if faults:
        # "We do not consider Mr X's school was at fault": a negation earlier in the clause we cannot read for sure
        if all(_NEGATED_CLAUSE.search(_CLAUSE_START.split(s[: m.start()])[-1]) for m in faults):
            return None
        return "fault"
    if not strict and any(
        not _NEGATED_BEFORE.search(s, max(0, m.start() - 25), m.start()) for m in _FAILING.finditer(s)
    ):
        return "fault"  # "the Council failed to …", but not "there was no delay" nor "it did not delay"
    return "no-fault" if not strict and plainwords.did_right(s) else None  # "acted quickly when he fell"


def admits(sentence: str) -> bool:
    """Does the body admit fault here, in the Ombudsman's telling ("The Council accepts it was at fault")?"""
    s = plain(sentence)
    return bool(_ADMITTED.search(s)) and not _reported(s) and not _HYPOTHETICAL.search(s) and not _NO_FAULT.search(s)


def injustice_said(sentence: str) -> bool | None:
    """True when a sentence says fault caused injustice, False when it says it did not, else None."""
    s = plain(sentence)
    if (
        _reported(s)
        or _HYPOTHETICAL.search(DOUBT_WHETHER.sub(r"\g<d> of", s))
        and not re.search(r"\bcaused\b", s, re.I)
    ):
        return None
    if _CONDITION.search(s):  # "If there was fault, we would consider whether it caused injustice"
        return None
    if NO_INJUSTICE_SAID.search(s):
        return False
    if _ANY_INJUSTICE.search(s):
        return None
    found = _INJUSTICE.search(s) or _PAID_FOR_IMPACT.search(s)
    if found is None and injustice_types(s):  # "pay her £500 for her distress", "apologise for the uncertainty caused"
        found = _ANY_INJUSTICE_CUE.search(s)
    if found is None:
        return None
    # "We do not consider the fault caused Mrs C any real hardship": a negation in the clause we cannot read for sure
    return None if _NEGATED_CLAUSE.search(_CLAUSE_START.split(s[: found.start()])[-1]) else True


def injustice_kinds(sentence: str) -> list[str]:
    """The injustice types a stating sentence names ("other" when it names none of the vocabulary's)."""
    return injustice_types(plain(sentence)) or ["other"]


def declines(sentence: str) -> bool | None:
    """True when the Ombudsman will not investigate the complaint (a part of it does not count), else False."""
    s = plain(sentence)
    m = _DECLINES.search(s)
    if m is None or _reported(s[: m.start()]):
        return False
    if re.match(r"(?:we|I) (?:have )?closed\b", m.group(0), re.I) and remedy_stated(s):
        return False  # "We closed the complaint as the Council agreed to apologise": resolved, not refused
    return not _PARTIAL.search(s[m.end() : m.end() + 40]) and not _PARTIAL.search(s[max(0, m.start() - 30) : m.start()])


def discontinued(sentence: str) -> bool:
    return bool(_DISCONTINUED.search(plain(sentence)))


def remedy_stated(sentence: str) -> bool:
    """Does the sentence state (agree, recommend, record as done) a concrete remedy?"""
    s = plain(sentence)
    if _reported(s) or not _COMMITS.search(s):
        return False
    return bool(_ACTION.search(s))


def unquantified_payment(sentence: str) -> bool:
    """A payment stated without its amount ("agreed to make a symbolic payment")."""
    s = plain(sentence)
    if "£" in s:
        return False
    # "waived the payment", "stopped the payments": no payment to make
    return any(not _NOT_PAID.search(s, max(0, m.start() - 25), m.start()) for m in _UNQUANTIFIED.finditer(s))
