"""Measure the parser against hand-labelled decisions: ``make eval`` or ``python -m kg.evaluate``.

A labels file is JSON Lines: one object per decision file, with ``"file"``
(a name inside the folder) and any of the fields of ``kg parse --json``
that the labeller checked.  A key left out is "not checked"; a key set to
``null`` says the text does not give that fact.  Field by field:

* header fields (``reference``, ``authority``, ``category``, ``subcategory``,
  ``outcome``, ``decision_date``, ``kind``, ``complainant``, ``fault_found``,
  ``injustice_found``, ``apology``, ``total_payment_gbp``,
  ``assessment_reason``) and any other scalar key: exact match;
* ``complaint_points``: the number of points (an integer), or the list;
* ``statutes``: a list of ``{act, provision, iri}`` (``text``, ``label``
  optional), scored by precision/recall/F1: matched by ``iri``, and a
  citation with a null IRI matched by ``label`` when the label gives one,
  else by ``act`` + ``provision``;
* ``payments_gbp``: amounts, scored as a multiset;
* ``guidance``: titles (strings or ``{title}`` objects), scored as a set.

Keys ``file``, ``same_facts_as`` and ``note`` are bookkeeping, not facts.

A file that cannot be parsed counts against every field labelled for it
and is listed with its reason; the evaluation itself never stops on one.

Modules: ``compare`` (one field of one file), ``report`` (scores, table, JSON),
``run`` (labels and the whole folder), ``__main__`` (the command line).
"""

from kg.evaluate.compare import ABSENT, HEADER_FIELDS, SET_FIELDS, Comparison, compare
from kg.evaluate.report import FieldScore, Mismatch, Report
from kg.evaluate.run import BOOKKEEPING, DEFAULT_FOLDER, evaluate, labelled_fields, load_labels, parse_facts

__all__ = [
    "ABSENT",
    "BOOKKEEPING",
    "DEFAULT_FOLDER",
    "HEADER_FIELDS",
    "SET_FIELDS",
    "Comparison",
    "FieldScore",
    "Mismatch",
    "Report",
    "compare",
    "evaluate",
    "labelled_fields",
    "load_labels",
    "parse_facts",
]
