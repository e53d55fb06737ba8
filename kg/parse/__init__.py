"""Decision text -> :class:`kg.model.Decision`: pure functions.

>>> from kg.resources import data_dir
>>> d = parse_file(data_dir() / "decisions" / "lgsco-20-007-812.txt")
>>> d.reference, d.authority, d.outcome, str(d.decision_date)
('20 007 812', 'Wiltshire Council', 'Upheld', '2021-05-17')

Bad input raises :class:`kg.errors.ParseError` naming the file and the reason.
"""

from kg.parse.decision import parse_bytes, parse_file, parse_text

__all__ = ["parse_bytes", "parse_file", "parse_text"]
