"""From every citation-like match to the statutes a decision cites.

:func:`kg.parse.citations.find_statutes` reports every match, sure or not.
A decision's statutes are the provisions of Acts of Parliament it cites:

* a section whose Act the text never names beside it ("section 117 aftercare")
  takes the Act the same page gives the same section elsewhere ("Section 117 of
  the MHA"), if exactly one; else the one Act the page names before it, when the
  page names exactly one Act besides the Ombudsman's own (the Local Government Act
  1974 and the Health Service Commissioners Act 1993 of the boilerplate), unless it
  names a document ("a section 21 notice", "a section 106 agreement"); otherwise it
  is left out, never guessed;
* on a page cut short, a citation the cut runs through ("section 2" as the last
  characters, "(Local Government Act 1" before the year ends) is left out: its
  number cannot be read.  A citation that ends before the cut ("… 34H(i)") stays.

>>> from kg.parse.citations import find_statutes
>>> text = ("Her section 117 aftercare stopped. Section 117 of the Mental Health Act 1983 applies, and the Care Act 2014 "
...         "does too. See section 20.")
>>> [(m.label, m.iri) for m in settle(find_statutes(text), text, cut=False) if m.provision]
[('Mental Health Act 1983 s117', 'http://www.legislation.gov.uk/id/ukpga/1983/20/section/117'), \
('Mental Health Act 1983 s117', 'http://www.legislation.gov.uk/id/ukpga/1983/20/section/117')]
>>> text = "The Care Act 2014 sets the duties. A council must make enquiries under section 42."
>>> [m.label for m in settle(find_statutes(text), text, cut=False)]
['Care Act 2014', 'Care Act 2014 s42']
>>> cut = "(Local Government Act 1974, sections 26(1) and 26A(1)) and (Local Government Act 1974, section 2"
>>> [m.label for m in settle(find_statutes(cut), cut, cut=True)]
['Local Government Act 1974 s26(1)', 'Local Government Act 1974 s26A(1)']
"""

from __future__ import annotations

import dataclasses
import re

from kg.parse.acts import act_iri
from kg.parse.citations import StatuteMatch

#: The Acts that give the Ombudsman its powers: every decision cites them, in its boilerplate
OMBUDSMAN_ACTS = frozenset({"Local Government Act 1974", "Health Service Commissioners Act 1993"})
_SECTION = re.compile(r"s([0-9]+[A-Z]{0,3})((?:\([0-9A-Za-z]+\))*)")

#: "a section 21 notice", "a section 106 agreement": a document named by a section of an Act the text need not name
#: (a section 21 notice is served under the Housing Act 1988 whatever other Act the page cites), so never guessed
_NAMED_BY_USE = re.compile(r"\s+(?:notices?|agreements?|consultations?|certificates?|undertakings?)\b", re.I)

#: What may follow a citation the cut runs through: the rest of the text is one unfinished word or number
_PARTIAL_TAIL = re.compile(r"\s*,?\s*[\w(]+")
_TAIL = 200  # longer than any word a cut can run through


def _bare(m: StatuteMatch) -> bool:
    """A provision with no Act named for it at all (not even an Act we have no chapter for)."""
    return m.act is None and m.provision is not None and m.label == m.provision


def settle(matches: list[StatuteMatch], text: str, *, cut: bool) -> list[StatuteMatch]:
    """The statute matches of ``text`` a decision cites (see the module's rules); text order kept."""
    acts: dict[str, dict[str, StatuteMatch]] = {}
    for m in matches:
        if m.act is not None and m.provision is not None and m.iri is not None:
            acts.setdefault(m.provision, {}).setdefault(m.act, m)
    subject = {m.act for m in matches if m.act is not None and m.act not in OMBUDSMAN_ACTS}
    first_named = min((m.start for m in matches if m.act in subject), default=None)
    out: list[StatuteMatch] = []
    for m in matches:
        if _bare(m):
            known = acts.get(m.provision or "", {})
            if len(known) == 1:
                ((act, other),) = known.items()
                m = dataclasses.replace(m, act=act, iri=other.iri, label=other.label)
            elif (
                not known
                and len(subject) == 1
                and first_named is not None
                and first_named <= m.start
                and not _NAMED_BY_USE.match(text, m.end)
            ):
                m = _of(m, next(iter(subject)))
            else:
                continue  # no Act, or several: not a statute we can name
            if m.iri is None:
                continue
        out.append(m)
    return _uncut(out, text) if cut else out


def _of(m: StatuteMatch, act: str) -> StatuteMatch:
    """A bare section ``m`` as a section of ``act``."""
    found = _SECTION.fullmatch(m.provision or "")
    base = act_iri(act)
    if found is None or base is None:
        return dataclasses.replace(m, act=act, label=f"{act} {m.provision}")
    path = [found.group(1), *re.findall(r"\(([0-9A-Za-z]+)\)", found.group(2))]
    return dataclasses.replace(m, act=act, iri=f"{base}/section/" + "/".join(path), label=f"{act} {m.provision}")


def _uncut(matches: list[StatuteMatch], text: str) -> list[StatuteMatch]:
    """Without the citation the end of a truncated text runs through."""
    end = len(text.rstrip())
    last_of_span: dict[tuple[int, int], int] = {}
    for i, m in enumerate(matches):
        last_of_span[(m.start, m.end)] = i
    out = []
    for i, m in enumerate(matches):
        tail = text[m.end : end] if end - m.end <= _TAIL else ""  # only a short tail can be a cut citation's end
        runs_out = m.end >= end and text[m.end - 1].isalnum() and last_of_span[(m.start, m.end)] == i
        partial = m.end < end and _PARTIAL_TAIL.fullmatch(tail) is not None
        if runs_out or partial and (m.provision is None or tail.lstrip(" ,").startswith("(")):
            continue
        out.append(m)
    return out
