"""`kg eval`, `kg eval-events`, `kg eval-sample`, `kg eval-analyst`: how well the graph and the
extraction score against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.base import read_rdf
from kg.errors import printable

if TYPE_CHECKING:
    # rdflib and the scorers are imported by the commands that use them: `kg --help`
    # and the other commands do without
    from rdflib import Graph

    from kg.evaluate.entities import EntityScore
    from kg.evaluate.relations import RelationScore


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
    from kg.evaluate.entities import load_gold_entities, score_entities
    from kg.evaluate.graphview import graph_actors
    from kg.evaluate.relations import load_gold_relations, score_relations

    data = read_rdf(graph)
    entity_score = score_entities(data, load_gold_entities(gold_entities))
    result: dict[str, object] = {"entities": entity_score.as_dict()}
    relation_score = None
    if gold_relations is not None:
        asserted, negated, ambiguous = load_gold_relations(gold_relations)
        labels = {a.iri: a.label for a in graph_actors(data)}
        relation_score = score_relations(
            data, entity_score.mapping, asserted, negated, labels, ambiguous
        )
        result["relations"] = relation_score.as_dict()
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    _echo_scores(entity_score, relation_score, errors)


def _echo_scores(
    entity_score: EntityScore, relation_score: RelationScore | None, errors: bool
) -> None:
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


BENCHMARKS = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks"
benchmarks_option = click.option(
    "--benchmarks",
    type=click.Path(file_okay=False, path_type=Path),
    default=BENCHMARKS,
    show_default=True,
    help="Folder holding the public benchmark sets.",
)
"""The `--benchmarks` option of every command that reads the public benchmark sets."""
EVENT_SETS = {
    "plover": ("plover_gsr/plover_gsr_cameo.jsonl", "develop"),
    "petrarch": ("petrarch2_validation/petr2_gsr_validation_realworld.jsonl", "held out"),
}


@click.command("eval-events")
@click.argument("names", nargs=-1, type=click.Choice(sorted(EVENT_SETS)))
@benchmarks_option
@click.option("--json", "as_json", is_flag=True, help="Print the full score as JSON.")
@click.option("--examples", type=click.IntRange(0), default=0, help="List N missed sentences.")
def eval_events_cmd(names: tuple[str, ...], benchmarks: Path, as_json: bool, examples: int) -> None:
    """Score event extraction on PLOVER (develop) and PETRARCH-2 real-world (held out).

    Prints precision, recall and F1 per relation for the event type alone and for the
    full source-relation-target, and the events produced on sentences that must give none.
    """
    from kg.config import ONTOLOGY_DIR
    from kg.evaluate.events import load_petrarch, load_plover, score_events
    from kg.extract import Resources
    from kg.nlp.load import load_pipeline

    loaders = {"plover": load_plover, "petrarch": load_petrarch}
    results: dict[str, object] = {}
    nlp = load_pipeline(ONTOLOGY_DIR)
    resources = Resources.load(ONTOLOGY_DIR)
    for name in names or sorted(EVENT_SETS):
        relative, role = EVENT_SETS[name]
        sentences = loaders[name](benchmarks / relative)
        score = score_events(sentences, nlp, resources, keep_examples=examples)
        results[name] = score.as_dict()
        if as_json:
            continue
        type_total, triple_total = score.totals()
        click.echo(
            f"{name} ({role}): {score.scored} of {score.sentences} sentences scored; "
            f"{score.outside_vocabulary} gold events of types kg has no relation for "
            "(events read on their sentences count as false)"
        )
        click.echo(
            f"  event type   P {_pct(type_total.precision)}  R {_pct(type_total.recall)}  "
            f"F1 {_pct(type_total.f1)}"
        )
        click.echo(
            f"  full triple  P {_pct(triple_total.precision)}  R {_pct(triple_total.recall)}  "
            f"F1 {_pct(triple_total.f1)}  (tp {triple_total.tp}, fp {triple_total.fp}, "
            f"fn {triple_total.fn})"
        )
        click.echo(
            f"  events read on the {score.none_sentences} sentences marked no-event: "
            f"{score.events_on_none}"
        )
        for relation in sorted(set(score.type_only) | set(score.triple)):
            t, f = score.type_only[relation], score.triple[relation]
            click.echo(
                f"    {relation:<16} type P {_pct(t.precision)} R {_pct(t.recall)} "
                f"F1 {_pct(t.f1)} | triple P {_pct(f.precision)} R {_pct(f.recall)} "
                f"F1 {_pct(f.f1)}"
            )
        for example in score.examples:
            click.echo(f"  missed: {example}")
    if as_json:
        click.echo(json.dumps(results, indent=2))


@click.command("eval-sample")
@click.argument("sample", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@benchmarks_option
@click.option(
    "--list",
    "list_actors",
    is_flag=True,
    help="Print every typed actor as JSON judgement stubs (for judging by hand).",
)
def eval_sample_cmd(sample: Path, benchmarks: Path, list_actors: bool) -> None:
    """Score the precision of typed actors on a hand-judged sample of news items.

    SAMPLE names a benchmark file and item ids and holds the judgements; actors the
    judgements do not cover are listed as unjudged.
    """
    from kg.config import ONTOLOGY_DIR
    from kg.evaluate.sample import load_sample, sample_texts, score_sample, typed_actors
    from kg.extract import Resources
    from kg.nlp.load import load_pipeline

    data = load_sample(sample)
    texts = sample_texts(benchmarks / data["benchmark"], data["ids"])
    actors = typed_actors(texts, load_pipeline(ONTOLOGY_DIR), Resources.load(ONTOLOGY_DIR))
    if list_actors:
        stubs = [{"id": a.item, "label": a.label, "class": a.cls, "correct": None} for a in actors]
        click.echo(json.dumps(stubs, indent=1, ensure_ascii=False))
        return
    score = score_sample(actors, data["judgements"], len(data["ids"]))
    click.echo(
        f"{printable(sample.name)}: {score.items} items, {len(actors)} typed actors, precision "
        f"{_pct(score.precision)} ({len(score.correct)} right, {len(score.wrong)} wrong, "
        f"{len(score.unjudged)} unjudged)"
    )
    for actor in score.wrong:
        click.echo(f"  wrong: {actor.item}: {actor.label} ({actor.cls})")
    for actor in score.unjudged:
        click.echo(f"  unjudged: {actor.item}: {actor.label} ({actor.cls})")


GOLD_DIR = Path(__file__).resolve().parents[2] / "tests" / "gold"


def build_records(records: list[str], work: Path) -> Graph:
    """Build JSON lines as a user would (`kg build items.jsonl`) and load the graph; in this
    process, as the sets are small and the figures must not depend on a pool."""
    from rdflib import Graph

    from kg.config import Settings
    from kg.pipeline import build

    inputs = work / "items.jsonl"
    inputs.write_text("".join(records), encoding="utf-8")
    build([str(inputs)], Settings(out_dir=work / "out", viewer=False, workers=1))
    graph = Graph()
    graph.parse(work / "out" / "graph.ttl", format="turtle")
    return graph


@click.command("eval-statements")
@click.argument("judgements", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@benchmarks_option
@click.option(
    "--list",
    "list_statements",
    is_flag=True,
    help="Print the current build's draw of statements as JSON judgement stubs.",
)
def eval_statements_cmd(judgements: Path, benchmarks: Path, list_statements: bool) -> None:
    """Precision of a build's statements on everyday news, against verdicts given by hand.

    JUDGEMENTS names the benchmark, the seed and how many stories and statements to draw
    (stories of fewer than `min_words` words, 40 when it is absent, stories whose
    `label_name` is not in `label_names` when it is given, stories named in the gold
    files of `exclude_items_of`, and stories in the
    news golds (of the rounds `news_gold_rounds` names, round 1 when absent) or in
    reserved_ids.txt are never drawn), and holds the
    verdicts. The stories are built as `kg build` would; judged statements the build no
    longer makes, and statements of its draw without a verdict, are counted apart.
    """
    import tempfile

    from kg.evaluate.news import gold_item_ids, reserved_ids
    from kg.evaluate.statements import (
        draw_statements,
        draw_stories,
        graph_statements,
        items_named_in,
        load_judgements,
        score_statements,
    )

    data = load_judgements(judgements)
    excluded = set(gold_item_ids(GOLD_DIR / "news_gold_items.json", data["news_gold_rounds"]))
    excluded |= reserved_ids(benchmarks)
    for name in data["exclude_items_of"] or ():
        excluded |= items_named_in(GOLD_DIR / name)
    stories = draw_stories(
        benchmarks / data["benchmark"],
        frozenset(excluded),
        data["stories"],
        data["seed"],
        min_words=data["min_words"],
        label_names=None if data["label_names"] is None else frozenset(data["label_names"]),
    )
    with tempfile.TemporaryDirectory(prefix="kg-eval-statements-") as work:
        statements = graph_statements(build_records(stories, Path(work)))
    draw = draw_statements(statements, data["sample"], data["seed"])
    if list_statements:
        click.echo(json.dumps([s.as_stub() for s in draw], indent=1, ensure_ascii=False))
        return
    score = score_statements(statements, data["judgements"], draw)
    judged = len(score.correct) + len(score.wrong)
    click.echo(
        f"{printable(judgements.name)}: {len(stories)} stories, {len(statements)} statements; "
        f"{judged} judged statements made: {len(score.correct)} right, precision "
        f"{_pct(score.precision)}; {score.vanished} judged no longer made; "
        f"{len(score.unjudged)} of the current draw of {len(draw)} unjudged, "
        f"{score.drawn_right} right"
    )
    for statement in score.wrong:
        click.echo(
            f"  wrong: {statement.item}: {statement.subject} {statement.relation} "
            f"{statement.object}"
        )


@click.command("eval-news")
@click.argument("corpora", nargs=-1, type=click.Choice(["reuters21578", "ag_news_test"]))
@click.option(
    "--half",
    "halves",
    type=click.Choice(["test", "dev"]),
    multiple=True,
    help="Score only this half (repeatable); default both, the test half first.",
)
@benchmarks_option
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=GOLD_DIR,
    show_default=True,
    help="Folder of the gold files (news_gold_items.json, news_<corpus>.json).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors/--no-errors", default=False, show_default=True, help="List the errors.")
def eval_news_cmd(
    corpora: tuple[str, ...],
    halves: tuple[str, ...],
    benchmarks: Path,
    gold_dir: Path,
    as_json: bool,
    errors: bool,
) -> None:
    """Build the news development golds' items and score them, test half first.

    Each half of each corpus (Reuters-21578 political stories, AG News World items) is
    built on its own, as `kg build items.jsonl` would, and scored against the hand-made
    gold of its items: entities (precision, recall, F1, type accuracy) and relations
    (precision, recall, F1, negated acts asserted). The test halves were never tuned on.
    """
    from kg.evaluate.news import CORPORA, HALVES, evaluate_news

    results = []
    for score in evaluate_news(
        gold_dir, benchmarks, corpora or tuple(CORPORA), halves or HALVES, build_records
    ):
        results.append(score)
        if as_json:
            continue
        click.echo(f"{score.corpus}, {score.half} half ({score.items} items):")
        _echo_scores(score.entities, score.relations, errors)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {"corpus": r.corpus, "half": r.half, "items": r.items}
                    | {"entities": r.entities.as_dict(), "relations": r.relations.as_dict()}
                    for r in results
                ],
                indent=2,
            )
        )


@click.command("eval-analyst")
@click.option(
    "--seeds",
    "seeds_graph",
    type=click.Path(dir_okay=False, exists=True),
    help="Graph built from seeds/ (scored on tests/gold/seeds_analyst.json).",
)
@click.option(
    "--agnews",
    "agnews_graph",
    type=click.Path(dir_okay=False, exists=True),
    help="Graph built from the AG News items of tests/gold/agnews_analyst.json (test and dev).",
)
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=GOLD_DIR,
    show_default=True,
    help="Folder of the gold files.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_analyst_cmd(
    seeds_graph: str | None, agnews_graph: str | None, gold_dir: Path, as_json: bool
) -> None:
    """Score origins, events, event dates, role status and hedges (SPEC §7) against gold.

    Prints precision and recall per kind for the AG News test half first, then the dev
    half, then the seeds.
    """
    from kg.evaluate.analyst import score_analyst
    from kg.evaluate.analyst_gold import load_agnews_gold, load_seeds_gold

    scores = []
    if agnews_graph is not None:
        graph = read_rdf(agnews_graph)
        for gold in load_agnews_gold(gold_dir / "agnews_analyst.json"):
            scores.append(score_analyst(graph, gold))
    if seeds_graph is not None:
        gold = load_seeds_gold(gold_dir / "seeds_analyst.json", gold_dir / "seeds_entities.json")
        scores.append(score_analyst(read_rdf(seeds_graph), gold))
    if not scores:
        raise click.UsageError("give --seeds GRAPH and/or --agnews GRAPH")
    if as_json:
        click.echo(json.dumps([score.as_dict() for score in scores], indent=2))
        return
    for score in scores:
        click.echo(f"{score.name}:")
        for name, prf in score.rows():
            click.echo(
                f"  {name:<31} P {_pct(prf.precision)}  R {_pct(prf.recall)}  "
                f"(tp {prf.tp}, fp {prf.fp}, fn {prf.fn})"
            )
        click.echo(f"  {'hedge words overlap':<31} {_pct(score.hedges.word_overlap)}")
