"""`kg eval`: print how a built graph scores against gold annotations."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.evaluate.entities import load_gold_entities, score_entities
from kg.evaluate.graphview import graph_actors
from kg.evaluate.relations import load_gold_relations, score_relations
from kg.graph.store import read_graph

EXIT_FATAL = 1


def _pct(value: float) -> str:
    return f"{value:.3f}"


@click.command("eval")
@click.argument("graph", type=click.Path(dir_okay=False, exists=True))
@click.argument("gold_entities", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--relations",
    "gold_relations",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Gold relations file (ids of GOLD_ENTITIES) to score edges too.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full score as JSON.")
@click.option("--errors/--no-errors", default=True, show_default=True, help="List the errors.")
def eval_cmd(
    graph: str, gold_entities: Path, gold_relations: Path | None, as_json: bool, errors: bool
) -> None:
    """Score GRAPH's actors (and with --relations its edges) against hand-made gold.

    Entities: precision, recall, F1, type accuracy, split and merged actors. Relations:
    precision, recall and F1 per relation, and any negated act the graph asserts.
    """
    try:
        data = read_graph(graph)
        entity_score = score_entities(data, load_gold_entities(gold_entities))
        result: dict[str, object] = {"entities": entity_score.as_dict()}
        relation_score = None
        if gold_relations is not None:
            asserted, negated = load_gold_relations(gold_relations)
            labels = {a.iri: a.label for a in graph_actors(data)}
            relation_score = score_relations(data, entity_score.mapping, asserted, negated, labels)
            result["relations"] = relation_score.as_dict()
    except KgError as exc:
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    e = entity_score
    click.echo(
        f"entities: {e.system} actors vs {e.gold} gold  precision {_pct(e.precision)}  "
        f"recall {_pct(e.recall)}  F1 {_pct(e.f1)}  type accuracy {_pct(e.type_accuracy)}  "
        f"split {len(e.split)}  merged {len(e.merged)}"
    )
    if errors:
        for title, items in (
            ("split", e.split),
            ("merged", e.merged),
            ("mistyped", e.mistyped),
            ("spurious", e.spurious),
            ("missed", e.missed),
        ):
            for item in sorted(items):
                click.echo(f"  {title}: {item}")
    if relation_score is not None:
        o = relation_score.overall
        click.echo(
            f"relations: precision {_pct(o.precision)}  recall {_pct(o.recall)}  F1 {_pct(o.f1)}  "
            f"(tp {o.tp}, fp {o.fp}, fn {o.fn})  negated asserted {len(relation_score.negated_asserted)}"
        )
        for name, prf in sorted(relation_score.by_relation.items()):
            click.echo(
                f"  {name:<16} P {_pct(prf.precision)}  R {_pct(prf.recall)}  F1 {_pct(prf.f1)}  "
                f"(tp {prf.tp}, fp {prf.fp}, fn {prf.fn})"
            )
        if errors:
            for title, items in (
                ("negated asserted", relation_score.negated_asserted),
                ("wrong", relation_score.wrong),
                ("missed", relation_score.missed),
            ):
                for item in items:
                    click.echo(f"  {title}: {item}")


COMMANDS: tuple[click.Command, ...] = (eval_cmd,)
