"""Money in a decision's remedies: one payment per payee and purpose, never a total twice.

A payment is a sum someone agrees or is asked to *pay*, refund, reimburse or
repay (see :mod:`kg.parse.refunds`); sums in dispute, fees or debts complained
of, refunds made before, and waivers are not.  The same payment written
twice (in the findings and again in "Agreed action", in the summary and in the
body, under a sub-heading the page repeats) is one payment; two equal sums to
two people ("pay Mr B £300 … and Mrs B £300") are two.  A sum equal to the
payments already found ("pay her £800" after £300 and £500) is their total,
not another payment.

>>> b = Builder("", "Ms X")
>>> b.payee_at("pay Mr B £300 for his distress and Mrs B £300 for hers", 41, since=13)
'Mrs B'
>>> amount_of("£1,950.00"), amount_of("£" + "9" * 30)
(Decimal('1950.00'), None)
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from kg.model import Span
from kg.parse import plainwords
from kg.parse.findings import injustice_types
from kg.parse.payees import payee_at, payee_of, same_payee
from kg.parse.refunds import REFUND, REFUND_REFUSED, clause_before, reading, towards_costs, unsettled
from kg.parse.text import TITLE, plain
from kg.parse.words import money_words

#: A sum in pounds: ASCII digits only (``\d`` would read other scripts' digits too)
MONEY = re.compile(r"£[ \u00a0]?(?P<num>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<pence>[0-9]{2}))?(?![0-9]|,[0-9])")
#: Larger sums are no remedy the Ombudsman asks for: a broken or hostile text, reported as a warning
MAX_POUNDS = Decimal(10) ** 9
PAY = re.compile(
    r"\bpa(?:y|ys|id|ying|yment)\b|\bcompensat\w*|\bfinancial remedy\b|\bsymbolic\b|\bmake a payment\b|"
    r"\bgiv(?:e|es|ing) (?:[\w.'’]+ ){1,4}£",
    re.I,
)
#: words in the clause before a sum that make it no payment, whatever the verb: a waiver, a reduction, a sum asked for
NOT_AGREED = re.compile(
    r"\b(?:waiv\w*|write off|writes off|writing off|written off|wrote off|reduc\w+|cancel\w*|in dispute|disputed|claimed|"
    r"ask(?:s|ed|ing)?|seeks?|sought|wants?|would like|requested|hop(?:es|ed) for|refus\w*|declin\w*)\b|"
    r"\b(?:take|takes|taking|took|taken|remov\w+)\s+(?:the\s+)?$",  # "take the £85 court costs off his account"
    re.I,
)
#: and, for a sum paid (not refunded), a charge, fee or debt named before it
NOT_PAYMENT = re.compile(NOT_AGREED.pattern + r"|\b(?:owed|owes|arrears|invoice|charged?|fee|bill|debt)\b", re.I)
RATE = re.compile(
    r"\s*(?:for\s+)?(?:a|per|each|every)\s+(?:calendar\s+|full\s+|further\s+|missed\s+|late\s+)?(?:month|week|day|year|night|hour|visit)\b",
    re.I,
)
#: Words just before an amount that make it a total ("a total of £2,800"), or just after it ("£800 in total").
TOTAL = re.compile(r"\b(?:in total|a total of|totalling|totals|total of|altogether|in all)\W*$", re.I)
TOTAL_AFTER = re.compile(r"^\W*(?:in total|altogether|in all)\b", re.I)
DEADLINE = re.compile(
    r"\bwithin (?:one|two|three|four|five|six|eight|ten|twelve|\d{1,3}|a) (?:calendar |working |clear )?(?:days?|weeks?|months?)\b|"
    r"\bby \d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+ \d{4}\b",
    re.I,
)
PURPOSE = re.compile(
    r"\b(?:to (?:compensate|acknowledge|recognise|recognize|reflect|remedy|make up)|in recognition of|"
    r"for (?:the |her |his |their )?(?:avoidable )?(?:distress|time and trouble|loss|injustice|inconvenience|uncertainty|"
    r"frustration|impact|upset|worry|anxiety|stress))\b[^.;]*",
    re.I,
)
#: A ceiling, not an amount: "pay up to £500 towards the cost", "a maximum of £300"; a range: "between £100 and £200"
UP_TO = re.compile(
    r"\b(?:up to|a maximum of|no more than|not more than|not exceeding|capped at|as much as|between|from)\s*$|"
    r"\b(?:between|from)\s+£[0-9][0-9,.]*\s*(?:and|to|-|–)\s*$",
    re.I,
)
#: a payment that depends on the body failing again: "a further £250 if it does not find her accommodation"
IF_NOT = re.compile(
    r"(?:\.[0-9]{2})?[^.;£]{0,60}?\b(?:if|unless|should)\s+(?:it|the \w+|they)\s+(?:does not|do not|did not|fails?|cannot|"
    r"has not|is not|is unable)\b",
    re.I,
)
#: a sum the body offered (in its own complaint process): whether it is this decision's remedy the text may not say
OFFERED = re.compile(
    r"\boffer(?:s|ed|ing)?\s+(?:to\s+(?:pay|refund|reimburse|repay)\s+)?(?:(?:him|her|them|"
    + TITLE
    + r"\.?\s+[A-Z]\w*)\s+)?"
    r"(?:the\s+|a\s+(?:payment|sum|goodwill payment)\s+of\s+)?$",
    re.I,
)
#: a rate paid for a time the text does not bound: "£150 a month until it offers her suitable accommodation"
OPEN_ENDED = re.compile(r"\b(?:until|till|for as long as|so long as|while (?:she|he|they|the family) remains?)\b", re.I)
#: the Ombudsman accepting what the body offered as the remedy
ENDORSED = re.compile(
    r"\b(?:is|was|as|be|consider (?:that|this|it)|find (?:that|this|it)) (?:an? )?(?:suitable|appropriate|satisfactory|"
    r"reasonable|proportionate|fair|sufficient) (?:remedy|settlement|outcome)\b|\bremed(?:y|ies) (?:the|this|that|any) injustice\b|"
    + plainwords.FAIR_OFFER,
    re.I,
)
DECLINED = re.compile(r"\b(?:declin|refus|reject|turned? down|did not accept)\w*", re.I)
#: a sum that is not a new payment: what was already paid or offered, or a deduction from the payment
NOT_NEW = re.compile(
    r"\b(?:already|previously|since) (?:paid|refunded|given|offered|made)\b|\b(?:has|had|have) (?:now )?(?:paid|refunded)\b|"
    r"\b(?:less|minus|deducting|after deducting|excluding)\s+(?:the\s+)?$|\b(?:on top of|in addition to)\s+(?:the\s+)?$|"
    r"\b(?:which|that) (?:includes?|included)\s+$|\b(?:including|of which)\s+$",  # a part of the sum before it
    re.I,
)
#: the sum of a charge, fee or debt, whoever pays it: "pay the £90 fee", "£600 of rent arrears"
CHARGE_AFTER = re.compile(
    r"(?:\.[0-9]{2})?\s+(?:of\s+|in\s+)?(?:council tax\s+|(?!(?:towards|for|to|and|or|as|in|of|a|each|per)\b)[\w'’-]+\s+)?"
    r"(?:arrears|fees?|charges?|debts?|bills?|invoices?|penalt(?:y|ies)|fines?|overpayments?)\b",
    re.I,
)
#: "the £100 it has already paid her", "the £100 it offered during its complaint process"
PAID_AFTER = re.compile(
    r"(?:\.[0-9]{2})?\s+(?:that\s+|which\s+)?(?:it|the \w+|they)\s+(?:has\s+|had\s+)?(?:already\s+|previously\s+)?"
    r"(?:paid|offered|refunded|gave|given)\b",
    re.I,
)
#: a sum paid with interest the text does not quantify: the sum is paid, the total is more
INTEREST = re.compile(
    r"(?:\.[0-9]{2})?[^.;£]{0,60}?\b(?:with|plus|and|together with|including)\s+(?:statutory\s+|simple\s+)?interest\b",
    re.I,
)
EACH = re.compile(r"£[\d,.]+ (?:to )?each\b|\beach (?:of them )?£|£[\d,.]+ (?:to|for) each of", re.I)


def amount_of(written: str) -> Decimal | None:
    """The amount a ``£…`` sum states, or None when it is no plausible remedy (a billion pounds or more)."""
    m = MONEY.match(written)
    return _amount(m) if m else None


def _amount(m: re.Match[str]) -> Decimal | None:
    pounds = m.group("num").replace(",", "")
    if len(pounds) > 10 or Decimal(pounds) >= MAX_POUNDS:
        return None
    return Decimal(pounds + "." + (m.group("pence") or "00"))


_CLAUSE = re.compile(r".*(?:\band\b|[,;:])", re.S)


def _clause_before(s: str, at: int) -> str:
    """Up to 40 characters before ``at``, from the last clause boundary on: "the £2,000 it owes her and £350"
    leaves "" before the £350, so the debt of the first sum does not make the second one no payment."""
    window = s[max(0, at - 40) : at]
    m = _CLAUSE.match(window)
    return window[m.end() :] if m else window


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def tidy(purpose: str) -> str:
    """``"for the loss of opportunity and"`` -> ``"for the loss of opportunity"``."""
    return re.sub(r"(?:[,;]|\s)+(?:and|or|plus)?\s*$", "", purpose.strip()).strip()


class Builder:
    """Collects remedies as dicts (``kind``, ``status``, ``span``, ``amount``, ``payee`` …) in text order."""

    def __init__(self, source: str, complainant: str | None, end: int | None = None) -> None:
        self.source = source
        self.end = end  # where a truncated text stops: a sum written up to there may have lost digits
        self.complainant = complainant
        self.remedies: list[dict] = []
        self.warnings: list[str] = []
        self.stated_total: Decimal | None = None  # a total the summary states that the parts found do not make
        self.capped: Span | None = None  # a payment agreed up to a ceiling: its amount, and so the total, unknown
        self.unstated: list[tuple[Span, str]] = []  # refunds agreed without a sum: (sentence, what is refunded)

    def payees_count(self, sentence: str) -> int:
        """How many people "£250 each" pays: two for "Mr and Mrs B", else the number named."""
        who = self.payee(sentence) or self.complainant or ""
        if re.search(r"\band\b", who):
            return 2
        words = {"two": 2, "three": 3, "four": 4, "both": 2}
        m = re.search(r"\b(two|three|four|both)\b", sentence, re.I)
        return words[m.group(1).lower()] if m else 2

    def payee(self, sentence: str) -> str | None:
        return payee_of(sentence, self.complainant)

    def payee_at(self, sentence: str, at: int, since: int = 0) -> str | None:
        """The payee of the sum at ``at``: the person named just before it (after the previous sum), else the sentence's."""
        return payee_at(sentence, at, since, self.complainant)

    def add(
        self,
        kind: str,
        status: str,
        span: Span,
        topic: str,
        sentence: str,
        context: str,
        *,
        amount: Decimal | None = None,
        purpose_text: str | None = None,
        payee: str | None = None,
        each: int = 1,
        refund: bool = False,
    ) -> dict:
        """Add a remedy, or fold a second mention of one already found into it; returns the entry."""
        deadline = DEADLINE.search(plain(sentence)) or DEADLINE.search(plain(context))
        purpose = PURPOSE.search(purpose_text if purpose_text is not None else sentence) if kind == "payment" else None
        entry = {
            "kind": kind,
            "status": status,
            "span": span,
            "topic": topic,
            "amount": amount,
            "deadline": lower_first(deadline.group(0)) if deadline else None,
            "purpose": tidy(re.split(r",? and (?:will |to )?apologi", purpose.group(0))[0]) if purpose else None,
            "payee": payee if kind == "payment" else None,
            "action": span.section == "action",
            "each": each,
            "mentions": Counter({span.start: 1}),
            "refund": refund,  # money going back (a refund, reimbursement, arrears owed): may give an unstated refund its sum
            "texts": [plain(sentence)],
        }
        old = self._same(entry)
        if old is None:
            self.remedies.append(entry)
            return entry
        old["mentions"][span.start] += 1
        old["refund"] = old["refund"] or refund
        old["texts"].append(plain(sentence))
        if entry["action"] and not old["action"]:
            for key in ("span", "topic", "action"):
                old[key] = entry[key]
        for key in ("deadline", "purpose", "payee"):
            old[key] = old[key] or entry[key]
        return old

    def _same(self, new: dict) -> dict | None:
        summary = new["span"].section == "summary"
        for old in self.remedies:
            if old["kind"] != new["kind"]:
                continue
            if new["kind"] != "payment":
                if new["kind"] == "apology" and (old["status"] == new["status"] or summary):
                    return old
                if summary and old["span"].section != "summary":
                    return old  # the summary restating a remedy the body gives in full
                continue
            if old["amount"] != new["amount"] or old["mentions"][new["span"].start] >= old["each"]:
                continue  # another sum, or this sentence already named this payment: a second payee
            if old["status"] != new["status"] and "already-provided" in (old["status"], new["status"]):
                continue  # paid before the complaint, and agreed now: two payments
            if not same_payee(old["payee"], new["payee"]):
                continue
            a, b = injustice_types(old["purpose"] or ""), injustice_types(new["purpose"] or "")
            if a and b and not set(a) & set(b):
                continue  # £100 for distress and £100 for time and trouble: two payments
            return old
        return None

    def payments(
        self, sentence: str, span: Span, status: str, topic: str, context: str, *, given: bool = False
    ) -> bool:
        """Add the payments of a sentence; True if it stated a total of earlier payments.

        ``given``: the sentence gives the amount of a payment the sentence before agreed ("… pay her the allowance
        she missed. The Council has calculated this as £6,210."), so its sum is paid though no verb here says so.
        """
        found_total = False
        s = money_words(plain(sentence))
        amounts = list(MONEY.finditer(s))
        rate_pending = False
        took = False  # a sum of this sentence was read as a payment (new, or one already found written again)
        since = 0
        for k, m in enumerate(amounts):
            if self.end is not None and span.start + m.end() >= self.end:
                continue  # "£5" as the last characters of a page cut short may be £500
            amount = _amount(m)
            if amount is None:
                self.warnings.append(
                    f"{self.source}: {m.group(0)[:24]}… at offset {span.start + m.start()} "
                    f"is no plausible sum (a billion pounds or more): not read as a payment"
                )
                continue
            # the purpose of this amount: what follows it up to the next amount, else what leads up to it
            window = sentence[m.end() : amounts[k + 1].start() if k + 1 < len(amounts) else len(sentence)]
            if not PURPOSE.search(window):
                window = sentence[since : m.start()]
            payee = self.payee_at(sentence, m.start(), since)
            back = bool(REFUND.search(s, since, m.start())) or towards_costs(s, m.end())  # money going back
            since = m.end()
            if rate_pending and (
                TOTAL.search(s[max(0, m.start() - 30) : m.start()]) or TOTAL_AFTER.match(s[m.end() : m.end() + 20])
            ):
                rate_pending = False  # "£200 a month …, totalling £1,400": the payment is the total
                took = True
                self.add(
                    "payment", status, span, topic, sentence, context, amount=amount, purpose_text=window, payee=payee
                )
                continue
            clause = _clause_before(s, m.start())
            how = reading(s, m.start(), m.end())
            if how == "debt":
                continue  # "£600 of rent arrears", "the £400 she owes", "Mrs X must repay the £1,480"
            if how == "open":
                # "£500 towards her arrears", "£300 of arrears": which way the money runs, the text leaves open
                if status in ("agreed", "recommended") and not NOT_AGREED.search(clause):
                    self.capped = self.capped or span
                continue
            offered = OFFERED.search(clause) and not DECLINED.search(s) and not NOT_PAYMENT.search(clause)
            if offered and not ENDORSED.search(plain(sentence + " " + context)):
                # "The Council has offered Mrs X £150": whether that is this decision's remedy, and paid, the text may
                # leave open, so the total is unknown (a decision not investigated has none anyway)
                self.capped = self.capped or span
                continue
            if offered:
                status = "agreed"  # "… offered Mr A £150, which we consider is a suitable remedy": the agreed remedy
            elif how == "refund":
                # "refund Mrs Y the £970 she was overcharged", "repay the £95 it wrongly charged": the charge is what
                # goes back; not when refused, asked for or disputed
                wide = clause_before(s, m.start(), 80)
                if REFUND_REFUSED.search(wide) or NOT_AGREED.search(wide):
                    continue
            elif not (given or PAY.search(s[: m.end() + 60]) or REFUND.search(s, 0, m.start())) or NOT_PAYMENT.search(
                clause
            ):
                continue
            paid = PAID_AFTER.match(s, m.end())
            if paid and how == "refund" and re.search(r"\bpaid$", paid.group(0)) and "already" not in paid.group(0):
                paid = None  # "refund the £400 they paid": what goes back, not a payment made before
            if NOT_NEW.search(clause) or (how != "refund" and CHARGE_AFTER.match(s, m.end())) or paid:
                continue  # "less the £100 it has already paid", "pay the £90 fee", "on top of the £100 it offered"
            if UP_TO.search(s, max(0, m.start() - 30), m.start()) or IF_NOT.match(s, m.end()):
                # "pay up to £500", "between £100 and £200", "a further £250 if it does not …": a payment whose amount
                # (or whether it is made) the text leaves open, so the total is unknown
                self.capped = self.capped or span
                continue
            if RATE.match(s, m.end()):
                rate_pending = True  # "£200 a month": a rate, not a payment; a total may follow
                continue
            owed = [r for r in self.remedies if r["kind"] == "payment" and r["status"] != "already-provided"]
            earlier = [r["amount"] * r["each"] for r in owed]
            besides = [r["amount"] * r["each"] for r in owed if not r["refund"]]  # "£2,025, as well as the refund"
            later = [a for a in (_amount(x) for x in amounts[k + 1 :]) if a is not None]
            marked = TOTAL.search(s[max(0, m.start() - 30) : m.start()]) or TOTAL_AFTER.match(s[m.end() : m.end() + 20])
            before = [a for a in (_amount(x) for x in amounts[:k]) if a is not None]
            sums_parts = (
                (len(earlier) >= 2 and amount == sum(earlier, Decimal(0)))
                or (len(besides) >= 2 and amount == sum(besides, Decimal(0)))
                or (len(later) >= 2 and amount == sum(later, Decimal(0)))
                or (bool(marked) and len(before) >= 2 and amount == sum(before, Decimal(0)))
            )
            repeated = any(r["kind"] == "payment" and r["amount"] == amount for r in self.remedies)
            if not repeated and (sums_parts or (marked and earlier and amount >= max(earlier))):
                found_total = True
                if marked and span.section == "summary" and not sums_parts:
                    self.stated_total = amount  # "a total of £1,950" in the summary, more than the body shows
                deadline = DEADLINE.search(s) or DEADLINE.search(plain(context))
                for r in self.remedies:
                    if r["kind"] == "payment" and not r["deadline"] and deadline:
                        r["deadline"] = lower_first(deadline.group(0))
                continue
            if INTEREST.match(s, m.end()) and status in ("agreed", "recommended"):
                self.capped = self.capped or span  # "refund the £18,460 it charged, with interest": more than the sum
            if amount > 0:
                each = (
                    self.payees_count(sentence)
                    if (EACH.search(s[m.start() : m.end() + 20]) or EACH.search(s[max(0, m.start() - 12) : m.end()]))
                    else 1
                )
                took = True
                self.add(
                    "payment",
                    status,
                    span,
                    topic,
                    sentence,
                    context,
                    amount=amount,
                    purpose_text=window,
                    payee=payee,
                    each=each,
                    refund=back or how == "refund",
                )
        if rate_pending and (OPEN_ENDED.search(s) or not took):
            self.capped = self.capped or span  # "£100 a month until it finds her a home": no amount to add up
        return found_total

    def settle_unstated(self) -> None:
        """A refund agreed without a sum leaves the total unknown, unless another sentence gives its sum."""
        self.capped = self.capped or unsettled(self.unstated, self.remedies)
