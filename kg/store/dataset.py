"""Running a user's query as SPARQL 1.1 says: the dataset it names, or the decisions.

The RDF dataset a query runs over comes, first match wins, from

1. the protocol's ``default-graph-uri`` / ``named-graph-uri`` parameters
   (``kg serve``; ``kg sparql --default-graph-uri``), which replace any
   dataset the query names (SPARQL 1.1 Protocol, 2.1.4);
2. the query's ``FROM`` / ``FROM NAMED`` clauses (SPARQL 1.1 Query, 13.2):
   ``FROM`` graphs merge into the default graph; with ``FROM NAMED`` only,
   the default graph is empty; with ``FROM`` only, ``GRAPH`` finds nothing;
3. otherwise: the default graph is the union of the decision graphs, and
   ``GRAPH`` ranges over every named graph.  The graphs that are not a
   decision's (the statistics graph ``kg build`` keeps, the analytics graph
   of ``kg graph write-back``) are not in that union; name them with
   ``GRAPH <…>`` or ``FROM <…>``.

Every graph named in 1 or 2 must be a graph of the store: nothing is ever
fetched from the web (an unknown IRI is refused, with the way to list the
graphs there are).

How the union is kept exact and fast on Oxigraph: Oxigraph merges every
graph of the store into a union default graph at full speed, but reads a
default graph given as a list of graphs one graph at a time (seconds for a
pattern at 20,000 decisions).  So the query's default-graph patterns are
checked against the predicates and classes the other graphs use
(:meth:`kg.store.parsed.Parsed.touches`): a pattern none of them can match
(``?d omb:reference ?r``, ``?d a omb:Decision``) runs on the union as it is;
one that could (``?s ?p ?o``, ``?x omb:provisionLabel ?l``) runs on the
listed decision graphs: exact, slower.  A remote server is sent the list of
decision graphs only while it is short (:data:`REMOTE_LIST_LIMIT`); past
that it answers over its own union, which then includes the other graphs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from kg.errors import Forbidden, InputError
from kg.store.base import QueryDataset, QueryResult, Store
from kg.store.parsed import Parsed, parse

__all__ = ["REMOTE_LIST_LIMIT", "dataset_for", "run_query"]

log = logging.getLogger(__name__)

#: the most decision graphs a remote server is sent as default-graph-uri parameters
REMOTE_LIST_LIMIT = 1000

SERVICE_REFUSED = (
    "SERVICE (a federated query) is refused here: this endpoint makes no request to another server; "
    "run the federated query from your own SPARQL client or server, and call this endpoint from it"
)


def dataset_for(
    store: Store, parsed: Parsed, default_graph_uri: Sequence[str] = (), named_graph_uri: Sequence[str] = ()
) -> QueryDataset:
    """The dataset ``parsed`` runs over on ``store`` (the rules above); InputError for a graph the store lacks."""
    if default_graph_uri or named_graph_uri:
        chosen = QueryDataset(default=tuple(default_graph_uri), named=tuple(named_graph_uri))
    elif parsed.has_dataset:
        chosen = QueryDataset(default=parsed.default_graphs, named=parsed.named_graphs)
    else:
        return _decisions(store, parsed)
    unknown = [g for g in (*(chosen.default or ()), *(chosen.named or ())) if not store.has_graph(g)]
    if unknown:
        raise InputError(
            f"<{unknown[0]}> names no graph of this store{f' (nor do {len(unknown) - 1} more)' if len(unknown) > 1 else ''};"
            " graphs are never fetched from elsewhere: name graphs the store holds "
            "(SELECT DISTINCT ?g WHERE { GRAPH ?g { } } lists them)"
        )
    return chosen


def _decisions(store: Store, parsed: Parsed) -> QueryDataset:
    """The default dataset: the union of the decision graphs as the default graph, every named graph for GRAPH."""
    others = store.other_graphs()
    predicates = {p for preds, _ in others.values() for p in preds}
    classes = {c for _, kinds in others.values() for c in kinds}
    if not others or not parsed.touches(predicates, classes):
        return QueryDataset()  # the union of every graph is the union of the decision graphs for this query
    decisions = store.decision_graphs()
    if store.kind == "remote" and len(decisions) > REMOTE_LIST_LIMIT:
        log.warning(
            "%r: %d decision graphs are too many to name in a request; the query runs on the server's union "
            "default graph, which includes %s",
            store,
            len(decisions),
            ", ".join(sorted(others)),
        )
        return QueryDataset()
    return QueryDataset(default=tuple(decisions))


def run_query(
    store: Store,
    text: str,
    *,
    default_graph_uri: Sequence[str] = (),
    named_graph_uri: Sequence[str] = (),
    max_rows: int | None = None,
    service: bool = False,
) -> tuple[Parsed, QueryResult]:
    """Run a user's query on ``store`` over the dataset the rules above give; (what was parsed, the answer).

    ``service=False`` refuses a query with a ``SERVICE`` pattern anywhere in its algebra (Forbidden).
    ``max_rows`` as for :meth:`kg.store.Store.query`.
    """
    parsed = parse(text)
    if parsed.service and not service:
        raise Forbidden(SERVICE_REFUSED)
    dataset = dataset_for(store, parsed, default_graph_uri, named_graph_uri)
    return parsed, store.query(parsed.text, dataset=dataset, max_rows=max_rows)
