"""Remedies: apologies, payments, service improvements, record corrections, reconsiderations.

Remedies are read in the action sections ("Agreed action", "Recommended
action"…) and, where the text commits the body to something ("has agreed
to", "will", "I recommend", "has apologised"), in the findings.  Money is a
payment only when someone agrees or is asked to pay it, or to refund,
reimburse or repay it (:mod:`kg.parse.refunds`); a sum that equals payments
already found ("pay her £800" after £300 and £500) is their total, not a
third payment.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from kg.model import Fault, Injustice, Remedy, Span
from kg.parse import plainwords
from kg.parse.findings import injustice_types
from kg.parse.payments import MONEY, Builder
from kg.parse.prefilter import guarded
from kg.parse.refunds import unstated_refunds
from kg.parse.sections import Placed, span_of
from kg.parse.summary import remedy_stated
from kg.parse.text import NAMED, TITLE, plain, sentences
from kg.parse.words import money_words

_ALREADY = re.compile(
    r"\b(?:has|have|had) (?:\w+ and )?(?:already |now |since )?(?:apologi[sz]ed|paid|refunded|amended|altered|changed|corrected|offered|reviewed|updated|reminded|provided|introduced|issued|removed)\b",
    re.I,
)
_AGREED = guarded(
    r"\b(?:has|have|had) agreed\b|\bagreed (?:to|that)\b|\bagrees (?:to|that)\b|\bwill\b|\bhas accepted (?:my|our|the) recommendations?\b|\bundert(?:ake|ook)s?\b",
    re.I,
)
_RECOMMENDED = guarded(
    r"\b(?:I|we|Ombudsman) (?:now |therefore |would |also )?(?:recommend|ask|suggest)|\brecommendations?\b|\bshould\b|\bmust\b",
    re.I,
)
#: the Ombudsman asking for a remedy ("I recommend", "The Ombudsman recommended that the Council pay …")
_WE_RECOMMEND = guarded(
    r"\b(?:I|we|Ombudsm[ae]n|[Ss]he|[Hh]e) (?:now |therefore |also |has |have )?(?:recommend|suggest)", re.I
)
_REFUSED = guarded(
    r"\b(?:cannot|can't|can not|not|no need to|will not|would not|declined? to|refused? to)\s+(?:\w+\s+)?"
    r"(?:recommend|agree|apologi[sz]e|pay|refund|reimburse|repay)\b",
    re.I,
)
#: "When Mr X complained, the Council apologised and paid him £200": done before the decision
_DONE = guarded(
    r"\b(?:council|provider|home|school|trust|board|panel|authority|body|it|they)\b[^.;]{0,80}?"
    r"(?<!\bnot )(?<!\bnever )\b(?:apologi[sz]ed|paid|refunded|reimbursed|offered)\b",
    re.I,
)
#: "the £400 they paid", "the £105 Mrs X had paid": the complainant's outlay, not the body paying (for _DONE)
_THEIR_OUTLAY = re.compile(
    r"£[0-9][0-9,.]*\s+(?:that\s+|which\s+)?(?:she|he|they|" + NAMED + r")\s+(?:had\s+|has\s+|have\s+)?"
    r"(?:paid|spent|was charged|were charged)\b",
    re.I,
)
#: a remedy given before the complaint came to us: "refunded the fee in 2022, before Mr B complained"
_BEFORE_COMPLAINT = re.compile(
    r"\bbefore (?:(?:she|he|they|" + NAMED + r"(?: and " + NAMED + r")?) )?"
    r"(?:complained|came to us|contacted us|brought (?:her|his|their|the) complaint)\b",
    re.I,
)
#: sentences about an earlier complaint or investigation: their remedies are history, not this decision's
_HISTORY = re.compile(
    r"\b(?:previous|earlier|last|former|first) (?:complaint|investigation|decision)\b|\blast year\b|\bour reference\b|\b\d{2} \d{3} \d{3}\b",
    re.I,
)

#: A sentence without any of these words names no remedy (a cheap filter before the real tests).
_REMEDY_HINT = guarded(
    r"apolog|sorry|pa(?:y|id)|£|compensat|refund|reimburs|remind|train|review|amend|correct|alter|remov|rewrit|re-writ|"
    r"updat|record|file|reconsider|assess|procedure|polic|learning|lesson|system|improv|meeting|mediation|action plan|"
    r"front screen|decision|again\b|afresh",
    re.I,
)

_OPENER_ALREADY = re.compile(
    r"\b(?:has|have)(?: already)?(?: taken the following action| done the following)?:\s*$", re.I
)

#: An apology by its usual name or in plain words ("say sorry to Mr R in writing").
APOLOGY = plainwords.APOLOGY

REMEDY_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.I))
    for key, pattern in (
        ("apology", APOLOGY),
        (
            "record-correction",
            r"\b(?:amend|correct|alter|remov|delet|rewrit|re-writ|updat)\w*\b[^.;]{0,60}\b(?:records?|assessment|report|file|inaccurac\w*|information)|\brecord of [^.;]{0,80}concerns on (?:its |the )?file|\bput [^.;]{0,80}on (?:its |the |his |her )?(?:case )?file|\bfactual inaccurac",
        ),
        (
            "reconsideration",
            r"\breconsider|\bconsider (?:his|her|their|its|the|this|that) (?:\w+ ){0,2}again\b|\bafresh\b|\bre-?assess|\bnew assessment|\bfresh (?:decision|assessment)|\breview (?:his|her|their|the) (?:case|application|decision|needs|eligibility)|\breopen\w* the assessment|\bredetermin",
        ),
        (
            "service-improvement",
            r"\bremind\w*|\btrain\w*|\bguidance (?:to|for) (?:its )?staff|\breview\w* (?:its|the|their) (?:procedures?|polic\w+|process\w*|practices?)|\bprocedures?\b|\bpolic(?:y|ies)\b|\bshare (?:the )?learning|\blessons?\b|\bsystems?\b|\bwritten record of conversations|\bfront screen|\bimprov\w+|\baction plan\b",
        ),
        ("other", r"\bmeeting\b|\bmediation\b"),
    )
)


#: a payment whose amount the text does not give: "pay it to her", "pay her the allowance she missed",
#: "make a further payment"; read clause by clause, where no £ sum stands
_PAY_NO_AMOUNT = re.compile(
    r"\bpa(?:y|ys|ying)\s+(?:it|them|this|that)\s+to\b|"
    r"\bpa(?:y|ys|ying)\s+(?:(?:him|her|them|" + TITLE + r"\.?\s+[A-Z]\w*|the estate)\s+)?"
    r"(?:the|any|all|his|her|their)\s+(?:\w+\s+){0,3}?(?:allowance|arrears|difference|compensation|sum|amount|balance|"
    r"shortfall|underpayment|money)\b|"
    r"\bmak(?:e|es|ing)\s+(?:a|an)\s+(?:\w+\s+)?payment\b(?!\s+(?:of|to \w+ of)\s+£)",
    re.I,
)

_CLAUSES = re.compile(r"[,;:(]|\band\b", re.I)
#: a clause that gives the amount of the payment the clause before it agrees
_AMOUNT_GIVEN = re.compile(
    r"^\s*(?:which|that|amounting|totalling|calculated|a sum of|being|of|in total|currently)\b", re.I
)

#: the next sentence giving that amount: "… pay her the allowance she should have received. The Council has
#: calculated this as £6,210."
_AMOUNT_NEXT = re.compile(
    r"\s*(?:The \w+|It|They|This|That|The (?:sum|amount|total))\s+(?:(?:has|have|had|is|was)\s+)?(?:been\s+)?"
    r"(?:calculated|worked out|assessed|confirmed|put)\s+(?:(?:this|that|it|the (?:sum|amount|total))\s+)?(?:as|at|to be)\s+£",
    re.I,
)


def unstated_payment(sentence: str) -> bool:
    """Does a clause of the sentence agree a payment without giving its amount?  (A sum in the clause after it may be
    that amount: "pay the difference, which it has calculated as £6,840".)

    >>> unstated_payment("calculate the allowance she would have received and pay it to her")
    True
    >>> unstated_payment("pay Mrs X £200 and make a further payment for the care she missed")
    True
    >>> unstated_payment("pay the difference, which it has calculated as £6,840")
    False
    >>> unstated_payment("pay it to her: £500"), unstated_payment("pay her £200 for distress")
    (False, False)
    """
    clauses = _CLAUSES.split(plain(sentence))
    for i, clause in enumerate(clauses):
        if "£" in clause or not _PAY_NO_AMOUNT.search(clause):
            continue
        after = clauses[i + 1] if i + 1 < len(clauses) else ""
        if "£" in after and (
            _AMOUNT_GIVEN.match(after) or not after.strip(" .").replace("£", "").strip()[:1].isalpha()
        ):
            continue
        return True
    return False


#: a rule reported ("The Council's policy says it will decide reviews within eight weeks"): what a policy, the law or
#: guidance says a body will or should do is no remedy, outside an action section
_RULE_SAYS = guarded(
    r"\b(?:polic(?:y|ies)|procedures?|guidance|code|law|regulations?|protocol|rules?|standards?|timescales?)\b"
    r"[,\s]+(?:\w+[,\s]+){0,2}?(?:says?|said|states?|stated|requires?|required|provides?|sets? out|expects?)\b",
    re.I,
)


def _status(sentence: str, placed: Placed, inherited: str | None) -> str | None:
    s = plain(sentence)
    if placed.role != "action" and _RULE_SAYS.search(s):
        return None
    if _REFUSED.search(s) and not _AGREED.search(s.split("not")[0] if "not" in s else ""):
        if not re.search(r"\bagreed\b", s, re.I):
            return None
    now = re.compile(r"\bwill\b|\bshould\b|\b(?:I|we) (?:\w+ )?recommends?\b", re.I)
    if (_ALREADY.search(s) or _DONE.search(_THEIR_OUTLAY.sub("£", s))) and not (now.search(s) or "agreed to" in s):
        return "already-provided"
    if _BEFORE_COMPLAINT.search(s) and not (now.search(s) or re.search(r"\b(?:has|have) (?:now )?agreed\b", s)):
        return "already-provided"  # "The Council agreed to refund Mr B's fee in 2022, before he came to us"
    if re.search(r"\bagree", s, re.I):
        return "agreed"
    if _WE_RECOMMEND.search(s):
        return "recommended"
    if inherited:
        return inherited
    if _AGREED.search(s):
        return "agreed"
    if placed.role == "action":
        return "recommended" if _RECOMMENDED.search(s) or "recommend" in placed.topic.lower() else "agreed"
    if placed.role in ("summary", "final") and _RECOMMENDED.search(s):
        return "recommended"  # "The Council should apologise and pay Mrs D £200"
    if placed.role in ("summary", "final") and remedy_stated(sentence):
        # "The Council remedied the complaint by apologising", "… is a satisfactory remedy"
        return "already-provided" if re.search(r"\bremedied\b|\balready\b", s, re.I) else "agreed"
    return None


class FoundRemedies(NamedTuple):
    remedies: tuple[Remedy, ...]
    injustices: tuple[Injustice, ...]  # with those only a payment's purpose names
    warnings: tuple[str, ...]  # about sums no remedy can be
    stated_total: Decimal | None  # a total the summary states that the payments found do not add up to
    capped: Span | None  # a payment agreed "up to £500": an amount not known


def find_remedies(
    text: str,
    body: list[Placed],
    complainant: str | None,
    faults: tuple[Fault, ...],
    injustices: tuple[Injustice, ...],
    summary: tuple[Placed, ...] = (),
    source: str = "<string>",
) -> FoundRemedies:
    """The remedies, the injustices with any that only a remedy's purpose names, and warnings about the money.

    ``summary`` holds the summary's block(s): read after the body, so a remedy the body gives is
    not counted again, and read only where a sentence states a remedy ("has agreed to apologise").
    """
    b = Builder(source, complainant, len(text.rstrip()))
    has_action = any(p.role == "action" for p in body)
    opener_status: dict[int | None, str | None] = {}
    opener_text: dict[int | None, str] = {}
    for placed in [*body, *summary]:
        if (
            placed.background
            or placed.role not in ("findings", "action", "assessment", "summary")
            and not (placed.role == "final" and not has_action)
        ):
            continue
        block = placed.block
        topic = placed.topic or placed.role
        if block.kind == "para":
            opener_text[block.paragraph] = block.text
            opener_status[block.paragraph] = (
                "already-provided"
                if _OPENER_ALREADY.search(plain(block.text))
                else (_status(block.text, placed, None) if block.text.rstrip().endswith(":") else None)
            )
        inherited = opener_status.get(block.paragraph) if block.kind == "item" else None
        context = opener_text.get(block.paragraph, "") if block.kind == "item" else block.text
        spans = sentences(text, block.start, block.end)
        gives_amount: str | None = None  # the status of a payment agreed without its amount, which this sentence gives
        for n, (s, e) in enumerate(spans):
            sentence = text[s:e]
            if gives_amount is not None:
                b.payments(sentence, span_of(text, s, e, placed), gives_amount, topic, context, given=True)
                gives_amount = None
                continue
            if not _REMEDY_HINT.search(sentence):
                continue
            status = _status(sentence, placed, inherited)
            if placed.role == "summary":
                if status is None or not remedy_stated(sentence):
                    continue
            else:
                committed = (
                    _ALREADY.search(plain(sentence)) or _DONE.search(plain(sentence)) or _AGREED.search(plain(sentence))
                )
                if status is None or (
                    placed.role != "action" and inherited is None and not (committed or _WE_RECOMMEND.search(sentence))
                ):
                    continue
            if _HISTORY.search(plain(sentence)) or (placed.role == "assessment" and _HISTORY.search(plain(context))):
                continue
            span = span_of(text, s, e, placed)
            if status in ("agreed", "recommended") and unstated_payment(sentence):
                following = text[spans[n + 1][0] : spans[n + 1][1]] if n + 1 < len(spans) else ""
                if _AMOUNT_NEXT.match(following):
                    gives_amount = status
                else:
                    b.capped = b.capped or span  # "calculate the allowance she missed and pay it to her": no amount
            if status in ("agreed", "recommended"):
                b.unstated += [(span, what) for what in unstated_refunds(plain(sentence))]
            if MONEY.search(money_words(sentence)):
                b.payments(sentence, span, status, topic, context)
            for kind, cue in REMEDY_CUES:
                if cue.search(sentence) and not (kind == "other" and any(r["span"] == span for r in b.remedies)):
                    b.add(kind, status, span, topic, sentence, context)
    b.settle_unstated()
    remedies, all_injustices = _finish(b, faults, list(injustices))
    return FoundRemedies(remedies, all_injustices, tuple(b.warnings), b.stated_total, b.capped)


def _finish(
    b: Builder, faults: tuple[Fault, ...], injustices: list[Injustice]
) -> tuple[tuple[Remedy, ...], tuple[Injustice, ...]]:

    def under(topic: str) -> list[int]:
        return [i.number for i in injustices if (i.span.section or "") == topic]

    def of_types(keys: list[str], entry: dict) -> list[int]:
        """Injustices of the named types: under the remedy's topic, else (for an action) anywhere."""
        near = [n for n in under(entry["topic"]) if injustices[n - 1].injustice_type in keys]
        if near or not entry["action"]:
            return near
        return [i.number for i in injustices if i.injustice_type in keys]

    # first, injustices only a payment's purpose names ("for her time and trouble")
    for entry in b.remedies:
        if entry["kind"] == "payment" and entry["purpose"]:
            for key in injustice_types(entry["purpose"]):
                if not of_types([key], entry):
                    injustices.append(
                        Injustice(len(injustices) + 1, key, entry["span"], _causes_for(entry["topic"], faults))
                    )
    remedies: list[Remedy] = []
    for entry in b.remedies:
        named = injustice_types(entry["purpose"]) if entry["purpose"] else []
        linked = of_types(named, entry) if named else under(entry["topic"])
        if named and re.search(r"\binjustice\b", entry["purpose"] or "", re.I):
            linked += under(entry["topic"])  # "for this injustice and for her time and trouble"
        if not linked and (entry["action"] or entry["kind"] != "payment"):
            linked = [i.number for i in injustices]
        if entry["kind"] == "payment" and not linked:
            # a payment remedies an injustice (the shapes say so); the text names none: inferred, not stated
            injustices.append(
                Injustice(
                    len(injustices) + 1, "other", entry["span"], _causes_for(entry["topic"], faults), inferred=True
                )
            )
            linked = [len(injustices)]
        remedies.append(
            Remedy(
                number=len(remedies) + 1,
                remedy_type=entry["kind"],
                status=entry["status"],
                span=entry["span"],
                amount=entry["amount"],
                payee=entry["payee"],
                purpose=entry["purpose"],
                deadline=entry["deadline"],
                remedies=tuple(sorted(set(linked))),
                each=entry["each"],
            )
        )
    return tuple(remedies), tuple(injustices)


def _causes_for(topic: str, faults: tuple[Fault, ...]) -> tuple[int, ...]:
    """The faults under the same topic as a remedy, else every fault."""
    same = tuple(f.number for f in faults if (f.span.section or "") == topic)
    return same or tuple(f.number for f in faults)
