"""Synthetic decisions for tests and benchmarks, with the facts each must give.

* :mod:`kg.synth.generate` — whole decision files and their labels (``kg synth``);
* :mod:`kg.synth.compose` — the paragraphs of one decision;
* :mod:`kg.synth.law` — statute citations in the forms decisions write them;
* :mod:`kg.synth.text` — the sentences they are built from;
* :mod:`kg.synth.queries` — sample parameters for every named query (benchmarks).
"""

from kg.synth.compose import CATEGORIES, OUTCOMES
from kg.synth.generate import (
    Generated,
    generate_one,
    read_labels,
    reference,
    write_corpus,
)

__all__ = ["CATEGORIES", "OUTCOMES", "Generated", "generate_one", "read_labels", "reference", "write_corpus"]
