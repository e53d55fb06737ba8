"""Refunds, reimbursements and arrears: which £ sums they make payments, and which they do not.

Money going back to the complainant is a payment when the body agrees, will, should or is recommended to pay
it: a refund, a reimbursement, a repayment ("repay the £95 it wrongly charged", "pay her back"), a shortfall it
makes up, and arrears it owes the complainant (of a benefit, an allowance, direct payments; "backdate … £1,380").
Not payments: a refund made before the complaint or before the decision (the status of its sentence says so), the
sum of a charge, fee or debt the complainant owes ("£600 of rent arrears", "the £400 she owes"), money the
complainant repays, a waiver or write-off (no money moves), a sum asked for, refused or in dispute.  Where the
text leaves open which way a sum of arrears runs ("£500 towards her arrears"), the payment is open: not listed,
and the total unknown.

>>> reading("The Council will refund Mrs Y the £970 she was overcharged.", 34, 38)
'refund'
>>> reading("It will pay her landlord £600 of rent arrears.", 25, 29)
'debt'
>>> reading("It will pay Mrs X £1,240 in arrears of carer's allowance.", 18, 24)
'refund'
>>> reading("It will pay £500 towards her arrears.", 12, 16)
'open'
>>> reading("Mrs X must repay the £1,480 overpayment.", 21, 27), reading("It will pay Mrs X £200.", 18, 22) is None
('debt', True)
>>> unstated_refunds("The Council will apologise, pay Ms X £250 and refund the overcharge.")
['the overcharge']
>>> unstated_refunds("The Council has already refunded the fee and will pay Mrs K £200.")
[]
>>> content_stems("the cost of a temporary shower seat within one month"), content_stems("this")
(['tempo', 'showe', 'seat'], [])
"""

from __future__ import annotations

import re

from kg.model import Span
from kg.parse.text import BACKDATE, TITLE

_TITLE = TITLE + r"\.?"
_NAMED = rf"{_TITLE} [A-Z][\w-]*(?: and {_TITLE} [A-Z][\w-]*)?"
#: where a clause starts; "Mr and Mrs B" is one name, not two clauses
_CLAUSE = re.compile(r".*(?:(?<!\bMr )(?<!\bMrs )(?<!\bMs )(?<!\bMiss )(?<!\bMx )(?<!\bDr )\band\b|[,;:(])", re.S)
_CLAUSES = re.compile(r"[,;:(]|(?<!\bMr )(?<!\bMrs )(?<!\bMs )(?<!\bMiss )(?<!\bMx )(?<!\bDr )\band\b")

#: a verb (or noun) of money going back, governing the sum after it in its clause
REFUND = re.compile(
    r"\b(?:refund(?:s|ing)?|reimburs(?:e|es|ing)|repa(?:y|ys|ying)|backdat(?:e|es|ing)|"
    rf"pa(?:y|ys|ying)\s+(?:(?:him|her|them|{_NAMED}|the \w+)\s+)?back|"
    r"(?<!\bin )return(?:s|ing)?(?!\s+(?:to|for|of|on|home|visits?|calls?)\b)|mak(?:e|es|ing)\s+(?:good|up)(?!\s+for\b)|"
    r"(?:a|the|full|partial|any)\s+(?:full\s+|partial\s+)?(?:refund|reimbursement)\s+(?:of|for|to)|"
    r"be\s+(?:refunded|reimbursed|repaid|paid\s+back))\b",
    re.I,
)
#: money the complainant repays, or is asked to: a debt, never a payment to them
_DEBTOR_REPAYS = re.compile(
    rf"\b(?:she|he|they|{_NAMED})\s+(?:\w+\s+){{0,3}}?(?<!\bbe )(?<!\bbeen )(?:repa(?:y|ys|id|ying)|pa(?:y|ys|id)\s+back)\b|"
    rf"\b(?:ask\w*|requir\w*|told|tell\w*|order\w*|expect\w*|want\w*|invoic\w*|pursu\w*)\s+(?:her|him|them|{_NAMED})\s+"
    r"(?:to\s+)?(?:repay|pay\s+back|for\s+(?:the\s+)?repayment)\b|"
    r"\brepayments?\s+(?:plan|arrangement|schedule|agreement)s?\b|\brecover\w*\b",
    re.I,
)
#: a charge the complainant has paid: the body paying its sum pays her back
_THEY_PAID = re.compile(
    r"(?:\.[0-9]{2})?\s+(?:of\s+)?(?:[\w'’-]+\s+){0,2}?(?:fees?|charges?|costs?|bills?|invoices?|fines?|penalt(?:y|ies))\s+"
    rf"(?:that\s+|which\s+)?(?:she|he|they|{_NAMED})\s+(?:had\s+|has\s+|have\s+)?(?:already\s+)?paid\b",
    re.I,
)
_FEE_AFTER = re.compile(
    r"(?:\.[0-9]{2})?\s+(?:[\w'’-]+\s+)?(?:fees?|charges?|costs?|bills?|fines?|penalt(?:y|ies)|invoices?)\b", re.I
)
#: the refund is not agreed: refused, asked for, in dispute, not made
REFUND_REFUSED = re.compile(
    r"\b(?:not|never|no longer|refus\w*|declin\w*|reject\w*|ask\w*|want\w*|seek\w*|sought|request\w*|claim\w*|"
    r"disput\w*|hop(?:es|ed) for|would like)\b",
    re.I,
)

#: what a sum of arrears or a debt is made of: the complainant's debt, or money owed to the complainant
_DEBT = re.compile(
    r"\b(?:rent|council tax|care|service charges?|mortgage|water|tax|charges?|contributions?|fees?|loan|bills?|"
    r"overpayments?)\s+(?:arrears|debts?)\b|"
    r"\b(?:arrears|debts?)\s+(?:of|on|for)\s+(?:(?:her|his|their|the)\s+)?(?:[\w'’-]+\s+){0,2}?(?:rent|council tax|"
    r"charges?|contributions?|mortgage|account|bills?|fees?|loan|overpayments?)\b|"
    r"\b(?:she|he|they|[A-Z]\w*)\s+(?:still\s+|now\s+)?(?:owes?|owed|ran up|had run up|fell into|falls into)\b|"
    r"\bowed by\b|\bowe[sd]?\s+(?:to\s+)?(?:the council|the trust|it|(?:her|his|their|the) landlord)\b|"
    r"\b(?:her|his|their)\s+(?:\w+\s+)?(?:debts?|arrears)\b",
    re.I,
)
_CREDIT = re.compile(
    r"\b(?:benefits?|allowances?|direct payments?|pensions?|wages?|salary|support|grants?|bursary)\s+arrears\b|"
    r"\barrears\s+(?:of|in|on|for)\s+(?:(?:her|his|their|the)\s+)?(?:[\w'’-]+\s+){0,3}?(?:benefits?|allowances?|"
    r"direct payments?|pensions?|wages|salary|support|grants?|payments?)\b|"
    rf"\b(?:it|the (?:council|trust|provider|school|authority|board))\s+(?:still\s+)?(?:owes?|owed)\s+(?:her|him|them|{_NAMED})\b|"
    r"\b(?:she|he|they|[A-Z]\w*)\s+(?:is|are|was|were|has been|have been|had been)\s+(?:still\s+)?(?:owed|due)\b|"
    rf"\bowed to (?:her|him|them|{_NAMED})\b|\bunderpa(?:id|yments?)\b",
    re.I,
)
#: the sum is the arrears or the debt ("£600 of rent arrears", "£400 she owes"), or paid towards them ("£500 towards")
_ARREARS_AFTER = re.compile(
    r"(?:\.[0-9]{2})?\s+(?P<link>of|in|for|towards|to (?:clear|pay off|cover|reduce)|against)?\s*"
    r"(?P<words>(?:(?!(?:and|or|but|plus|as|while|because|which|who)\b)[\w'’-]+\s+){0,3}?(?:arrears|debts?|owe[sd]?|owing)\b"
    r"[^.;£]{0,50})",
    re.I,
)
_OWING = re.compile(r"\b(?:arrears|debts?|owe[sd]?|owing)\b", re.I)
_PURPOSE_WORDS = re.compile(
    r"\b(?:distress|trouble|worry|anxiety|uncertainty|frustration|impact|inconvenience|upset|stress|injustice)\b", re.I
)
#: "pay her", "pay Mrs X": the sum goes to the complainant (not "pay her landlord")
_TO_PERSON = re.compile(
    rf"\bpa(?:y|ys|ying)\s+(?:to\s+)?(?:her|him|them|{_NAMED})\s+(?!landlord|agent|\w+['’]s\b)(?:the\s+)?$", re.I
)
#: a sum paid towards costs the complainant met: a reimbursement in all but the word
_TOWARDS_COSTS = re.compile(
    r"^(?:\.[0-9]{2})?\s+(?:towards|to cover|for)\s+(?:the |her |his |their )?(?:[\w'’-]+ ){0,2}?(?:costs?|fees?|expenses|charges)\b",
    re.I,
)


def clause_before(s: str, at: int, width: int = 40) -> str:
    """Up to ``width`` characters before ``at``, from the last clause boundary on."""
    window = s[max(0, at - width) : at]
    m = _CLAUSE.match(window)
    return window[m.end() :] if m else window


def reading(s: str, start: int, end: int) -> str | None:
    """How the refund and arrears rules read the £ sum at ``s[start:end]`` (a plain sentence).

    ``refund``: money going back to the complainant, or arrears owed to them: a payment when its sentence commits
    the body; ``debt``: a debt or charge the complainant owes or repays: never a payment; ``open``: arrears or a debt
    the sum may be paid towards, or whose direction the text leaves open: no listed payment, and the total unknown;
    None: none of these (the ordinary rules decide).
    """
    wide = clause_before(s, start, 80)
    if _DEBTOR_REPAYS.search(wide):
        return "debt"  # "Mrs X must repay the £1,480 overpayment"; "a repayment plan of £10 a week"
    if REFUND.search(wide) or _THEY_PAID.match(s, end):
        return "refund"  # "refund Mrs Y the £970"; "pay her the £105 penalty she paid"
    if _TO_PERSON.search(clause_before(s, start)) and _FEE_AFTER.match(s, end):
        return "refund"  # "pay Mrs X the £250 legal fees": the fees go to her
    after = _ARREARS_AFTER.match(s, end)
    before = _OWING.search(wide)
    if after is None and before is None:
        return None
    words = (wide if before else "") + " " + (after.group("words") if after else "")
    if _PURPOSE_WORDS.search(words):
        return None  # "£200 for the distress of owing money": a payment for distress, whatever the debt
    link = (after.group("link") or "").lower() if after else ""
    if _CREDIT.search(words) or _CREDIT.search(wide):
        return "refund"  # "£1,240 in arrears of carer's allowance", "the £860 it owes her"
    if _DEBT.search(words) or _DEBT.search(wide):
        return "debt" if link in ("", "of", "in") else "open"  # "£600 of rent arrears"; "£500 towards her arrears"
    if _TO_PERSON.search(clause_before(s, start)) and link in ("", "in"):
        return "refund"  # "pay Mrs X £450 in arrears"
    return "open"


def towards_costs(s: str, end: int) -> bool:
    """Is the sum at ``end`` paid towards costs ("£1,250 towards her legal costs"): a reimbursement in effect?"""
    return bool(_TOWARDS_COSTS.match(s, end))


#: a refund agreed without a sum: the clause names what is refunded, not how much
_UNSTATED = re.compile(
    r"\b(?:refund(?:s|ing)?|reimburs(?:e|es|ing)|repa(?:y|ys|ying))\b|\b" + BACKDATE + "|"
    rf"\bpa(?:y|ys|ying)\s+(?:(?:him|her|them|{_NAMED}|the \w+)\s+)?back\b|"
    r"\bmak(?:e|es|ing)\s+(?:good|up)\s+(?:any|the|her|his|their)\s+(?:[\w'’-]+\s+)?(?:shortfall|difference|loss|losses|"
    r"underpayment|arrears)\b|"
    r"\b(?:a|the|full|partial)\s+(?:full\s+|partial\s+)?(?:refund|reimbursement)\b|"
    r"\bbe\s+(?:refunded|reimbursed|repaid|paid\s+back)\b",
    re.I,
)
#: where what a verb governs ends: the next action of the sentence ("… and pay her £150"), a semicolon
_NEXT_ACTION = re.compile(
    r"(?:[,:]\s*|\band\s+|\bbut\s+|\bthen\s+)(?:also\s+)?(?:to\s+|will\s+|should\s+)?"
    r"(?:pay|refund|reimburse|repay|apologi[sz]e|review|reconsider|train|remind|waive|write|cancel|reassess|recalculate|"
    r"arrange|provide|make|ask|consider|offer|give|meet|send|remove|update|amend|backdate|carry|take|share|issue|hold|"
    r"agree|change|tell|explain|complete|introduce|appoint|contact|confirm|decide|set|apologi[sz]ing|reviewing|"
    r"reconsidering|making|providing|arranging|writing|completing|reassessing)\b|;",
    re.I,
)
_DONE_BEFORE = re.compile(r"\b(?:already|previously)\b|(?<!\bbe )\b(?:refunded|reimbursed|repaid)\b", re.I)


def unstated_refunds(sentence: str) -> list[str]:
    """What a sentence agrees to refund, reimburse, repay or make up without giving a sum, one entry a refund.

    A clause already done ("has already refunded"), refused, asked for or in dispute agrees nothing; a sum before the
    next action of the sentence ("refund the charges, which came to £1,140"; "refund Mr and Mrs B £150 each") is the
    refund's own.
    """
    out = []
    for m in _UNSTATED.finditer(sentence):
        begin = max((b.end() for b in _CLAUSES.finditer(sentence, 0, m.start())), default=0)
        stop = _CLAUSES.search(sentence, m.end())
        clause = sentence[begin : stop.start() if stop else len(sentence)]
        if "£" in clause or _DONE_BEFORE.search(clause) or REFUND_REFUSED.search(clause):
            continue
        if _DEBTOR_REPAYS.search(clause):
            continue  # "she must repay the overpayment": her debt
        then = _NEXT_ACTION.search(sentence, m.end())
        if "£" in sentence[m.end() : then.start() if then else len(sentence)]:
            continue
        out.append(sentence[m.end() : stop.start() if stop else len(sentence)].strip(" .;"))
    return out


_GENERIC = frozenset(
    """
    the a an of to for and or her his their its him them it this that these those any all some each every
    refund refunds reimburse reimbursement repay repayment back make good up money sum sums amount amounts cost costs
    within one two three four six eight twelve month months week weeks days day working calendar date
    decision final my our of in on by with from she he they mrs mr ms miss mx dr council also will should
    """.split()
)


def content_stems(what: str) -> list[str]:
    """The words that name what is refunded, cut to five letters (so "overcharge" finds "overcharged")."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]+", what.lower())
    return [w[:5] for w in words if w not in _GENERIC and len(w) >= 3]


def unsettled(unstated: list[tuple[Span, str]], remedies: list[dict]) -> Span | None:
    """The first refund agreed without a sum that no other sentence gives a sum for: the total is then unknown.

    ``unstated`` holds (sentence, what is refunded); ``remedies`` the payment builder's entries.  "refund the
    overcharge" in the summary is "refund Mrs Y the £970 she was overcharged" in the action when a refund of another
    sentence names what it refunds (half its words at least); a refund the text only points to ("reimburse this",
    "the reimbursement") is one another sentence gives with a sum; and the summary's refunds the body does not name
    are the body's other refunds with a sum, one for one.
    """
    refunds = [r for r in remedies if r["kind"] == "payment" and r["refund"] and r["status"] != "already-provided"]
    used: set[int] = set()  # refunds of the body a named refund of the summary (or of the body) stands for
    unnamed: list[Span] = []
    for span, what in unstated:
        stems = content_stems(what)
        given = [i for i, r in enumerate(refunds) if span.start not in r["mentions"]]  # sums of other sentences
        named = [
            i
            for i in given
            if any(2 * sum(stem in t.lower() for stem in stems) >= len(stems) for t in refunds[i]["texts"])
        ]
        if stems and named:
            used.add(named[0])
        elif not stems and given:
            continue  # "reimburse this", "the reimbursement"
        elif span.section == "summary":
            unnamed.append(span)
        else:
            return span
    free = [r for i, r in enumerate(refunds) if i not in used and r["span"].section != "summary"]
    return unnamed[len(free)] if len(unnamed) > len(free) else None
