"""Benchmark the viewer on a large graph: render it, open it in headless Chromium, pan it.

    .venv/bin/python bench/viewer_bench.py                  # 5,000 actors, 20,000 relations
    .venv/bin/python bench/viewer_bench.py --nodes 1000 --edges 4000 --out /tmp/bench

Prints one table: the page's size, the seconds Python takes to render it, the seconds
from navigation start until the page says it is ready (laid out, physics off, drawn at
least once after that: `body[data-ready]`), and a pan test (a few animated `moveTo`s,
counting the frames vis-network draws). Saves a screenshot of the page next to it. The
target is a ready page in under 10 s.

With `--seed-screenshot PATH` it builds `seeds/` (the real spaCy model) and saves a
1400x900 screenshot of that page instead, with an edge's evidence open: the README's
picture (`docs/seed-graph.png`).

The graph is synthetic but shaped like a real one: deterministic for a seed, classes in
realistic proportions, relations that respect the ontology's signatures, a few hubs
(preferential attachment), one to three evidence sentences an edge from ~2,000
articles over three years.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from kg.render.viewer import ViewArticle, ViewEdge, ViewEvidence, ViewNode, render_viewer
from kg.vocab import KG_DATA_NS, RELATIONS, SIGNATURES, ActorClass, Relation

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TARGET_SECONDS = 10.0

# Shares of each class among the actors, roughly as in a large news corpus.
CLASS_SHARES = {
    ActorClass.STATE: 0.04,
    ActorClass.BLOC: 0.01,
    ActorClass.ARMED_GROUP: 0.06,
    ActorClass.GOVERNMENT: 0.08,
    ActorClass.OFFICIAL: 0.24,
    ActorClass.PERSON: 0.27,
    ActorClass.ORGANIZATION: 0.18,
    ActorClass.PLACE: 0.12,
}
# How often each relation appears among the edges.
RELATION_WEIGHTS = {
    Relation.OFFICIAL_OF: 14,
    Relation.AFFILIATED_WITH: 10,
    Relation.MEETS_WITH: 9,
    Relation.CONDEMNS: 8,
    Relation.SUPPORTS: 7,
    Relation.LOCATED_IN: 7,
    Relation.THREATENS: 5,
    Relation.COOPERATES_WITH: 5,
    Relation.OPPOSES: 5,
    Relation.ATTACKS: 4,
    Relation.SANCTIONS: 4,
    Relation.PROVIDES_AID_TO: 4,
    Relation.LEADER_OF: 3,
    Relation.MEMBER_OF: 3,
    Relation.DETAINS: 3,
    Relation.DEPLOYS_FORCES_TO: 3,
    Relation.REQUESTS_AID_FROM: 2,
    Relation.SEVERS_TIES_WITH: 1,
    Relation.DEPOSES: 1,
    Relation.ALLIES_WITH: 1,
    Relation.BORDERS: 1,
}
SOURCES = ("Reuters", "AP", "AFP", "BBC", "Al Jazeera", "France 24", "DW", "The Guardian")
SYLLABLES = ("ka", "lo", "mar", "ni", "sa", "to", "vel", "ra", "dun", "e", "bri", "ost", "al")
SURNAMES = ("Diallo", "Novak", "Haddad", "Okafor", "Moreau", "Petrov", "Silva", "Tanaka")
KIND_WORDS = {
    ActorClass.BLOC: ("Union", "Community", "Alliance", "Council"),
    ActorClass.ARMED_GROUP: ("Front", "Brigade", "Movement", "Army"),
    ActorClass.GOVERNMENT: ("junta", "foreign ministry", "defence ministry", "cabinet"),
    ActorClass.ORGANIZATION: ("Institute", "Agency", "Foundation", "Times"),
}


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    articles: list[ViewArticle]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _name(rng: random.Random, cls: ActorClass, index: int) -> tuple[str, tuple[str, ...]]:
    """A label and its aliases; the index keeps labels unique."""
    base = f"{_word(rng)}{index}"
    if cls in (ActorClass.STATE, ActorClass.PLACE):
        return base, (base.upper()[:3] + str(index),)
    if cls in (ActorClass.OFFICIAL, ActorClass.PERSON):
        surname = f"{rng.choice(SURNAMES)}-{base}"
        return f"{_word(rng)} {surname}", (surname,)
    label = f"{base} {rng.choice(KIND_WORDS[cls])}"
    return label, ("".join(w[0] for w in label.split()).upper() + str(index),)


def generate_graph(node_count: int, edge_count: int, seed: int = 7) -> Graph:
    """Make a deterministic, realistic-looking graph of this many actors and relations."""
    rng = random.Random(seed)
    nodes: list[ViewNode] = []
    by_class: dict[ActorClass, list[str]] = {cls: [] for cls in ActorClass}
    classes = list(CLASS_SHARES)
    for index in range(node_count):
        cls = rng.choices(classes, weights=list(CLASS_SHARES.values()))[0]
        label, aliases = _name(rng, cls, index)
        iri = f"{KG_DATA_NS}actor/n{index}"
        wikidata = f"http://www.wikidata.org/entity/Q{1000 + index}" if rng.random() < 0.4 else None
        nodes.append(ViewNode(iri, label, cls.value, aliases, wikidata))
        by_class[cls].append(iri)
    labels = {n.id: n.label for n in nodes}

    article_count = max(1, edge_count // 10)
    articles = []
    for index in range(article_count):
        date = f"{2023 + index % 3}-{1 + index % 12:02d}-{1 + index % 28:02d}"
        title = f"{_word(rng)} {_word(rng).lower()} talks, {index}"
        iri = f"{KG_DATA_NS}article/a{index}"
        articles.append(ViewArticle(iri, title, rng.choice(SOURCES), date))

    # Preferential attachment: an actor's chance to be picked grows with its degree.
    weight = {n.id: 1.0 for n in nodes}
    relations = list(RELATION_WEIGHTS)
    seen: set[tuple[str, str, str]] = set()
    edges: list[ViewEdge] = []
    while len(edges) < edge_count:
        relation = rng.choices(relations, weights=list(RELATION_WEIGHTS.values()))[0]
        sig = SIGNATURES[relation]
        subject = _pick(rng, by_class, sig.subjects, weight)
        obj = _pick(rng, by_class, sig.objects, weight)
        if subject is None or obj is None or subject == obj:
            continue
        if (subject, relation.value, obj) in seen:
            continue
        seen.add((subject, relation.value, obj))
        weight[subject] += 0.5
        weight[obj] += 0.5
        evidence = tuple(
            _evidence(rng, rng.choice(articles), labels[subject], relation, labels[obj], labels)
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))
        )
        confidence = round(rng.uniform(0.3, 0.99), 2)
        edges.append(ViewEdge(subject, obj, relation.value, confidence, evidence))
    return Graph(nodes, edges, articles)


def _pick(
    rng: random.Random,
    by_class: dict[ActorClass, list[str]],
    allowed: frozenset[ActorClass],
    weight: dict[str, float],
) -> str | None:
    pool = [iri for cls in sorted(allowed) for iri in by_class[cls][:400]]
    if not pool:
        return None
    # Sampling from a window of each class keeps this fast; hubs emerge inside it.
    sample = rng.sample(pool, min(len(pool), 60))
    extra = [iri for cls in sorted(allowed) for iri in rng.sample(by_class[cls], min(2, len(by_class[cls])))]
    candidates = sample + extra
    return rng.choices(candidates, weights=[weight[c] for c in candidates])[0]


def _evidence(
    rng: random.Random,
    article: ViewArticle,
    subject: str,
    relation: Relation,
    obj: str,
    labels: dict[str, str],
) -> ViewEvidence:
    verb = RELATIONS[relation].meaning.split(",")[0]
    speaker = rng.choice([None, None, rng.choice(list(labels.values()))])
    said = f", {speaker} said" if speaker else ""
    sentence = f"{subject} {verb} {obj} on {article.date}{said}, according to {article.source}."
    return ViewEvidence(
        sentence=sentence,
        article=article.id,
        article_title=article.title,
        source=article.source,
        date=article.date,
        confidence=round(rng.uniform(0.3, 0.99), 2),
        speaker=speaker,
        extractor=rng.choice(("kg.dependency.v1", "kg.roles.v1")),
    )


# ---- the browser -------------------------------------------------------------------------


@contextmanager
def chromium(width: int = 1400, height: int = 900) -> Iterator[WebDriver]:
    """Headless Chromium through the system chromedriver, its viewport width x height."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        raise SystemExit(f"needs {CHROMIUM} and {CHROMEDRIVER}: run `make browser`")
    profile = tempfile.mkdtemp(prefix="kg-bench-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_ready(driver: WebDriver, timeout: float) -> float:
    """Wait for body[data-ready]; return ms from navigation start to it (the page's clock)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready_at = driver.execute_script("return window.kgReady ? window.kgReadyAt : null")
        if ready_at is not None:
            return float(ready_at)
        time.sleep(0.05)
    raise TimeoutError(f"the page was not ready after {timeout:.0f} s")


PAN_SCRIPT = """
const done = arguments[arguments.length - 1];
const network = window.kgNetwork;
const moves = arguments[0];
const scale = network.getScale();
const start = network.getViewPosition();
let frames = 0, drawMs = [], before = 0;
const onBefore = () => { before = performance.now(); };
const onAfter = () => { frames += 1; drawMs.push(performance.now() - before); };
network.on("beforeDrawing", onBefore);
network.on("afterDrawing", onAfter);
const t0 = performance.now();
let i = 0;
function next() {
  if (i === moves.length) {
    network.off("beforeDrawing", onBefore);
    network.off("afterDrawing", onAfter);
    drawMs.sort((a, b) => a - b);
    done({ms: performance.now() - t0, frames, drawMs});
    return;
  }
  const [dx, dy] = moves[i++];
  network.once("animationFinished", next);
  network.moveTo({position: {x: start.x + dx, y: start.y + dy}, scale,
                  animation: {duration: 1000, easingFunction: "linear"}});
}
next();
"""


def pan_test(driver: WebDriver, moves: Sequence[tuple[int, int]]) -> dict[str, float]:
    """Animate a few moveTo pans; report frames per second and per-frame draw time."""
    driver.set_script_timeout(120)
    result: dict[str, Any] = driver.execute_async_script(PAN_SCRIPT, [list(m) for m in moves])
    draws = sorted(result["drawMs"]) or [0.0]
    seconds = result["ms"] / 1000
    return {
        "seconds": seconds,
        "frames": result["frames"],
        "fps": result["frames"] / seconds if seconds else 0.0,
        "draw_ms_median": draws[len(draws) // 2],
        "draw_ms_p95": draws[min(len(draws) - 1, int(0.95 * len(draws)))],
    }


def bench(node_count: int, edge_count: int, seed: int, out: Path, timeout: float) -> bool:
    """Run the benchmark and print its table; tell whether the page met the target."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    graph = generate_graph(node_count, edge_count, seed)
    generated = time.monotonic() - started
    started = time.monotonic()
    page = render_viewer(graph.nodes, graph.edges, graph.articles, title="kg viewer benchmark")
    rendered = time.monotonic() - started
    path = out / f"viewer-bench-{node_count}.html"
    path.write_text(page, encoding="utf-8")
    shot = out / f"viewer-bench-{node_count}.png"
    with chromium() as driver:
        driver.get(path.as_uri())
        ready_ms = wait_ready(driver, timeout)
        drawn = driver.execute_script(
            "return [kgData.nodes.get({filter: n => !n.hidden}).length,"
            " kgNetwork.physics.options.enabled]"
        )
        pan = pan_test(driver, [(400, 0), (400, 300), (0, 300), (0, 0)])
        driver.save_screenshot(str(shot))
    rows = [
        ("nodes", f"{len(graph.nodes):,}"),
        ("edges", f"{len(graph.edges):,}"),
        ("evidence sentences", f"{sum(len(e.evidence) for e in graph.edges):,}"),
        ("page size", f"{len(page.encode('utf-8')) / 1e6:.1f} MB"),
        ("generate graph (Python)", f"{generated:.2f} s"),
        ("render_viewer (Python)", f"{rendered:.2f} s"),
        ("navigation start -> data-ready", f"{ready_ms / 1000:.2f} s (target < {TARGET_SECONDS:.0f} s)"),
        ("nodes shown / physics on after ready", f"{drawn[0]:,} / {drawn[1]}"),
        ("pan: 4 animated moveTo", f"{pan['frames']} frames in {pan['seconds']:.2f} s = {pan['fps']:.1f} fps"),
        ("pan: draw time per frame", f"median {pan['draw_ms_median']:.1f} ms, p95 {pan['draw_ms_p95']:.1f} ms"),
        ("page", str(path)),
        ("screenshot", str(shot)),
    ]
    width = max(len(name) for name, _ in rows)
    sys.stdout.write(f"{'measure'.ljust(width)} | value\n{'-' * width}-|-{'-' * 40}\n")
    for name, value in rows:
        sys.stdout.write(f"{name.ljust(width)} | {value}\n")
    return ready_ms / 1000 < TARGET_SECONDS and drawn[0] == len(graph.nodes) and not drawn[1]


SEED_SCRIPT = """
// Open the evidence of the edge with the most sentences, as a reader would by clicking it.
const edges = kgData.edges.get();
edges.sort((a, b) => b.evidence.length - a.evidence.length || a.id.localeCompare(b.id));
return edges.length ? edges[0].id : null;
"""


def seed_screenshot(target: Path, timeout: float) -> None:
    """Build seeds/ into a temporary folder and screenshot its page at 1400x900."""
    with tempfile.TemporaryDirectory(prefix="kg-seed-") as tmp:
        kg = ROOT / ".venv" / "bin" / "kg"
        subprocess.run(
            [str(kg), "build", str(ROOT / "seeds"), "--out", tmp, "-q"], check=False, cwd=ROOT
        )
        page = Path(tmp) / "graph.html"
        if not page.exists():
            raise SystemExit(f"{page}: the seed build wrote no viewer")
        with chromium(1400, 900) as driver:
            driver.get(page.as_uri())
            wait_ready(driver, timeout)
            edge = driver.execute_script(SEED_SCRIPT)
            if edge is not None:
                driver.execute_script(
                    "kgNetwork.selectEdges([arguments[0]]);"
                    "kgNetwork.body.emitter.emit('click', {nodes: [], edges: [arguments[0]]});",
                    edge,
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(target))
    sys.stdout.write(f"screenshot: {target}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=120.0, help="Give up after this many s.")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "out" / "bench", help="Where the page and screenshot go."
    )
    parser.add_argument("--seed-screenshot", type=Path, help="Screenshot the seed graph here.")
    args = parser.parse_args(argv)
    os.environ.setdefault("SE_AVOID_STATS", "true")
    if args.seed_screenshot:
        seed_screenshot(args.seed_screenshot, args.timeout)
        return 0
    return 0 if bench(args.nodes, args.edges, args.seed, args.out, args.timeout) else 1


if __name__ == "__main__":
    sys.exit(main())
