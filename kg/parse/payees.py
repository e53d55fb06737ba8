"""Who a payment goes to: the person named at the sum, or the sentence's payee; an estate is a payee too.

>>> payee_at("pay Mr B £300 for his distress and Mrs B £300 for hers", 41, 13, "Mr B")
'Mrs B'
>>> payee_at("The Council will pay £500 to Ms X.", 21, 0, None), payee_at("refund her £90", 11, 0, "Mrs T")
('Ms X', 'Mrs T')
>>> payee_of("refund £2,300 to the estate of the late Mrs Y", None)
'the estate of the late Mrs Y'
"""

from __future__ import annotations

import re

from kg.parse.text import TITLE, plain

#: a relative of the complainant, by relation: "pay her son £300" pays the son, not her
_RELATIVE = (
    r"(?:her|his|their) (?:son|daughter|mother|father|husband|wife|partner|brother|sister|grandson|granddaughter|"
    r"grandmother|grandfather|child|niece|nephew|aunt|uncle|carer)"
)
#: a payee: an estate ("the estate of the late Mr W", "her late mother's estate") or a person
WHO = (
    rf"(?:the estate(?: of (?:the late )?{TITLE} [A-Z]\w*)?|(?:{TITLE} [A-Z]\w*['’]s|her|his|their) "
    rf"(?:(?:late )?\w+['’]s )?estate|{TITLE}(?: and {TITLE})? [A-Z]\w*|{_RELATIVE}|him|her|them|the complainant)"
)
_VERB = r"\b(?:pay(?:ing|s)?|refund(?:ing|s)?|reimburs(?:e|es|ing)|repay(?:ing|s)?) (?:to )?"
_PAYEE = re.compile(_VERB + r"(?P<a>" + WHO + r")\b|£[\d,.]+ to (?P<b>" + WHO + r")\b")
_NAME_BEFORE = re.compile(r"(?:" + _VERB + r"|\band |,\s*|\bto )(?P<w>" + WHO + r")\s*$")
_TO_AFTER = re.compile(r"£[0-9,.]+\s*(?:each\s+)?to (?P<w>" + WHO + r")\b")


def _person(who: str, complainant: str | None) -> str | None:
    return complainant if who in ("him", "her", "them", "the complainant") else who


def payee_of(sentence: str, complainant: str | None) -> str | None:
    """The first payee a sentence names ("pay Mrs X", "£500 to Ms X"); a pronoun is the complainant."""
    m = _PAYEE.search(plain(sentence))
    return _person(m.group("a") or m.group("b"), complainant) if m else None


def payee_at(sentence: str, at: int, since: int, complainant: str | None) -> str | None:
    """The payee of the sum at ``at``: named just before it (after the sum before, at ``since``), or just after it
    ("£500 to Ms X"), else the sentence's first payee when that stands before the sum (a payee named only after it,
    "refund the £312 … and pay Mr D £150", is another sum's)."""
    s = plain(sentence)
    if m := _NAME_BEFORE.search(s, since, at):
        return _person(m.group("w"), complainant)
    if m := _TO_AFTER.match(s, at):
        return _person(m.group("w"), complainant)
    m = _PAYEE.search(s)
    return _person(m.group("a") or m.group("b"), complainant) if m and m.start() <= at else None


def _titles(who: str) -> tuple[frozenset[str], str]:
    names = re.findall(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\b", who)
    return frozenset(names), who.rsplit(" ", 1)[-1]


def same_payee(a: str | None, b: str | None) -> bool:
    """Could ``a`` and ``b`` be the same payee?  Unknown matches anyone; "Mr B" is not "Mrs B"; an estate is no person.

    >>> same_payee("Mr B", "Mr B"), same_payee("Mr B", "Mrs B"), same_payee(None, "Mrs B"), same_payee("Mr B", "Mr and Mrs B")
    (True, False, True, True)
    >>> same_payee("the estate", "the estate of the late Mr W"), same_payee("Mr W", "the estate of the late Mr W")
    (True, False)
    >>> same_payee("her son", "Mr Y"), payee_of("pay her son £300", "Mrs Y")
    (True, 'her son')
    """
    if a is None or b is None or a == b:
        return True
    if ("estate" in a) != ("estate" in b):
        return False
    if "estate" in a:
        return True  # one decision names one estate
    (ta, la), (tb, lb) = _titles(a), _titles(b)
    if not ta or not tb:
        return True  # "her son" may be the "Mr Y" another sentence names
    return la == lb and bool(ta) and bool(tb) and (ta <= tb or tb <= ta)
