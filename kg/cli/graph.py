"""``kg`` commands for graph algorithms (issue: graph algorithms for legal research).

``kg similar`` and the ``kg graph`` group.  Each command calls one function
of :mod:`kg.graph` and prints its answer as a table a researcher can read
(references, authorities, provision names), or as JSON with ``--json``.

Each module of this kind lists its click commands in ``COMMANDS``;
:mod:`kg.cli.app` registers them on the ``kg`` group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.cli.options import base_option, open_source, store_or_endpoint
from kg.jsontext import dumps
from kg.tables import table

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _echo_json(data: Any) -> None:
    click.echo(dumps(data, indent=2))


def _more(shown: int, total: int, one: str, many: str, extra: str = "") -> str:
    """``(12 communities; 10 shown, --top 0 for all)``."""
    text = f"({total:,} {one if total == 1 else many}{extra}"
    return text + (f"; {shown:,} shown, --top 0 for all)" if shown < total else ")")


# --- kg similar ---------------------------------------------------------------------


@click.command("similar", short_help="The decisions most like one decision, and why.")
@click.argument("reference")
@store_or_endpoint
@click.option(
    "--top",
    "-k",
    "top",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many similar decisions to list.",
)
@click.option("--explain", is_flag=True, help="Say, item by item, what each decision shares with REFERENCE.")
@JSON
def similar_cmd(
    reference: str, store_path: Path | None, endpoint: str | None, top: int, explain: bool, as_json: bool
) -> None:
    """The decisions most like decision REFERENCE (e.g. '20 007 812'), with what they share.

    Similarity is the weight of the items two decisions share over the weight of all
    their items (provisions cited, fault, injustice and remedy types, category,
    authority), each weighted by its kind and by how rare it is (see docs/graph.md).
    """
    from kg.graph import similar

    with open_source(store_path, endpoint) as store:
        result = similar(store, reference, top)
    if as_json:
        _echo_json(result.to_json())
        return
    d = result.decision
    click.echo(f"Decisions most like {d.describe()}" + (f" · {d.category}" if d.category else ""))
    if not result.matches:
        click.echo("(no decision shares anything with it)")
        return
    rows = [
        (
            n,
            m.decision.reference,
            round(m.score, 3),
            m.decision.authority or "",
            m.decision.date.isoformat() if m.decision.date else "",
            len(m.shared),
            ", ".join(s.label for s in m.shared[:3]),
        )
        for n, m in enumerate(result.matches, start=1)
    ]
    click.echo(table(("rank", "reference", "score", "authority", "date", "shared", "most telling"), rows, 48))
    if explain:
        for m in result.matches:
            click.echo(f"\n{m.decision.reference} (score {m.score:.3f}):")
            for s in m.shared:
                click.echo(f"  +{s.contribution:.3f}  {s.phrase}")


# --- kg graph -----------------------------------------------------------------------


@click.group("graph", short_help="Graph algorithms: provisions, communities, faults, paths.")
def graph_group() -> None:
    """Graph algorithms: central provisions, communities, recurring faults, paths, export, write-back."""


@graph_group.command("provisions", short_help="Provisions ranked by PageRank on co-citation.")
@store_or_endpoint
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=0), help="Rows to show (0: all).")
@click.option(
    "--without-boilerplate",
    is_flag=True,
    help="Leave out the Ombudsman's own jurisdiction provisions (LGA 1974 ss23-34, Schedules 4, 5, 5A).",
)
@JSON
def provisions_cmd(
    store_path: Path | None, endpoint: str | None, top: int, without_boilerplate: bool, as_json: bool
) -> None:
    """Provisions (and Acts, guidance) ranked by PageRank on co-citation, with degree and citing decisions."""
    from kg.graph import load_corpus, provision_ranking
    from kg.legislation import is_boilerplate

    with open_source(store_path, endpoint) as store:
        corpus = load_corpus(store, ("provision",))
    if without_boilerplate:
        corpus = corpus.without("provision", is_boilerplate)
    ranking = provision_ranking(corpus)
    shown = ranking[:top] if top else ranking
    if as_json:
        _echo_json([p.to_json() for p in shown])
        return
    rows = [
        (
            p.rank,
            p.label,
            round(p.pagerank, 4),
            p.degree,
            p.decisions,
            ", ".join(f"{_short(label, iri, p.iri)} ({n})" for label, iri, n in p.partners),
        )
        for p in shown
    ]
    click.echo(table(("rank", "provision", "pagerank", "degree", "decisions", "most often cited with"), rows, 100))
    click.echo(
        _more(
            len(shown),
            len(ranking),
            "cited provision, Act or guidance document",
            "cited provisions, Acts and guidance documents",
        )
    )


def _short(label: str, iri: str, beside: str) -> str:
    """``Local Government Act 1974 s26A(1)`` as ``s26A(1)`` when shown beside another provision of the same Act."""
    from kg.legislation import act_of

    same_act = act_of(iri) is not None and act_of(iri) == act_of(beside)
    words = label.split(" ")
    year = next((i for i, w in enumerate(words) if len(w) == 4 and w.isdigit()), None)
    return " ".join(words[year + 1 :]) if same_act and year is not None and year + 1 < len(words) else label


@graph_group.command("communities", short_help="Communities of similar decisions (Louvain, seeded).")
@store_or_endpoint
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0), help="Communities to show (0: all).")
@click.option(
    "--neighbours",
    "-k",
    "k",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="Each decision is linked to its k most similar before Louvain runs.",
)
@click.option(
    "--resolution",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Louvain resolution: above 1 gives more, smaller communities.",
)
@click.option("--seed", default=42, show_default=True, help="Louvain's random seed (same seed, same communities).")
@JSON
def communities_cmd(
    store_path: Path | None, endpoint: str | None, top: int, k: int, resolution: float, seed: int, as_json: bool
) -> None:
    """Communities of similar decisions (Louvain, seeded), each with its characteristic provisions, faults, categories."""
    from kg.graph import communities

    with open_source(store_path, endpoint) as store:
        found = communities(store, k=k, resolution=resolution, seed=seed)
    shown = found[:top] if top else found
    if as_json:
        _echo_json([c.to_json() for c in shown])
        return
    names = {"provision": "provisions", "fault": "faults", "category": "categories"}
    for c in shown:
        refs = ", ".join(d.reference for d in c.members[:6]) + (f", … (+{c.size - 6})" if c.size > 6 else "")
        click.echo(f"Community {c.number} · {c.size} decision{'s' if c.size != 1 else ''}: {refs}")
        for kind, traits in c.traits.items():
            click.echo(f"  {names[kind] + ':':<12} {', '.join(map(str, traits)) or '—'}")
    singles = sum(1 for c in found if c.size == 1)
    click.echo(_more(len(shown), len(found), "community", "communities", f", {singles:,} of a single decision"))


@graph_group.command("recurrence", short_help="Authorities where the same kind of fault recurs.")
@store_or_endpoint
@click.option("--authority", help="Only authorities whose name contains this (case-insensitive).")
@click.option(
    "--within-years",
    type=click.FloatRange(min=0, min_open=True),
    help="Only decisions within N years of another with the same fault at the same authority.",
)
@click.option(
    "--min",
    "min_decisions",
    default=2,
    show_default=True,
    type=click.IntRange(min=2),
    help="Fewest decisions that make a recurrence.",
)
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=0), help="Recurrences to show (0: all).")
@JSON
def recurrence_cmd(
    store_path: Path | None,
    endpoint: str | None,
    authority: str | None,
    within_years: float | None,
    min_decisions: int,
    top: int,
    as_json: bool,
) -> None:
    """Authorities where the same kind of fault recurs across decisions, with the decisions in date order."""
    from kg.graph import recurrences

    with open_source(store_path, endpoint) as store:
        found = recurrences(store, authority=authority, within_years=within_years, min_decisions=min_decisions)
    shown = found[:top] if top else found
    if as_json:
        _echo_json([r.to_json() for r in shown])
        return
    for r in shown:
        span = f" over {r.span_days:,} days" if r.span_days is not None else ""
        click.echo(f"{r.authority} — {r.fault_type}: {len(r.decisions)} decisions{span}")
        for d in r.decisions:
            click.echo(f"  {d.date.isoformat() if d.date else 'undated':<10}  {d.reference}")
    click.echo(_more(len(shown), len(found), "recurring fault", "recurring faults"))


@graph_group.command("path", short_help="The shortest chain of shared items between two decisions.")
@click.argument("reference1")
@click.argument("reference2")
@store_or_endpoint
@click.option(
    "--via",
    default="provision,fault,authority",
    show_default=True,
    help="Kinds of item a step may share, comma-separated: provision, fault, injustice, remedy, "
    "category, area, authority.",
)
@JSON
def path_cmd(
    reference1: str, reference2: str, store_path: Path | None, endpoint: str | None, via: str, as_json: bool
) -> None:
    """The shortest chain of shared provisions, fault types or authority linking two decisions."""
    from kg.graph import explain_path, load_corpus

    kinds = tuple(k.strip() for k in via.split(",") if k.strip())
    with open_source(store_path, endpoint) as store:
        links = explain_path(store, reference1, reference2, kinds)
        if not links:
            ends = [load_corpus(store, ()).find(reference1)]
    if as_json:
        _echo_json([link.to_json() for link in links])
        return
    if not links:
        click.echo(f"{ends[0].describe()} is the same decision")
        return
    click.echo(links[0].source.describe())
    for link in links:
        click.echo(f"  │ {link.phrase}  [{link.decisions:,} decision{'s' if link.decisions != 1 else ''}]")
        click.echo(link.target.describe())
    click.echo(f"({len(links)} step{'s' if len(links) != 1 else ''})")


@graph_group.command("export", short_help="Write a projection as GraphML or GEXF (Gephi, Cytoscape).")
@store_or_endpoint
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), required=True)
@click.option(
    "--projection",
    default="cocitation",
    show_default=True,
    type=click.Choice(["decision-provision", "cocitation", "similarity", "authority-fault"]),
)
@click.option(
    "--neighbours",
    "-k",
    "k",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="For the similarity projection: links to each decision's k most similar.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export_cmd(store_path: Path | None, endpoint: str | None, fmt: str, projection: str, k: int, output: Path) -> None:
    """Write a projection as GraphML or GEXF for Gephi or Cytoscape (nodes labelled)."""
    from kg.graph import export_graph
    from kg.graph import projection as project

    with open_source(store_path, endpoint) as store:
        g = project(store, projection, k=k)
    export_graph(g, fmt, output)
    click.echo(
        f"wrote {output} ({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges; {projection} projection, {fmt})"
    )


@graph_group.command("write-back", short_help="Store centrality, communities and similarity as RDF.")
@store_or_endpoint
@base_option
@click.option(
    "--top",
    default=3,
    show_default=True,
    type=click.IntRange(min=1),
    help="Similar decisions stored for each decision (4 triples each: past ~900,000 triples in all, "
    "the store takes them in one SPARQL update rather than a bulk load, several times the memory).",
)
@click.option(
    "--neighbours",
    "-k",
    "k",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="Neighbours per decision for the community graph.",
)
@click.option("--seed", default=42, show_default=True, help="Louvain's random seed.")
@JSON
def write_back_cmd(
    store_path: Path | None, endpoint: str | None, base: str, top: int, k: int, seed: int, as_json: bool
) -> None:
    """Store provision centrality, communities and top-k similarity as RDF in the graph {base}lgsco/analytics.

    Re-running replaces that graph.  SPARQL sees the scores through omb:pageRank,
    omb:community, omb:similarity … (docs/graph.md has example queries).
    """
    from kg.graph import write_back

    with open_source(store_path, endpoint, read_only=False) as store:
        summary = write_back(store, base=base, top=top, k=k, seed=seed)
    _echo_json(summary.to_json()) if as_json else click.echo(str(summary))


COMMANDS: list[click.Command] = [similar_cmd, graph_group]
