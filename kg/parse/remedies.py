"""Remedies: apologies, payments, service improvements, record corrections, reconsiderations.

Remedies are read in the action sections ("Agreed action", "Recommended
action"…) and, where the text commits the body to something ("has agreed
to", "will", "I recommend", "has apologised"), in the findings.  Money is a
payment only when someone agrees or is asked to *pay* it; a sum that equals
payments already found ("pay her £800" after £300 and £500) is their total,
not a third payment.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.model import Fault, Injustice, Remedy, Span
from kg.parse.findings import injustice_types, span_of
from kg.parse.sections import Placed
from kg.parse.text import plain, sentences

_MONEY = re.compile(r"£[ \u00a0]?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d{2}))?(?!\d|,\d)")
_PAY = re.compile(r"\bpa(?:y|ys|id|ying|yment)\b|\bcompensat\w*|\bfinancial remedy\b|\bsymbolic\b|\bmake a payment\b", re.I)
_NOT_PAYMENT = re.compile(r"\b(?:refund|reimburse|waive|write off|written off|reduc\w+|owed|owes|arrears|invoice|charged?|fee|bill|debt|in dispute|claimed|asked for|seeks?|wants?)\b", re.I)
_RATE = re.compile(r"\s*(?:a|per|each|every)\s+(?:month|week|day|year|night|hour|visit)\b", re.I)
#: Words just before an amount that make it a total ("a total of £2,800"), or just after it ("£800 in total").
#: "made up of" / "comprising" introduce the parts, which are the payments.
_TOTAL = re.compile(r"\b(?:in total|a total of|totalling|totals|total of|altogether|in all)\W*$", re.I)
_TOTAL_AFTER = re.compile(r"^\W*(?:in total|altogether|in all)\b", re.I)
_DEADLINE = re.compile(
    r"\bwithin (?:one|two|three|four|five|six|eight|ten|twelve|\d{1,3}|a) (?:calendar |working |clear )?(?:days?|weeks?|months?)\b|"
    r"\bby \d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+ \d{4}\b",
    re.I,
)
_WHO = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)(?: and (?:Mr|Mrs|Ms|Miss|Mx|Dr))? [A-Z]\w*|him|her|them|the complainant)"
_PAYEE = re.compile(r"\bpay(?:ing)? (?:to )?(?P<a>" + _WHO + r")\b|£[\d,.]+ to (?P<b>" + _WHO + r")\b")
_PURPOSE = re.compile(r"\b(?:to (?:compensate|acknowledge|recognise|recognize|reflect|remedy|make up)|in recognition of|for (?:the |her |his |their )?(?:distress|time and trouble|loss|injustice|inconvenience|uncertainty|frustration))\b[^.;]*", re.I)

_ALREADY = re.compile(
    r"\b(?:has|have|had) (?:\w+ and )?(?:already |now |since )?(?:apologi[sz]ed|paid|refunded|amended|altered|changed|corrected|offered|reviewed|updated|reminded|provided|introduced|issued|removed)\b",
    re.I,
)
_AGREED = re.compile(r"\b(?:has|have|had) agreed\b|\bagreed (?:to|that)\b|\bagrees (?:to|that)\b|\bwill\b|\bhas accepted (?:my|our|the) recommendations?\b|\bundert(?:ake|ook)s?\b", re.I)
_RECOMMENDED = re.compile(r"\b(?:I|we|Ombudsman) (?:now |therefore |would )?(?:recommend|ask)|\brecommendations?\b|\bshould\b|\bmust\b", re.I)
_REFUSED = re.compile(r"\b(?:cannot|can't|can not|not|no need to|will not|would not|declined? to|refused? to)\s+(?:\w+\s+)?(?:recommend|agree|apologi[sz]e|pay)\b", re.I)
#: "When Mr X complained, the Council apologised and paid him £200": done before the decision
_DONE = re.compile(
    r"\b(?:council|provider|home|school|trust|board|panel|authority|body|it|they)\b[^.;]{0,80}?"
    r"(?<!\bnot )(?<!\bnever )\b(?:apologi[sz]ed|paid|refunded|reimbursed|offered)\b",
    re.I,
)
#: sentences about an earlier complaint or investigation: their remedies are history, not this decision's
_HISTORY = re.compile(
    r"\b(?:previous|earlier|last|former|first) (?:complaint|investigation|decision)\b|\blast year\b|\bour reference\b|\b\d{2} \d{3} \d{3}\b",
    re.I,
)
_EACH = re.compile(r"£[\d,.]+ (?:to )?each\b|\beach (?:of them )?£|£[\d,.]+ (?:to|for) each of", re.I)

#: A sentence without any of these words names no remedy (a cheap filter before the real tests).
_REMEDY_HINT = re.compile(
    r"apolog|pa(?:y|id)|£|compensat|refund|reimburs|remind|train|review|amend|correct|alter|remov|rewrit|re-writ|"
    r"updat|record|file|reconsider|assess|procedure|polic|learning|lesson|system|improv|meeting|mediation|action plan|"
    r"front screen|decision",
    re.I,
)

_OPENER_ALREADY = re.compile(r"\b(?:has|have)(?: already)?(?: taken the following action| done the following)?:\s*$", re.I)

REMEDY_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.I))
    for key, pattern in (
        ("apology", r"\bapolog"),
        ("record-correction", r"\b(?:amend|correct|alter|remov|delet|rewrit|re-writ|updat)\w*\b[^.;]{0,60}\b(?:records?|assessment|report|file|inaccurac\w*|information)|\brecord of [^.;]{0,80}concerns on (?:its |the )?file|\bput [^.;]{0,80}on (?:its |the |his |her )?(?:case )?file|\bfactual inaccurac"),
        ("reconsideration", r"\breconsider|\bre-?assess|\bnew assessment|\bfresh (?:decision|assessment)|\breview (?:his|her|their|the) (?:case|application|decision|needs|eligibility)|\breopen\w* the assessment|\bredetermin"),
        ("service-improvement", r"\bremind\w*|\btrain\w*|\bguidance (?:to|for) (?:its )?staff|\breview\w* (?:its|the|their) (?:procedures?|polic\w+|process\w*|practices?)|\bprocedures?\b|\bpolic(?:y|ies)\b|\bshare (?:the )?learning|\blessons?\b|\bsystems?\b|\bwritten record of conversations|\bfront screen|\bimprov\w+|\baction plan\b"),
        ("other", r"\bmeeting\b|\bmediation\b"),
    )
)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _tidy(purpose: str) -> str:
    """``"for the loss of opportunity and"`` -> ``"for the loss of opportunity"``."""
    return re.sub(r"(?:[,;]|\s)+(?:and|or|plus)?\s*$", "", purpose.strip()).strip()


def _amount(m: re.Match[str]) -> Decimal:
    return Decimal(m.group("num").replace(",", "") + "." + (m.group("pence") or "00"))


def _status(sentence: str, placed: Placed, inherited: str | None) -> str | None:
    s = plain(sentence)
    if _REFUSED.search(s) and not _AGREED.search(s.split("not")[0] if "not" in s else ""):
        if not re.search(r"\bagreed\b", s, re.I):
            return None
    if (_ALREADY.search(s) or _DONE.search(s)) and not re.search(r"\bagreed to\b|\bwill\b|\bshould\b", s, re.I):
        return "already-provided"
    if re.search(r"\bagree", s, re.I):
        return "agreed"
    if re.search(r"\b(?:I|we|Ombudsman) (?:now |therefore |would )?recommend", s, re.I):
        return "recommended"
    if inherited:
        return inherited
    if _AGREED.search(s):
        return "agreed"
    if placed.role == "action":
        return "recommended" if _RECOMMENDED.search(s) or "recommend" in placed.topic.lower() else "agreed"
    return None


class _Builder:
    def __init__(self, text: str, complainant: str | None, injustices: tuple[Injustice, ...]) -> None:
        self.text = text
        self.complainant = complainant
        self.injustices = list(injustices)
        self.remedies: list[dict] = []

    def payees_count(self, sentence: str) -> int:
        """How many people "£250 each" pays: two for "Mr and Mrs B", else the number named."""
        who = self.payee(sentence) or self.complainant or ""
        if re.search(r"\band\b", who):
            return 2
        words = {"two": 2, "three": 3, "four": 4, "both": 2}
        m = re.search(r"\b(two|three|four|both)\b", sentence, re.I)
        return words[m.group(1).lower()] if m else 2

    def payee(self, sentence: str) -> str | None:
        m = _PAYEE.search(plain(sentence))
        if not m:
            return None
        who = m.group("a") or m.group("b")
        if who in ("him", "her", "them", "the complainant"):
            return self.complainant
        return who

    def add(
        self, kind: str, status: str, span: Span, topic: str, sentence: str, context: str,
        amount: Decimal | None = None, purpose_text: str | None = None,
    ) -> None:
        deadline = _DEADLINE.search(plain(sentence)) or _DEADLINE.search(plain(context))
        purpose = _PURPOSE.search(purpose_text if purpose_text is not None else sentence) if kind == "payment" else None
        entry = {
            "kind": kind, "status": status, "span": span, "topic": topic, "amount": amount,
            "deadline": _lower_first(deadline.group(0)) if deadline else None,
            "purpose": _tidy(re.split(r",? and (?:will |to )?apologi", purpose.group(0))[0]) if purpose else None,
            "payee": self.payee(sentence) if kind == "payment" else None,
            "action": span.section == "action",
        }
        same = [r for r in self.remedies if r["kind"] == kind and r["status"] == status and (kind == "apology" or (amount is not None and r["amount"] == amount))]
        if same:
            old = same[0]
            if entry["action"] and not old["action"]:
                for key in ("span", "topic", "action"):
                    old[key] = entry[key]
            for key in ("deadline", "purpose", "payee"):
                old[key] = old[key] or entry[key]
            return
        self.remedies.append(entry)

    def payments(self, sentence: str, span: Span, status: str, topic: str, context: str) -> bool:
        """Add the payments of a sentence; True if it stated a total of earlier payments."""
        found_total = False
        s = plain(sentence)
        amounts = list(_MONEY.finditer(s))
        rate_pending = False
        for k, m in enumerate(amounts):
            # the purpose of this amount: what follows it up to the next amount
            window = sentence[m.end(): amounts[k + 1].start() if k + 1 < len(amounts) else len(sentence)]
            if not _PURPOSE.search(window):
                window = sentence
            amount = _amount(m)
            if rate_pending and _TOTAL.search(s[max(0, m.start() - 30): m.start()]):
                rate_pending = False  # "£200 a month …, totalling £1,400": the payment is the total
                self.add("payment", status, span, topic, sentence, context, amount, window)
                continue
            if not _PAY.search(s[: m.end() + 60]) or _NOT_PAYMENT.search(s[max(0, m.start() - 40): m.start()]):
                continue
            if _RATE.match(s, m.end()):
                rate_pending = True  # "£200 a month": a rate, not a payment; a total may follow
                continue
            earlier = {r["amount"] for r in self.remedies if r["kind"] == "payment" and r["status"] != "already-provided"}
            if amount in earlier:
                self.add("payment", status, span, topic, sentence, context, amount, window)
                continue
            marked = _TOTAL.search(s[max(0, m.start() - 30): m.start()]) or _TOTAL_AFTER.match(s[m.end(): m.end() + 20])
            later = [_amount(a) for a in amounts[k + 1:]]
            sums_parts = (len(earlier) >= 2 and amount == sum(earlier, Decimal(0))) or (
                len(later) >= 2 and amount == sum(later, Decimal(0))
            )
            if sums_parts or (marked and earlier and amount >= max(earlier)):
                found_total = True
                deadline = _DEADLINE.search(s) or _DEADLINE.search(plain(context))
                for r in self.remedies:
                    if r["kind"] == "payment" and not r["deadline"] and deadline:
                        r["deadline"] = _lower_first(deadline.group(0))
                continue
            if amount > 0:
                self.add("payment", status, span, topic, sentence, context, amount, window)
                if _EACH.search(s[m.start(): m.end() + 20]) or _EACH.search(s[max(0, m.start() - 12): m.end()]):
                    self.remedies[-1]["each"] = self.payees_count(sentence)
        return found_total


def find_remedies(
    text: str, body: list[Placed], complainant: str | None, faults: tuple[Fault, ...], injustices: tuple[Injustice, ...]
) -> tuple[tuple[Remedy, ...], tuple[Injustice, ...]]:
    """The remedies, and the injustices with any that only a remedy's purpose names."""
    b = _Builder(text, complainant, injustices)
    has_action = any(p.role == "action" for p in body)
    opener_status: dict[int | None, str | None] = {}
    opener_text: dict[int | None, str] = {}
    for placed in body:
        if placed.background or placed.role not in ("findings", "action", "assessment") and not (placed.role == "final" and not has_action):
            continue
        block = placed.block
        topic = placed.topic or placed.role
        if block.kind == "para":
            opener_text[block.paragraph] = block.text
            opener_status[block.paragraph] = "already-provided" if _OPENER_ALREADY.search(plain(block.text)) else (
                _status(block.text, placed, None) if block.text.rstrip().endswith(":") else None)
        inherited = opener_status.get(block.paragraph) if block.kind == "item" else None
        context = opener_text.get(block.paragraph, "") if block.kind == "item" else block.text
        for s, e in sentences(text, block.start, block.end):
            sentence = text[s:e]
            if not _REMEDY_HINT.search(sentence):
                continue
            status = _status(sentence, placed, inherited)
            committed = _ALREADY.search(plain(sentence)) or _DONE.search(plain(sentence)) or _AGREED.search(plain(sentence))
            if status is None or (placed.role != "action" and inherited is None and not (committed or re.search(r"\b(?:I|we) (?:now |therefore )?recommend", sentence, re.I))):
                continue
            if _HISTORY.search(plain(sentence)) or (placed.role == "assessment" and _HISTORY.search(plain(context))):
                continue
            span = span_of(text, s, e, placed)
            if _MONEY.search(sentence):
                b.payments(sentence, span, status, topic, context)
            for kind, cue in REMEDY_CUES:
                if cue.search(sentence) and not (kind == "other" and any(r["span"] == span for r in b.remedies)):
                    b.add(kind, status, span, topic, sentence, context)
    return _finish(b, faults)


def _finish(b: _Builder, faults: tuple[Fault, ...]) -> tuple[tuple[Remedy, ...], tuple[Injustice, ...]]:
    injustices = b.injustices

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
                    injustices.append(Injustice(len(injustices) + 1, key, entry["span"], _causes_for(entry["topic"], faults)))
    remedies: list[Remedy] = []
    for entry in b.remedies:
        named = injustice_types(entry["purpose"]) if entry["purpose"] else []
        linked = of_types(named, entry) if named else under(entry["topic"])
        if named and re.search(r"\binjustice\b", entry["purpose"] or "", re.I):
            linked += under(entry["topic"])  # "for this injustice and for her time and trouble"
        if not linked and (entry["action"] or entry["kind"] != "payment"):
            linked = [i.number for i in injustices]
        if entry["kind"] == "payment" and not linked:
            injustices.append(Injustice(len(injustices) + 1, "other", entry["span"], _causes_for(entry["topic"], faults)))
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
                each=entry.get("each", 1),
            )
        )
    return tuple(remedies), tuple(injustices)


def _causes_for(topic: str, faults: tuple[Fault, ...]) -> tuple[int, ...]:
    """The faults under the same topic as a remedy, else every fault."""
    same = tuple(f.number for f in faults if (f.span.section or "") == topic)
    return same or tuple(f.number for f in faults)
