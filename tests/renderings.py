"""Test helper: re-render a decision text saved the blank-line way (a) as the flat way (b).

Rendering (b) is what a page saved with single newlines looks like: blank
lines dropped, every numbered paragraph, item and bullet flattened to a line
starting ``- `` with its number and nesting lost.
"""

from __future__ import annotations

import re

_MARK = re.compile(r"^[ \t\u00a0]*(?:\d{1,3}[.)]|[•●▪◦·*‣○■])[ \t\u00a0]+")


def flatten(text: str) -> str:
    """Rendering (a) -> rendering (b)."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _MARK.match(line)
        out.append("- " + line[m.end():].strip() if m else line.strip())
    return "\n".join(out) + "\n"
