"""Benchmark the viewer on a large graph: render it, open it in headless Chromium, pan it.

    .venv/bin/python bench/viewer_bench.py                  # 5,000 actors, 20,000 relations
    .venv/bin/python bench/viewer_bench.py --nodes 1000 --edges 4000 --out /tmp/bench

Prints one table: the page's size, the seconds Python takes to render it, the seconds
from navigation start until the page says it is ready (laid out, physics off, drawn at
least once after that: `body[data-ready]`, timed by the page's own clock), and two pan
tests: a few programmatic `moveTo`s, each timed until drawn, and a mouse drag (the
frames the browser paints while the button is down, vis-network's redraws meanwhile,
and the time from release to the redrawn view). Saves the page and a screenshot of it
in `--out`. The target is a ready page in under 10 s; the exit code is 1 if it is
missed.

With `--builds OLD NEW` (two build folders, NEW holding OLD's articles and a few
more) it times only Python: `render_graph_page` on NEW's viewer, cold (no memo) and
warm (the memo the render of OLD left, through pickle as a build keeps it), best of
three, wall and CPU seconds, and checks that both give the same bytes (issue 18):

    .venv/bin/python bench/viewer_bench.py --builds /tmp/ag_7500 /tmp/ag_7510

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
import pickle
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
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
    pools = {
        allowed: [iri for cls in sorted(allowed) for iri in by_class[cls]]
        for sig in SIGNATURES.values()
        for allowed in (sig.subjects, sig.objects)
    }
    names = [n.label for n in nodes]
    relations = list(RELATION_WEIGHTS)
    seen: set[tuple[str, str, str]] = set()
    edges: list[ViewEdge] = []
    while len(edges) < edge_count:
        relation = rng.choices(relations, weights=list(RELATION_WEIGHTS.values()))[0]
        sig = SIGNATURES[relation]
        subject = _pick(rng, pools[sig.subjects], weight)
        obj = _pick(rng, pools[sig.objects], weight)
        if subject is None or obj is None or subject == obj:
            continue
        if (subject, relation.value, obj) in seen:
            continue
        seen.add((subject, relation.value, obj))
        weight[subject] += 0.5
        weight[obj] += 0.5
        evidence = tuple(
            _evidence(rng, rng.choice(articles), labels[subject], relation, labels[obj], names)
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))
        )
        confidence = round(rng.uniform(0.3, 0.99), 2)
        edges.append(ViewEdge(subject, obj, relation.value, confidence, evidence))
    return Graph(nodes, edges, articles)


def _pick(rng: random.Random, pool: Sequence[str], weight: dict[str, float]) -> str | None:
    """Pick an actor from the pool, likelier the more relations it already has."""
    if not pool:
        return None
    # Weighing a random handful (not the whole pool) keeps this fast; hubs still emerge.
    candidates = rng.sample(pool, min(len(pool), 40))
    return rng.choices(candidates, weights=[weight[c] ** 1.5 for c in candidates])[0]


def _evidence(
    rng: random.Random,
    article: ViewArticle,
    subject: str,
    relation: Relation,
    obj: str,
    names: Sequence[str],
) -> ViewEvidence:
    verb = RELATIONS[relation].meaning.split(",")[0]
    speaker = rng.choice(names) if rng.random() < 1 / 3 else None
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


MOVE_SCRIPT = """
// Move the view (no animation, as the page itself does on a large graph) and time each
// move until vis-network has drawn it.
const done = arguments[arguments.length - 1];
const network = window.kgNetwork;
const moves = arguments[0];
const scale = network.getScale();
const start = network.getViewPosition();
const times = [];
let i = 0;
function next() {
  if (i === moves.length) {
    network.moveTo({position: start, scale, animation: false});
    done(times);
    return;
  }
  const [dx, dy] = moves[i++];
  const t0 = performance.now();
  network.once("afterDrawing", () => { times.push(performance.now() - t0); setTimeout(next, 0); });
  network.moveTo({position: {x: start.x + dx / scale, y: start.y + dy / scale}, scale, animation: false});
}
next();
"""

FRAMES_SCRIPT = """
// Count the frames the browser paints, and vis-network's redraws, from now on.
window.kgBench = {frames: 0, draws: 0, running: true, t0: performance.now()};
const tick = () => { if (kgBench.running) { kgBench.frames += 1; requestAnimationFrame(tick); } };
requestAnimationFrame(tick);
kgNetwork.on("afterDrawing", () => { kgBench.draws += 1; kgBench.lastDraw = performance.now(); });
"""


def move_test(driver: WebDriver, moves: Sequence[tuple[int, int]]) -> list[float]:
    """Milliseconds from each `moveTo` until the new view is drawn."""
    driver.set_script_timeout(300)
    times: list[float] = driver.execute_async_script(MOVE_SCRIPT, [list(m) for m in moves])
    return times


def drag_test(driver: WebDriver, steps: int = 40, step_px: int = 8) -> dict[str, float]:
    """Drag the view with the mouse from an empty spot, as a reader pans.

    Reports the frames the browser painted while the button was down (the page slides
    the drawn picture, so this is what the reader sees), vis-network's redraws in that
    time, and how long after the release the new view was drawn.
    """
    box = driver.execute_script(
        "const b = document.querySelector('#graph canvas').getBoundingClientRect();"
        "return [b.left, b.top, b.width, b.height];"
    )
    # A corner is empty: the layout is round.
    x, y = box[0] + 12, box[1] + 12
    if driver.execute_script("return kgNetwork.getNodeAt({x: 12, y: 12}) !== undefined"):
        raise RuntimeError("the drag must start on empty canvas")

    def mouse(kind: str, px: float, py: float) -> None:
        driver.execute_cdp_cmd(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": px, "y": py, "button": "left", "buttons": 1, "clickCount": 1},
        )

    driver.execute_script(FRAMES_SCRIPT)
    mouse("mousePressed", x, y)
    started = time.monotonic()
    for step in range(1, steps + 1):
        mouse("mouseMoved", x + step * step_px, y + step * step_px * 0.6)
        time.sleep(0.016)
    held = time.monotonic() - started
    counts = driver.execute_script("return [kgBench.frames, kgBench.draws, performance.now()]")
    mouse("mouseReleased", x + steps * step_px, y + steps * step_px * 0.6)
    released = counts[2]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        last = driver.execute_script(
            "return kgBench.draws > arguments[0] && !document.querySelector('#graph canvas')"
            ".style.transform ? kgBench.lastDraw : null",
            counts[1],
        )
        if last is not None:
            break
        time.sleep(0.02)
    else:
        raise TimeoutError("the view was not redrawn after the drag")
    driver.execute_script("kgBench.running = false")
    return {
        "seconds": held,
        "fps": counts[0] / held,
        "draws": counts[1],
        "redraw_ms": float(last) - float(released),
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
            " kgNetwork.physics.options.enabled,"
            " kgData.nodes.get({filter: n => n.degree > 0}).length]"
        )
        moved = move_test(driver, [(400, 0), (400, 300), (0, 300), (-300, -200)])
        drag = drag_test(driver)
        driver.save_screenshot(str(shot))
    rows = [
        ("nodes", f"{len(graph.nodes):,}"),
        ("edges", f"{len(graph.edges):,}"),
        ("evidence sentences", f"{sum(len(e.evidence) for e in graph.edges):,}"),
        ("page size", f"{len(page.encode('utf-8')) / 1e6:.1f} MB"),
        ("generate graph (Python)", f"{generated:.2f} s"),
        ("render_viewer (Python)", f"{rendered:.2f} s"),
        (
            "navigation start -> data-ready",
            f"{ready_ms / 1000:.2f} s (target < {TARGET_SECONDS:.0f} s)",
        ),
        # Actors without relations wait behind the page's "Show ... without relations".
        ("nodes shown (with relations) / physics on", f"{drawn[0]:,} ({drawn[2]:,}) / {drawn[1]}"),
        ("moveTo x4: ms until drawn", ", ".join(f"{ms:.0f}" for ms in moved)),
        (
            "drag pan: frames painted",
            f"{drag['fps']:.0f} fps over {drag['seconds']:.2f} s ({drag['draws']} redraws)",
        ),
        ("drag pan: release -> redrawn", f"{drag['redraw_ms']:.0f} ms"),
        ("page", str(path)),
        ("screenshot", str(shot)),
    ]
    width = max(len(name) for name, _ in rows)
    sys.stdout.write(f"{'measure'.ljust(width)} | value\n{'-' * width}-|-{'-' * 40}\n")
    for name, value in rows:
        sys.stdout.write(f"{name.ljust(width)} | {value}\n")
    return ready_ms / 1000 < TARGET_SECONDS and drawn[0] == drawn[2] and not drawn[1]


SEED_SCRIPT = """
// Open the evidence of the edge with the most sentences, as a reader would by clicking it.
const edges = kgData.edges.get();
edges.sort((a, b) => b.evidence.length - a.evidence.length || a.id.localeCompare(b.id));
return edges.length ? edges[0].id : null;
"""


def seed_screenshot(target: Path, timeout: float) -> None:
    """Build seeds/ into a temporary folder and screenshot its page at 1400x900."""
    from kg.config import Settings
    from kg.pipeline import build

    with tempfile.TemporaryDirectory(prefix="kg-seed-") as tmp:
        build([str(ROOT / "seeds")], Settings(out_dir=Path(tmp)))
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


def _viewer_inputs(folder: Path) -> tuple[Any, ...]:
    """What a build of `folder`'s articles hands the page renderer, taken from the
    graph stage itself (it is asked to draw, and records what it is given)."""
    from kg.config import Settings
    from kg.graph.assemble import assemble
    from kg.state import iter_state

    given: list[tuple[Any, ...]] = []

    def record(*args: Any, **_: Any) -> str:
        given.append(args)
        return ""

    extractions = [line.extraction for line in iter_state(folder)]
    if not extractions:
        raise SystemExit(f"{folder}: no extractions.jsonl to read")
    assemble(extractions, Settings(validate=False), record)
    return given[0]


def _best_of_three(run: Callable[[Any], str], prepare: Callable[[], Any]) -> tuple[str, str]:
    """The page, and the best wall and CPU seconds of three runs as one cell."""
    walls, cpus = [], []
    page = ""
    for _ in range(3):
        given = prepare()
        wall, cpu = time.monotonic(), time.process_time()
        page = run(given)
        walls.append(time.monotonic() - wall)
        cpus.append(time.process_time() - cpu)
    return page, f"{min(walls):.3f} s wall, {min(cpus):.3f} s CPU"


def render_timings(old: Path, new: Path) -> bool:
    """Time NEW's page cold and warm from OLD's memo; tell whether both are the same."""
    from kg.render.graph_view import render_graph_page

    before, after = _viewer_inputs(old), _viewer_inputs(new)

    def warm_memo() -> dict[str, Any]:
        memo: dict[str, Any] = {}
        render_graph_page(*before, memo=memo)
        kept: dict[str, Any] = pickle.loads(pickle.dumps(memo))
        return kept

    def same_memo() -> dict[str, Any]:
        memo: dict[str, Any] = {}
        render_graph_page(*after, memo=memo)
        return memo

    cold, cold_time = _best_of_three(lambda _: render_graph_page(*after), lambda: None)
    warm, warm_time = _best_of_three(lambda m: render_graph_page(*after, memo=m), warm_memo)
    _, same_time = _best_of_three(lambda m: render_graph_page(*after, memo=m), same_memo)
    rows = [
        ("actors drawn / edges drawn", f"{len(after[0]):,} / {len(after[2]):,}"),
        ("cold render (no memo)", cold_time),
        (f"warm render (memo of {old.name})", warm_time),
        ("warm render, nothing changed", same_time),
        ("memo size (pickled)", f"{len(pickle.dumps(same_memo())):,} bytes"),
        ("warm page == cold page", str(warm == cold)),
    ]
    width = max(len(name) for name, _ in rows)
    sys.stdout.write(f"{'measure'.ljust(width)} | value\n{'-' * width}-|-{'-' * 40}\n")
    for name, value in rows:
        sys.stdout.write(f"{name.ljust(width)} | {value}\n")
    return warm == cold


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
    parser.add_argument(
        "--builds",
        nargs=2,
        type=Path,
        metavar=("OLD", "NEW"),
        help="Time the page of build folder NEW, cold and warm from OLD's memo.",
    )
    args = parser.parse_args(argv)
    if args.builds:
        return 0 if render_timings(*args.builds) else 1
    os.environ.setdefault("SE_AVOID_STATS", "true")
    if args.seed_screenshot:
        seed_screenshot(args.seed_screenshot, args.timeout)
        return 0
    return 0 if bench(args.nodes, args.edges, args.seed, args.out, args.timeout) else 1


if __name__ == "__main__":
    sys.exit(main())
