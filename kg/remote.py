"""Any SPARQL 1.1 server as a :class:`kg.store.Store`: the SPARQL Protocol to read, the Graph Store Protocol to write.

>>> store = RemoteStore("http://127.0.0.1:7878/query")
>>> store.gsp_url  # Oxigraph's layout: /query, /update, /store
'http://127.0.0.1:7878/store'

**Bound parameters.**  A remote server takes no substitutions, so
:meth:`RemoteStore.query` binds by adding a one-row ``VALUES`` block at the
start of the query's ``WHERE`` group and of every group that uses the variable
(groups are evaluated inside out: a ``FILTER`` in ``GRAPH ?g { … }`` must see
the value in its own group)::

    SELECT ?d WHERE { ?d omb:reference $reference }
    -> SELECT ?d WHERE { VALUES (?reference) { ("20 007 812") }
                         ?d omb:reference $reference }

The query text is tokenised (strings, IRIs and comments are skipped, never
edited), so a value is never pasted where SPARQL syntax goes.  Each value is
written as an N-Triples term by Oxigraph's serialiser, which escapes quotes,
backslashes and line breaks and refuses an IRI with ``>`` or spaces in it
(rdflib's ``.n3()`` writes ``\"\"\"long strings\"\"\"`` whose escaping has edge cases),
so a value cannot end the literal early:

>>> from rdflib import Literal
>>> bind_values('SELECT ?x WHERE { ?s ?p ?x }', {"x": Literal('x" } ; DROP ALL ; #')})
'SELECT ?x WHERE { VALUES (?x) { ("x\\\\" } ; DROP ALL ; #") }\\n ?s ?p ?x }'

A ``VALUES`` block joins with the rest of its group, which for a projected
variable (the rule :class:`kg.store.Store` enforces) gives the answers
Oxigraph's substitution gives locally; ``tests/test_remote.py`` checks every
named query both ways.

**The default graph.**  Our stores answer over the union of the named graphs.
Servers differ: GraphDB and Virtuoso union by default, Oxigraph server does
when asked (its ``union-default-graph`` parameter), Fuseki only when set up so.
The store finds out on first use, with a triple of a named graph; if neither
works it names every graph with ``default-graph-uri`` (standard, but slow for
thousands of graphs).  Named queries match inside ``GRAPH ?decision {…}`` and
do not depend on it.

**Writing** replaces a whole graph with one Graph Store Protocol ``PUT``
(idempotent: pushing twice changes nothing), or with ``DROP``/``INSERT DATA``
through ``update_url`` when the server has no Graph Store endpoint.  Every
request is retried with exponential backoff on connection errors, 429 and
5xx answers.  A remote store is not transactional: each graph is replaced on
its own.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.errors import InputError, KgError, StoreError
from kg.mapping import bind_prefixes
from kg.store import Quad, QueryResult, SelectResult, Store, Term, Triple, canonical, from_oxigraph, to_oxigraph

__all__ = ["RemoteStore", "bind_values", "keywords", "ntriples", "push", "query_form"]

log = logging.getLogger(__name__)

# --- reading SPARQL text ------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z_\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*)?:(?:[\w\-:%\u00b7\u00c0-\uffff]|\\.|\.(?=[\w\-:%]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
""", re.X | re.S)

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """``(kind, text, offset)`` for every token but white space and comments; words upper-cased."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        if kind == "string" and value[0] in "'\"" and len(value) == 1:
            kind = "other"  # an unterminated quote: leave it to the server's parser
        out.append((kind, value.upper() if kind == "word" else value, m.start()))
    return out


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``UPDATE`` or None (not SPARQL we can tell).

    >>> query_form("PREFIX a: <http://a/> # SELECT\\nASK { ?s a:p 'SELECT' }")
    'ASK'
    >>> query_form("insert data { <http://a> <http://b> 1 }")
    'UPDATE'
    """
    for kind, value, _ in _tokens(text):
        if kind != "word" or value in ("PREFIX", "BASE"):
            continue
        if value in _FORMS:
            return value
        return "UPDATE" if value in _UPDATE_WORDS else None
    return None


def keywords(text: str) -> set[str]:
    """The bare words of a query, upper-cased: keywords outside strings, IRIs, names and comments.

    >>> sorted(keywords('SELECT * FROM <http://x> { ?s ?service "SERVICE" } # SERVICE'))
    ['FROM', 'SELECT']
    """
    return {value for kind, value, _ in _tokens(text) if kind == "word"}


def ntriples(term: Term) -> str:
    """An rdflib term in N-Triples syntax, escaped by Oxigraph's serialiser; InputError if it cannot be written.

    >>> ntriples(Literal("a\\nb"))
    '"a\\\\nb"'
    """
    if isinstance(term, BNode):
        raise InputError(f"cannot bind the blank node {term.n3()} on a remote store; bind an IRI or a literal")
    try:
        return str(to_oxigraph(term))
    except StoreError as e:
        raise InputError(str(e)) from None


def bind_values(text: str, bindings: Mapping[str, Term]) -> str:
    """``text`` with a ``VALUES`` block for ``bindings`` opening its WHERE group and every group that uses them.

    Groups are evaluated inside out, so a ``FILTER`` on ``$x`` in a nested
    ``GRAPH ?g { … }`` must see the value in its own group; giving every group
    that mentions the variable the same one-row block binds it everywhere,
    as a substitution would.  CONSTRUCT templates and the data of existing
    ``VALUES`` blocks are left alone.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    row = " ".join(ntriples(bindings[n]) for n in names)
    values = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"
    toks = _tokens(text)
    close = _matching_braces(toks)
    wanted = set(names)
    skipped: set[int] = set()  # token indices inside a CONSTRUCT template or a VALUES data block
    top = None
    for i, (kind, value, _) in enumerate(toks):
        if kind != "word" or i in skipped:
            continue
        nxt = next((j for j in range(i + 1, len(toks)) if toks[j][1] == "{"), None)
        if value == "CONSTRUCT" and i + 1 < len(toks):
            if toks[i + 1][1] == "WHERE":
                raise InputError("cannot bind values in a CONSTRUCT WHERE { … } short form on a remote store; "
                                 "write CONSTRUCT { template } WHERE { pattern }")
            if toks[i + 1][1] == "{":
                skipped.update(range(i + 1, close.get(i + 1, len(toks) - 1) + 1))
        elif value == "VALUES" and nxt is not None:
            skipped.update(range(nxt, close.get(nxt, len(toks) - 1) + 1))
        if value in _FORMS and top is None:
            top = next((j for j in range(i + 1, len(toks)) if toks[j][1] == "{" and toks[j][0] == "other"
                        and j not in skipped), None)
    if top is None:
        raise InputError("cannot bind values: the query has no WHERE clause to bind them in")
    inserts: list[tuple[int, str]] = []
    for i, (kind, value, offset) in enumerate(toks):
        if kind != "other" or value != "{" or i in skipped or i not in close:
            continue
        first = toks[i + 1] if i + 1 < len(toks) else None
        opens_subselect = first is not None and first[0] == "word" and first[1] == "SELECT"
        uses = any(t[0] == "var" and t[1][1:] in wanted for t in toks[i + 1:close[i]])
        if i == top and opens_subselect:  # WHERE { SELECT … }: wrap the sub-select in a group
            inserts += [(offset + 1, " " + values + "{"), (toks[close[i]][2], "} ")]
        elif i == top or (uses and not opens_subselect):
            inserts.append((offset + 1, " " + values))
    for at, piece in sorted(inserts, key=lambda x: x[0], reverse=True):
        text = text[:at] + piece + text[at:]
    return text


def _matching_braces(toks: list[tuple[str, str, int]]) -> dict[int, int]:
    stack, pairs = [], {}
    for i, (kind, value, _) in enumerate(toks):
        if kind == "other" and value == "{":
            stack.append(i)
        elif kind == "other" and value == "}" and stack:
            pairs[stack.pop()] = i
    return pairs


@lru_cache(maxsize=256)
def _projected(sparql: str) -> tuple[str, frozenset[str]]:
    try:
        algebra = prepareQuery(sparql).algebra
    except Exception as e:
        raise InputError(f"SPARQL syntax error: {e}; check the query text") from e
    return algebra.name, frozenset(str(v) for v in algebra.get("PV") or ())


# --- HTTP ---------------------------------------------------------------------------------------

_RETRY_STATUS = {429, 500, 502, 503, 504}
_SELECT_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


def _sibling(url: str, name: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class RemoteStore(Store):
    """A SPARQL 1.1 server: ``endpoint_url`` answers queries, ``gsp_url`` (or ``update_url``) takes writes.

    ``gsp_url`` defaults to ``…/store`` beside an endpoint ending in
    ``/query`` (Oxigraph server's layout), else to the endpoint itself
    (Fuseki's dataset URL serves both).
    """

    kind = "remote"
    persistent = True
    transactional = False

    def __init__(self, endpoint_url: str, update_url: str | None = None, gsp_url: str | None = None, *,
                 read_only: bool = False, timeout: float = 120.0, retries: int = 4, backoff: float = 0.25,
                 client: httpx.Client | None = None) -> None:
        if not re.match(r"^https?://[^/\s]+", endpoint_url or ""):
            raise StoreError(f"{endpoint_url!r} is not an http(s) URL of a SPARQL endpoint")
        self.endpoint_url = endpoint_url
        self.update_url = update_url
        if gsp_url is None:
            gsp_url = _sibling(endpoint_url, "store") if urlsplit(endpoint_url).path.endswith("/query") else endpoint_url
        self.gsp_url = gsp_url or None  # "" : no Graph Store endpoint, write through update_url
        self.read_only = read_only
        self.retries, self.backoff = retries, backoff
        self._client = client or httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0),
                                              headers={"User-Agent": "lgsco-kg"})
        self._union: dict[str, str] | None = None  # extra request parameters that make the default graph the union
        self._union_graphs = False

    def __repr__(self) -> str:
        return f"<RemoteStore at {self.endpoint_url}>"

    # -- HTTP with retries --

    def _request(self, method: str, url: str, *, idempotent_timeouts: bool = False, **kw) -> httpx.Response:
        if self._client is None:
            raise StoreError(f"{self!r} is closed; open it again with kg.store.open_store()")
        delay = self.backoff
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._client.request(method, url, **kw)
            except httpx.TimeoutException as e:
                if last or not idempotent_timeouts:
                    raise StoreError(f"{method} {url} timed out ({e.__class__.__name__}); the server may be "
                                     "overloaded or the query too slow") from e
            except httpx.TransportError as e:
                if last:
                    raise StoreError(f"cannot reach the SPARQL server at {url}: {e}; check the URL and that the "
                                     "server is running") from e
            else:
                if response.status_code not in _RETRY_STATUS or last:
                    return response
                retry_after = response.headers.get("retry-after", "")
                if retry_after.isdigit():
                    delay = max(delay, min(float(retry_after), 30.0))
            time.sleep(delay * (1 + random.random() / 4))
            delay = min(delay * 2, 8.0)
        raise AssertionError("unreachable")

    def _check(self, response: httpx.Response, what: str) -> httpx.Response:
        if response.is_success:
            return response
        detail = " ".join(response.text.split())[:500]
        where = f"{response.request.method} {response.request.url}"
        if response.status_code == 400:
            raise InputError(f"the SPARQL server refused the {what}: {detail}")
        if response.status_code in (404, 405):
            raise StoreError(f"{where} answered {response.status_code}: no {what} service there; "
                             "check the endpoint URL (Oxigraph: …/query and …/store; Fuseki: …/DATASET)")
        raise StoreError(f"{where} answered {response.status_code} to the {what}: {detail}")

    # -- reading --

    def _post_query(self, sparql: str, accept: str = _SELECT_ACCEPT, union: bool = True) -> httpx.Response:
        form: list[tuple[str, str]] = [("query", sparql)]
        if union and self._union_mode():
            form += list(self._union.items())
            if self._union_graphs:
                form += [("default-graph-uri", g) for g in self.graph_names()]
        response = self._request("POST", self.endpoint_url, content=urlencode(form).encode("ascii"),
                                 headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        return self._check(response, "query")

    def _union_mode(self) -> bool:
        """Find once how to make the server's default graph the union of its named graphs."""
        if self._union is not None:
            return bool(self._union) or self._union_graphs
        sample = self._select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", union=False)
        if not sample.rows:
            return False  # nothing stored yet: ask again next time
        s, p, o = (ntriples(t) for t in sample.rows[0])
        probe = f"ASK {{ {s} {p} {o} }}"
        if self._ask(probe, union=False):
            self._union = {}
        else:
            self._union = {"union-default-graph": ""}  # Oxigraph server's own switch
            try:
                oxigraph = self._ask(probe, union=True)
            except KgError:  # a server that refuses parameters it does not know
                oxigraph = False
            if not oxigraph:
                self._union = {}
                self._union_graphs = True
                log.warning("%s does not query the union of its named graphs by default; naming every graph "
                            "with default-graph-uri (slow for many graphs)", self.endpoint_url)
        return bool(self._union) or self._union_graphs

    def _select(self, sparql: str, union: bool = True) -> SelectResult:
        result = self._parse(self._post_query(sparql, union=union))
        return self._expect(result, SelectResult, "SELECT")

    def _ask(self, sparql: str, union: bool = True) -> bool:
        return self._expect(self._parse(self._post_query(sparql, union=union)), bool, "ASK")

    def _query(self, sparql: str, bindings: dict[str, Term]) -> QueryResult:
        if bindings:
            form, projected = _projected(sparql)
            missing = sorted(set(bindings) - projected)
            if missing and form == "SelectQuery":
                raise InputError(f"the SPARQL query does not project the bound variable(s) "
                                 f"{', '.join('?' + m for m in missing)}; add them to its SELECT clause")
            sparql = bind_values(sparql, bindings)
        if query_form(sparql) == "UPDATE":
            raise InputError("this is a SPARQL Update; Store.query runs queries only")
        return self._parse(self._post_query(sparql))

    def _parse(self, response: httpx.Response) -> QueryResult:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in ("application/sparql-results+json", "application/json"):
            data = response.json()
            if "boolean" in data:
                return bool(data["boolean"])
            names = tuple(data["head"]["vars"])
            rows = tuple(tuple(_json_term(b.get(v)) for v in names) for b in data["results"]["bindings"])
            return SelectResult(names, rows)
        try:
            fmt = ox.RdfFormat.from_media_type(media)
        except Exception:
            fmt = None
        if fmt is None:
            raise StoreError(f"{self.endpoint_url} answered with {media or 'no content type'}; "
                             "expected SPARQL JSON results or N-Triples")
        g = bind_prefixes(Graph())
        g.addN((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), g)
               for t in ox.parse(response.content, format=fmt))
        return g

    def graph_names(self) -> list[str]:
        result = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return sorted(str(row[0]) for row in result.rows if isinstance(row[0], URIRef))

    def __len__(self) -> int:
        """The quads of the named graphs (our stores write nothing else); the default graph's triples if there are none."""
        named = self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        count = int(named.rows[0][0]) if named.rows and named.rows[0][0] is not None else 0
        if count:
            return count
        own = self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=False)
        return int(own.rows[0][0]) if own.rows and own.rows[0][0] is not None else 0

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        if name is not None:
            response = self._request("GET", self.gsp_url, params={"graph": str(name)},
                                     headers={"Accept": "application/n-triples"}, idempotent_timeouts=True)
            if response.status_code == 404:
                return
            media = self._check(response, "Graph Store read").headers.get("content-type", "")
            fmt = ox.RdfFormat.from_media_type(media.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
            for t in ox.parse(response.content, format=fmt):
                yield from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), URIRef(name)
            return
        result = self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        for s, p, o, g in result.rows:
            yield s, p, o, g

    # -- writing --

    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        self._check_writable()
        for name, triples in batch:
            body = "".join(f"{ntriples(s)} {ntriples(p)} {ntriples(o)} .\n" for s, p, o in triples)
            if not body:
                self.remove_graph(name)
            elif self.gsp_url:
                response = self._request("PUT", self.gsp_url, params={"graph": str(name)}, content=body.encode(),
                                         headers={"Content-Type": "application/n-triples"}, idempotent_timeouts=True)
                self._check(response, f"Graph Store PUT of {name}")
            else:
                g = ntriples(URIRef(name))
                self._update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}}} }}")

    def remove_graph(self, name: URIRef) -> None:
        self._check_writable()
        if not self.gsp_url:
            self._update(f"DROP SILENT GRAPH {ntriples(URIRef(name))}")
            return
        response = self._request("DELETE", self.gsp_url, params={"graph": str(name)}, idempotent_timeouts=True)
        if response.status_code != 404:
            self._check(response, f"Graph Store DELETE of {name}")

    def _update(self, sparql: str) -> None:
        if not self.update_url:
            raise StoreError(f"{self!r} has no update endpoint; pass update_url (Oxigraph: …/update)")
        response = self._request("POST", self.update_url, content=sparql.encode(),
                                 headers={"Content-Type": "application/sparql-update"}, idempotent_timeouts=True)
        self._check(response, "update")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None


def _json_term(b: dict | None) -> Term | None:
    """A term of the SPARQL 1.1 JSON results format as an rdflib term, literals canonical."""
    if b is None:
        return None
    kind, value = b["type"], b["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in b:
            return Literal(value, lang=b["xml:lang"])
        datatype = b.get("datatype")
        return canonical(Literal(value, datatype=URIRef(datatype) if datatype else None))
    raise StoreError(f"unsupported term in SPARQL results: {b!r} (RDF-star triples are not used in this graph)")


# --- push ---------------------------------------------------------------------------------------

def push(source: Store, target: Store, *, progress: Callable[[str], None] | None = None,
         workers: int = 4) -> tuple[int, int]:
    """Copy every named graph of ``source`` to ``target``, replacing each there; (graphs, triples) sent.

    Pushing twice changes nothing: each graph is replaced whole.
    """
    from concurrent.futures import ThreadPoolExecutor

    names = source.graph_names()

    def one(name: str) -> int:
        triples = [(s, p, o) for s, p, o, _ in source.quads(URIRef(name))]
        target.replace_graph(URIRef(name), triples)
        return len(triples)

    total = 0
    if workers <= 1 or len(names) < 2:
        results: Iterable[int] = map(one, names)
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        results = pool.map(one, names)
    try:
        for name, sent in zip(names, results):
            total += sent
            if progress is not None:
                progress(name)
    finally:
        if workers > 1 and len(names) >= 2:
            pool.shutdown(wait=True, cancel_futures=True)
    return len(names), total

