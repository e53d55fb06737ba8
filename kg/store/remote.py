"""Any SPARQL 1.1 server as a :class:`kg.store.Store`: the SPARQL Protocol to read, the Graph Store Protocol to write.

>>> store = RemoteStore("http://127.0.0.1:7878/query")
>>> store.gsp_url  # Oxigraph's layout: /query, /update, /store
'http://127.0.0.1:7878/store'

Values are bound by :func:`kg.store.sparql.bind_values` (a ``VALUES`` block, never pasted text).

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
from collections.abc import Iterable, Iterator
from itertools import islice
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.errors import InputError, KgError, StoreError
from kg.mapping import bind_prefixes
from kg.store.base import QueryDataset, QueryResult, ResultGraph, SelectResult, Store
from kg.store.sparql import bind_values, ntriples, projected, query_form
from kg.store.terms import Quad, Term, Triple, canonical, from_oxigraph

__all__ = ["RemoteStore"]

log = logging.getLogger(__name__)

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

    def __init__(
        self,
        endpoint_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        *,
        read_only: bool = False,
        timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 0.25,
        client: httpx.Client | None = None,
    ) -> None:
        if not re.match(r"^https?://[^/\s]+", endpoint_url or ""):
            raise StoreError(f"{endpoint_url!r} is not an http(s) URL of a SPARQL endpoint")
        self.endpoint_url = endpoint_url
        self.update_url = update_url
        if gsp_url is None:
            gsp_url = (
                _sibling(endpoint_url, "store") if urlsplit(endpoint_url).path.endswith("/query") else endpoint_url
            )
        self.gsp_url = gsp_url or None  # "" : no Graph Store endpoint, write through update_url
        self.read_only = read_only
        self.retries, self.backoff = retries, backoff
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=10.0), headers={"User-Agent": "lgsco-kg"}
        )
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
                    raise StoreError(
                        f"{method} {url} timed out ({e.__class__.__name__}); the server may be "
                        "overloaded or the query too slow"
                    ) from e
            except httpx.TransportError as e:
                if last:
                    raise StoreError(
                        f"cannot reach the SPARQL server at {url}: {e}; check the URL and that the server is running"
                    ) from e
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
            raise StoreError(
                f"{where} answered {response.status_code}: no {what} service there; "
                "check the endpoint URL (Oxigraph: …/query and …/store; Fuseki: …/DATASET)"
            )
        raise StoreError(f"{where} answered {response.status_code} to the {what}: {detail}")

    # -- reading --

    def _post_query(
        self, sparql: str, accept: str = _SELECT_ACCEPT, union: bool = True, dataset: QueryDataset | None = None
    ) -> httpx.Response:
        form: list[tuple[str, str]] = [("query", sparql)]
        if dataset is not None and dataset.default is not None:  # the protocol's dataset: the server reads it
            union = False
            form += [("default-graph-uri", g) for g in dataset.default]
        if dataset is not None and dataset.named is not None:
            form += [("named-graph-uri", g) for g in dataset.named]
        if union and self._union_mode():
            form += list((self._union or {}).items())
            if self._union_graphs:
                form += [("default-graph-uri", g) for g in self.graph_names()]
        response = self._request(
            "POST",
            self.endpoint_url,
            content=urlencode(form).encode("ascii"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        return self._check(response, "query")

    def _union_mode(self) -> bool:
        """Find once how to make the server's default graph the union of its named graphs."""
        if self._union is not None:
            return bool(self._union) or self._union_graphs
        sample = self._select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", union=False)
        if not sample.rows:
            return False  # nothing stored yet: ask again next time
        s, p, o = (ntriples(t) for t in sample.rows[0] if t is not None)
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
                log.warning(
                    "%s does not query the union of its named graphs by default; naming every graph "
                    "with default-graph-uri (slow for many graphs)",
                    self.endpoint_url,
                )
        return bool(self._union) or self._union_graphs

    def _select(self, sparql: str, union: bool = True) -> SelectResult:
        result = self._parse(self._post_query(sparql, union=union))
        return self._expect(result, SelectResult, "SELECT")

    def _ask(self, sparql: str, union: bool = True) -> bool:
        return self._expect(self._parse(self._post_query(sparql, union=union)), bool, "ASK")

    def _query(
        self, sparql: str, bindings: dict[str, Term], dataset: QueryDataset | None, max_rows: int | None
    ) -> QueryResult:
        if bindings:
            form, names = projected(sparql)
            missing = sorted(set(bindings) - names)
            if missing and form == "SelectQuery":
                raise InputError(
                    f"the SPARQL query does not project the bound variable(s) "
                    f"{', '.join('?' + m for m in missing)}; add them to its SELECT clause"
                )
            sparql = bind_values(sparql, bindings)
        if query_form(sparql) == "UPDATE":
            raise InputError("this is a SPARQL Update; Store.query runs queries only")
        return self._parse(self._post_query(sparql, dataset=dataset), max_rows)

    def _parse(self, response: httpx.Response, max_rows: int | None = None) -> QueryResult:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in ("application/sparql-results+json", "application/json"):
            data = response.json()
            if "boolean" in data:
                return bool(data["boolean"])
            names = tuple(data["head"]["vars"])
            found = data["results"]["bindings"]
            if max_rows is not None and len(found) > max_rows:
                rows = tuple(tuple(_json_term(b.get(v)) for v in names) for b in found[:max_rows])
                return SelectResult(names, rows, complete=False)
            return SelectResult(names, tuple(tuple(_json_term(b.get(v)) for v in names) for b in found))
        try:
            fmt = ox.RdfFormat.from_media_type(media)
        except ValueError:
            fmt = None
        if fmt is None:
            raise StoreError(
                f"{self.endpoint_url} answered with {media or 'no content type'}; "
                "expected SPARQL JSON results or N-Triples"
            )
        g = bind_prefixes(ResultGraph())
        triples = ox.parse(response.content, format=fmt)
        g.addN(
            (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), g)  # type: ignore[misc]
            for t in (islice(triples, max_rows + 1) if max_rows is not None else triples)
        )
        if max_rows is not None and len(g) > max_rows:
            g.complete = False
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
            if not self.gsp_url:
                raise StoreError(f"{self!r} has no Graph Store endpoint to read graph {name} from; pass gsp_url")
            response = self._request(
                "GET",
                self.gsp_url,
                params={"graph": str(name)},
                headers={"Accept": "application/n-triples"},
                idempotent_timeouts=True,
            )
            if response.status_code == 404:
                return
            media = self._check(response, "Graph Store read").headers.get("content-type", "")
            fmt = ox.RdfFormat.from_media_type(media.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
            for t in ox.parse(response.content, format=fmt):
                yield from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), URIRef(name)  # type: ignore[misc]
            return
        result = self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        yield from result.rows  # type: ignore[misc]

    # -- writing --

    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        self._check_writable()
        for name, triples in batch:
            body = "".join(f"{ntriples(s)} {ntriples(p)} {ntriples(o)} .\n" for s, p, o in triples)
            if not body:
                self.remove_graph(name)
            elif self.gsp_url:
                response = self._request(
                    "PUT",
                    self.gsp_url,
                    params={"graph": str(name)},
                    content=body.encode(),
                    headers={"Content-Type": "application/n-triples"},
                    idempotent_timeouts=True,
                )
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
        response = self._request(
            "POST",
            self.update_url,
            content=sparql.encode(),
            headers={"Content-Type": "application/sparql-update"},
            idempotent_timeouts=True,
        )
        self._check(response, "update")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None  # type: ignore[assignment]


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
