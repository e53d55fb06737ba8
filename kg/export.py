"""The RDF formats we write, in one table, and the export of a whole store.

:class:`Format` is the only list of formats: the CLI's ``--format``, file
suffixes and HTTP content negotiation all look formats up here; and
:func:`negotiate` is the one reading of an HTTP ``Accept`` header (the
endpoint's negotiation of results, pages and graphs uses it too).

>>> Format.from_name("ttl").media_type
'text/turtle'
>>> Format.from_suffix("out/kg.trig"), Format.from_media_type("application/ld+json; charset=utf-8")
(<Format.trig>, <Format.jsonld>)
>>> Format.negotiate("text/html;q=0.9, application/n-triples")
<Format.nt>

What an export holds:

* **Quad formats** (``nq``, ``trig``, ``jsonld``) keep the named graphs: one
  graph per decision (JSON-LD: one ``{"@id": graph, "@graph": […]}`` object
  per decision, compacted with ``ontology/context.jsonld`` embedded inline so
  the file reads without fetching anything).
* **Triple formats** (``ttl``, ``nt``, ``xml``) write the *union* of the named
  graphs as one graph: which decision a triple came from is lost, and a
  triple several decisions share (an authority's label) appears once.  Use a
  quad format to keep provenance by graph.

Every format binds the prefixes of ``kg.vocab.PREFIXES``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import IO, Any, TypeVar

from rdflib import Dataset, Graph

from kg.errors import InputError
from kg.mapping import bind_prefixes
from kg.resources import ontology_dir
from kg.store import Store

__all__ = [
    "Format",
    "ResultFormat",
    "export",
    "jsonld_context",
    "negotiate",
    "parse_accept",
    "serialize",
    "write_graph",
]


T = TypeVar("T")


def parse_accept(accept: str | None) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` for each part of an Accept header; no header means ``*/*``."""
    if not accept or not accept.strip():
        return [("*/*", 1.0, 0)]
    ranges = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            k, _, v = param.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = min(max(float(v), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q, i))
    return ranges


def _match(media: str, ranges: list[tuple[str, float, int]]) -> tuple[float, int, int] | None:
    """(q, specificity, position) of the most specific range matching ``media``, or None."""
    kind = media.split("/")[0]
    best = None
    for rng, q, pos in ranges:
        if rng == media:
            spec = 2
        elif rng == f"{kind}/*":
            spec = 1
        elif rng == "*/*" or rng == "*":
            spec = 0
        else:
            continue
        if best is None or spec > best[1]:
            best = (q, spec, pos)
    return best


def negotiate(accept: str | None, offers: Sequence[tuple[str, T]]) -> T | None:
    """The offer the client prefers: highest q (the most specific matching range decides each
    offer's q), then the client's order for equal q, then ours; None if nothing is acceptable (406).

    The first media type of a value is its own; later ones (``application/json`` for SPARQL JSON
    results) are aliases, matched by name only, never by a wildcard such as ``text/*``."""
    ranges = parse_accept(accept)
    best, best_key = None, None
    seen: list[Any] = []
    for order, (media, value) in enumerate(offers):
        alias = value in seen  # a later media type of the same format: matched only when named exactly
        seen.append(value)
        m = _match(media.lower(), ranges)
        if m is None or m[0] <= 0 or (alias and m[1] < 2):
            continue
        q, spec, pos = m
        key = (-q, pos if spec else 10_000, order)
        if best_key is None or key < best_key:
            best, best_key = value, key
    return best


class Format(Enum):
    """An RDF serialisation: ``name`` (what ``--format`` takes), label, media type, suffix, named graphs or not."""

    #       label        media type               suffix    graphs  rdflib     other media types / suffixes
    ttl = ("Turtle", "text/turtle", ".ttl", False, "turtle", ("application/x-turtle", "application/turtle"), ())
    nt = ("N-Triples", "application/n-triples", ".nt", False, "nt", (), ())
    nq = ("N-Quads", "application/n-quads", ".nq", True, "nquads", ("text/x-nquads",), ())
    trig = ("TriG", "application/trig", ".trig", True, "trig", ("application/x-trig",), ())
    jsonld = (
        "JSON-LD",
        "application/ld+json",
        ".jsonld",
        True,
        "json-ld",
        ("application/json", "application/x-json+ld"),
        (".json",),
    )
    xml = ("RDF/XML", "application/rdf+xml", ".rdf", False, "xml", ("application/xml", "text/xml"), (".xml", ".owl"))

    def __init__(
        self,
        label: str,
        media_type: str,
        suffix: str,
        holds_graphs: bool,
        rdflib_format: str,
        other_media_types: tuple[str, ...],
        other_suffixes: tuple[str, ...],
    ) -> None:
        self.label = label
        self.media_type = media_type
        self.suffix = suffix  # type: ignore[misc]  # typeshed's Enum has no 'suffix'; mypy misreads it
        self.holds_graphs = holds_graphs
        self.rdflib_format = rdflib_format
        self.media_types = (media_type, *other_media_types)
        self.suffixes = (suffix, *other_suffixes)

    def __repr__(self) -> str:
        return f"<Format.{self.name}>"

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in cls]

    @classmethod
    def from_name(cls, name: str) -> Format:
        """By name (``ttl``), label (``Turtle``) or the usual aliases (``turtle``, ``n-quads``, ``json-ld``, ``rdfxml``)."""
        if str(name).lower().strip() == "n3":  # Turtle is N3: what SPARQLWrapper's N3 asks for
            return cls.ttl
        key = re.sub(r"[^a-z]", "", str(name).lower())
        for f in cls:
            if key in (f.name, re.sub(r"[^a-z]", "", f.label.lower()), f.rdflib_format.replace("-", "")):
                return f
        # n3: Turtle is N3 (what SPARQLWrapper's N3 asks for); rdfxml also as SPARQLWrapper writes it, rdf+xml
        aliases = {
            "ntriples": cls.nt,
            "nquads": cls.nq,
            "rdf": cls.xml,
            "rdfxml": cls.xml,
            "json": cls.jsonld,
            "n3": cls.ttl,
        }
        if key in aliases:
            return aliases[key]
        raise InputError(f"unknown RDF format {name!r}; use one of: {', '.join(cls.names())}")

    @classmethod
    def from_suffix(cls, path: str | Path) -> Format:
        """By file suffix: ``.ttl``, ``ttl`` or a path ending in one."""
        text = str(path).lower()
        suffix = Path(text).suffix or ("." + text.lstrip("."))
        for f in cls:
            if suffix in f.suffixes:
                return f
        known = ", ".join(s for f in cls for s in f.suffixes)
        raise InputError(f"no RDF format for the suffix of {str(path)!r}; known suffixes: {known}")

    @classmethod
    def from_media_type(cls, media_type: str) -> Format:
        """By media type, parameters (``; charset=…``) ignored."""
        key = media_type.split(";")[0].strip().lower()
        for f in cls:
            if key in f.media_types:
                return f
        raise InputError(f"no RDF format for media type {media_type!r}; known: {', '.join(f.media_type for f in cls)}")

    @classmethod
    def lookup(cls, value: str | Format) -> Format:
        """A Format from itself, a name, a media type (has ``/``) or a suffix (starts with ``.``)."""
        if isinstance(value, Format):
            return value
        if "/" in value:
            return cls.from_media_type(value)
        return cls.from_suffix(value) if value.startswith(".") else cls.from_name(value)

    @classmethod
    def negotiate(cls, accept: str | None, default: Format | None = None) -> Format | None:
        """The format an HTTP ``Accept`` header prefers (by q-value, then order); ``default`` (Turtle) for ``*/*``
        or none.  Returns None when the header accepts none of our formats (answer 406)."""
        first = default or cls.ttl
        formats = [first, *(f for f in cls if f is not first)]
        return negotiate(accept, [(media, f) for f in formats for media in f.media_types])


class ResultFormat(Enum):
    """A SPARQL results serialisation (answers to SELECT and ASK), in the same shape as :class:`Format`.

    The HTTP endpoint negotiates SELECT/ASK answers from this table and
    CONSTRUCT/DESCRIBE answers from :class:`Format`:

    >>> ResultFormat.from_media_type("application/json").media_type
    'application/sparql-results+json'
    """

    #      label          media type                          suffix  other media types
    json = ("SPARQL JSON", "application/sparql-results+json", ".srj", ("application/json",))
    xml = ("SPARQL XML", "application/sparql-results+xml", ".srx", ("application/xml", "text/xml"))
    csv = ("CSV", "text/csv", ".csv", ())
    tsv = ("TSV", "text/tab-separated-values", ".tsv", ())

    def __init__(self, label: str, media_type: str, suffix: str, other_media_types: tuple[str, ...]) -> None:
        self.label = label
        self.media_type = media_type
        self.suffix = suffix
        self.media_types = (media_type, *other_media_types)

    def __repr__(self) -> str:
        return f"<ResultFormat.{self.name}>"

    @classmethod
    def from_name(cls, name: str) -> ResultFormat:
        """By name (``json``, ``xml``, ``csv``, ``tsv``), suffix name (``srj``, ``srx``) or label (``SPARQL JSON``).

        >>> ResultFormat.from_name("srx"), ResultFormat.from_name("sparql-results+json")
        (<ResultFormat.xml>, <ResultFormat.json>)
        """
        key = str(name).lower().strip().lstrip(".")
        for f in cls:
            if key in (f.name, f.suffix.lstrip("."), f.label.lower(), f.media_type.split("/")[1]):
                return f
        raise InputError(f"unknown SPARQL results format {name!r}; use one of: {', '.join(f.name for f in cls)}")

    @classmethod
    def from_media_type(cls, media_type: str) -> ResultFormat:
        """By media type, parameters ignored."""
        key = media_type.split(";")[0].strip().lower()
        for f in cls:
            if key in f.media_types:
                return f
        raise InputError(
            f"no SPARQL results format for media type {media_type!r}; known: {', '.join(f.media_type for f in cls)}"
        )


def jsonld_context() -> dict[str, Any]:
    """The ``@context`` object of ``ontology/context.jsonld`` (prefixes and term definitions)."""
    path = ontology_dir() / "context.jsonld"
    if not path.is_file():  # fall back on the prefixes alone
        from kg.vocab import PREFIXES

        return dict(PREFIXES)
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def write_graph(graph: Graph, fmt: Format | str) -> bytes:
    """One graph (a CONSTRUCT's answer, a resource) in ``fmt``; JSON-LD compacted with our context, as
    :func:`export` writes it; TriG and N-Quads put it in the default graph."""
    fmt = Format.lookup(fmt)
    if fmt is Format.jsonld:
        return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, indent=2).encode("utf-8")
    if fmt.holds_graphs:
        ds = Dataset()
        for prefix, ns in graph.namespaces():
            ds.bind(prefix, ns)
        ds.default_graph.addN((s, p, o, ds.default_graph) for s, p, o in graph)
        return ds.serialize(format=fmt.rdflib_format, encoding="utf-8")
    return graph.serialize(format=fmt.rdflib_format, encoding="utf-8")


def _union(store: Store) -> Graph:
    graph = bind_prefixes(Graph())
    graph.addN((s, p, o, graph) for s, p, o, _ in store.quads())
    return graph


def serialize(store: Store, fmt: Format | str) -> bytes:
    """The whole store in format ``fmt``, as bytes (UTF-8)."""
    fmt = Format.lookup(fmt)
    data: Dataset | Graph = store.dataset() if fmt.holds_graphs else _union(store)
    if fmt is Format.jsonld:
        text = data.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, indent=2)
        return text.encode("utf-8")
    return data.serialize(format=fmt.rdflib_format, encoding="utf-8")


def export(store: Store, fmt: Format | str, out: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the whole store in format ``fmt`` to ``out``, a path or a binary file.

    A path is written to a temporary file beside it and then renamed, so a
    failed export never leaves half a file behind.
    """
    data = serialize(store, fmt)
    if hasattr(out, "write"):
        out.write(data)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
