"""The viewer page in headless Chromium: offline, complete, filterable, clickable, inert.

Needs Debian's `chromium` and `chromium-driver` (`make browser`). Without them these tests
are skipped, except under `CI=true`, where they fail: CI must not skip them silently.

Test JavaScript is run through WebDriver (`execute_script`), which the page's
Content-Security-Policy does not govern; the page itself runs only its own two scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from kg.render.viewer import (
    LARGE_GRAPH,
    ViewArticle,
    ViewEdge,
    ViewEvidence,
    ViewNode,
    render_viewer,
)
from kg.vocab import KG_NS, ActorClass
from tests.render.conftest import READY_SECONDS, open_page

pytestmark = pytest.mark.browser

ID = "https://w3id.org/kg/id/actor/"
ARTICLE = "https://w3id.org/kg/id/article/a1"
HOSTILE = ("</script><img src=x onerror=alert(1)>", "<script>alert(1)</script>")


# ---- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def seed_page(driver: WebDriver, seed_build: Path) -> list[str]:
    """Open the seed graph's page; return the URLs it requested."""
    return open_page(driver, seed_build / "graph.html")


# ---- helpers -----------------------------------------------------------------------------


def _write(tmp_path: Path, nodes: list[ViewNode], edges: list[ViewEdge], name: str) -> Path:
    page = tmp_path / f"{name}.html"
    page.write_text(render_viewer(nodes, edges, [ViewArticle(ARTICLE, "An article", "AP")]))
    return page


def _evidence(sentence: str, **kw: Any) -> ViewEvidence:
    fields: dict[str, Any] = {
        "article": ARTICLE,
        "article_title": "An article",
        "source": "AP",
        "date": "2024-03-01",
        "confidence": 0.8,
        "speaker": "a spokesman",
        "extractor": "kg.dependency.v1",
    }
    fields.update(kw)
    return ViewEvidence(sentence=sentence, **fields)


def _small_graph(sentence: str = "Washington imposed sanctions on Tehran.") -> dict[str, Any]:
    nodes = [
        ViewNode(f"{ID}usa", "United States", "State", ("U.S.", "America", "Washington")),
        ViewNode(f"{ID}iran", "Iran", "State", ("Islamic Republic of Iran", "Tehran")),
        ViewNode(f"{ID}nato", "NATO", "Bloc", ("North Atlantic Treaty Organization",)),
        ViewNode(f"{ID}hamas", "Hamas", "ArmedGroup"),
    ]
    edges = [
        ViewEdge(
            f"{ID}usa",
            f"{ID}iran",
            "sanctions",
            0.9,
            (_evidence(sentence), _evidence("The U.S. sanctioned Iran again.", confidence=0.7)),
        ),
        ViewEdge(f"{ID}usa", f"{ID}nato", "memberOf", 1.0),
        ViewEdge(f"{ID}iran", f"{ID}hamas", "providesAidTo", 0.6, (_evidence("Iran arms Hamas."),)),
    ]
    return {"nodes": nodes, "edges": edges}


def _shown_nodes(driver: WebDriver) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = driver.execute_script(
        "return kgData.nodes.get({filter: (n) => !n.hidden}).map((n) => ({id: n.id, cls: n.cls}))"
    )
    return nodes


def _click_edge(driver: WebDriver, edge_id: str) -> None:
    """Click the middle of an edge on the canvas, as a reader would."""
    x, y = driver.execute_script(
        """
        const edge = kgData.edges.get(arguments[0]);
        kgNetwork.fit({nodes: [edge.from, edge.to], animation: false});
        kgNetwork.redraw();
        const pos = kgNetwork.getPositions([edge.from, edge.to]);
        const a = kgNetwork.canvasToDOM(pos[edge.from]), b = kgNetwork.canvasToDOM(pos[edge.to]);
        return [(a.x + b.x) / 2, (a.y + b.y) / 2];
        """,
        edge_id,
    )
    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    width, height = canvas.size["width"], canvas.size["height"]
    # ActionChains offsets are from the element's centre.
    ActionChains(driver).move_to_element_with_offset(
        canvas, round(x - width / 2), round(y - height / 2)
    ).click().perform()


def _panel_text(driver: WebDriver) -> str:
    return str(driver.find_element(By.ID, "panel").text)


def _count_actors(ttl: Path) -> int:
    graph = Graph().parse(ttl, format="turtle")
    classes = {URIRef(KG_NS + cls.value) for cls in ActorClass}
    return len({s for s, o in graph.subject_objects(RDF.type) if o in classes})


# ---- the seed graph ----------------------------------------------------------------------


@pytest.mark.model
def test_viewer_seed_page_makes_no_network_request(seed_page: list[str], seed_build: Path) -> None:
    page = (seed_build / "graph.html").as_uri()
    assert page in seed_page
    assert [u for u in seed_page if u != page and not u.startswith("data:")] == []


@pytest.mark.model
def test_viewer_seed_page_draws_every_actor(
    driver: WebDriver, seed_page: list[str], seed_build: Path
) -> None:
    actors = _count_actors(seed_build / "graph.ttl")
    assert actors > 0
    # Actors without relations wait behind one click; then every actor is drawn.
    related = driver.execute_script("return kgData.nodes.get().filter((n) => n.degree > 0).length")
    assert len(_shown_nodes(driver)) == related
    driver.find_element(By.ID, "show-isolated").click()
    assert len(_shown_nodes(driver)) == actors
    state = driver.execute_script(
        "return [kgNetwork.body.nodeIndices.length, kgNetwork.physics.options.enabled, window.kgReady]"
    )
    assert state == [actors, False, True]


@pytest.mark.model
@pytest.mark.parametrize("cls", [ActorClass.STATE, ActorClass.OFFICIAL, ActorClass.ORGANIZATION])
def test_viewer_seed_class_filter_hides_exactly_that_class(
    driver: WebDriver, seed_page: list[str], cls: ActorClass
) -> None:
    before = _shown_nodes(driver)
    assert any(n["cls"] == cls.value for n in before), f"the seed graph has no {cls}"
    box = driver.find_element(By.CSS_SELECTOR, f'#class-filter input[value="{cls.value}"]')
    box.click()
    after = _shown_nodes(driver)
    assert sorted(n["id"] for n in after) == sorted(n["id"] for n in before if n["cls"] != cls)
    # No edge is left touching a hidden actor.
    dangling = driver.execute_script(
        "return kgData.edges.get({filter: (e) => !e.hidden &&"
        " (kgData.nodes.get(e.from).hidden || kgData.nodes.get(e.to).hidden)}).length"
    )
    assert dangling == 0
    box.click()
    assert len(_shown_nodes(driver)) == len(before)


@pytest.mark.model
def test_viewer_seed_relation_filter_hides_exactly_that_relation(
    driver: WebDriver, seed_page: list[str]
) -> None:
    edges = driver.execute_script("return kgData.edges.get().map((e) => [e.id, e.relation])")
    relation = sorted(r for _, r in edges)[0]
    driver.find_element(By.CSS_SELECTOR, f'#relation-filter input[value="{relation}"]').click()
    shown = driver.execute_script(
        "return kgData.edges.get({filter: (e) => !e.hidden}).map((e) => e.id)"
    )
    assert sorted(shown) == sorted(i for i, r in edges if r != relation)


@pytest.mark.model
def test_viewer_seed_edge_click_shows_its_evidence(driver: WebDriver, seed_page: list[str]) -> None:
    # The edge with the most sentences among those whose middle is clear of other things.
    edge_id = driver.execute_script(
        """
        const clear = (e) => {
          kgNetwork.fit({nodes: [e.from, e.to], animation: false});
          const pos = kgNetwork.getPositions([e.from, e.to]);
          const a = kgNetwork.canvasToDOM(pos[e.from]), b = kgNetwork.canvasToDOM(pos[e.to]);
          const mid = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
          return kgNetwork.getNodeAt(mid) === undefined && kgNetwork.getEdgeAt(mid) === e.id;
        };
        const edges = kgData.edges.get().filter((e) => e.from !== e.to && e.evidence.length);
        edges.sort((a, b) => b.evidence.length - a.evidence.length || a.id.localeCompare(b.id));
        const found = edges.find(clear);
        return found ? found.id : null;
        """
    )
    assert edge_id is not None, "no seed edge can be clicked clear of the others"
    _click_edge(driver, edge_id)
    assert driver.execute_script("return kgNetwork.getSelectedEdges()") == [edge_id]
    evidence = driver.execute_script("return kgData.edges.get(arguments[0]).evidence", edge_id)
    text = _panel_text(driver)
    quotes = driver.find_elements(By.CSS_SELECTOR, "#panel .evidence-list blockquote")
    assert [q.text for q in quotes] == [" ".join(ev["sentence"].split()) for ev in evidence]
    for ev in evidence:
        assert f"{ev['confidence']:.2f}" in text
        if ev["articleTitle"]:
            assert " ".join(ev["articleTitle"].split()) in text


@pytest.mark.model
def test_viewer_seed_search_finds_an_actor_by_alias(
    driver: WebDriver, seed_page: list[str]
) -> None:
    # An alias only one actor has, that is not also someone's label.
    target = driver.execute_script(
        """
        const nodes = kgData.nodes.get();
        const owners = new Map();
        for (const n of nodes) for (const name of [n.label, ...n.altLabels]) {
          const key = name.toLowerCase();
          owners.set(key, (owners.get(key) || 0) + 1);
        }
        for (const n of nodes) for (const alias of n.altLabels)
          if (owners.get(alias.toLowerCase()) === 1) return [n.id, alias, n.label];
        return null;
        """
    )
    assert target is not None, "no seed actor has an alias of its own"
    actor, alias, label = target
    search = driver.find_element(By.ID, "search")
    search.clear()
    search.send_keys(alias, Keys.ENTER)
    assert driver.execute_script("return kgNetwork.getSelectedNodes()") == [actor]
    assert driver.find_element(By.CSS_SELECTOR, "#panel h2").text.endswith(label)


# ---- hand-built pages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "actor"),
    [
        ("U.S.", "usa"),
        ("america", "usa"),
        ("Islamic Republic", "iran"),
        ("North Atlantic Treaty Organization", "nato"),
    ],
)
def test_viewer_search_finds_actor_by_any_name(
    driver: WebDriver, tmp_path: Path, query: str, actor: str
) -> None:
    open_page(driver, _write(tmp_path, **_small_graph(), name="search"))
    search = driver.find_element(By.ID, "search")
    search.send_keys(query, Keys.ENTER)
    assert driver.execute_script("return kgNetwork.getSelectedNodes()") == [f"{ID}{actor}"]
    label = driver.execute_script("return kgData.nodes.get(arguments[0]).label", f"{ID}{actor}")
    assert driver.find_element(By.CSS_SELECTOR, "#panel h2").text.endswith(label)


def test_viewer_node_click_groups_its_relations(driver: WebDriver, tmp_path: Path) -> None:
    open_page(driver, _write(tmp_path, **_small_graph(), name="node"))
    driver.execute_script(
        "kgNetwork.selectNodes([arguments[0]]);"
        "kgNetwork.body.emitter.emit('click', {nodes: [arguments[0]], edges: []});",
        f"{ID}usa",
    )
    headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#panel h3")]
    assert [h.strip() for h in headings] == ["memberOf", "sanctions"]
    assert "America, U.S., Washington" in _panel_text(driver)


@pytest.mark.parametrize("text", HOSTILE)
def test_viewer_hostile_sentence_is_shown_as_text(
    driver: WebDriver, tmp_path: Path, text: str
) -> None:
    graph = _small_graph(sentence=text)
    graph["nodes"].append(ViewNode(f"{ID}x", text, "Person", (text,)))
    graph["edges"].append(
        ViewEdge(f"{ID}x", f"{ID}iran", "condemns", 0.5, (_evidence(text, speaker=text),))
    )
    open_page(driver, _write(tmp_path, **graph, name="hostile"))
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018  (reading it is the check)
    driver.execute_script("window.kgAlerts = []; window.alert = (m) => window.kgAlerts.push(m);")
    edge_id = driver.execute_script(
        "return kgData.edges.get({filter: (e) => e.relation === 'sanctions'})[0].id"
    )
    _click_edge(driver, edge_id)
    assert text in [q.text for q in driver.find_elements(By.CSS_SELECTOR, "#panel blockquote")]
    # The hostile actor's panel, then its edge's (sentence and speaker), via the page's handler.
    driver.execute_script(
        "kgNetwork.body.emitter.emit('click', {nodes: [arguments[0]], edges: []})", f"{ID}x"
    )
    assert text in _panel_text(driver)
    other = driver.execute_script(
        "return kgData.edges.get({filter: (e) => e.relation === 'condemns'})[0].id"
    )
    driver.execute_script(
        "kgNetwork.body.emitter.emit('click', {nodes: [], edges: [arguments[0]]})", other
    )
    assert _panel_text(driver).count(text) >= 2
    counts = driver.execute_script(
        "return [document.querySelectorAll('img').length, window.kgAlerts.length,"
        " kgData.nodes.get().filter((n) => n.title.querySelector('img, script')).length]"
    )
    assert counts == [0, 0, 0]
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018


def test_viewer_large_graph_opens_frozen_and_pans(driver: WebDriver, tmp_path: Path) -> None:
    """Above LARGE_GRAPH actors: no physics at all, every actor drawn, a drag pans."""
    count = LARGE_GRAPH + 100
    classes = list(ActorClass)
    nodes = [
        ViewNode(f"{ID}n{i}", f"Actor {i}", classes[i % len(classes)].value) for i in range(count)
    ]
    edges = [
        ViewEdge(f"{ID}n{i}", f"{ID}n{(i * 7 + 3) % count}", "meetsWith", 0.5)
        for i in range(count)
        if i != (i * 7 + 3) % count
    ]
    open_page(driver, _write(tmp_path, nodes, edges, name="large"))
    assert len(_shown_nodes(driver)) == count
    assert driver.execute_script("return kgNetwork.physics.options.enabled") is False
    before = driver.execute_script("return [kgNetwork.getViewPosition(), kgNetwork.getScale()]")
    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    width, height = canvas.size["width"], canvas.size["height"]
    # Start in a corner, which the round layout leaves empty.
    assert driver.execute_script("return kgNetwork.getNodeAt({x: 10, y: 10})") is None
    ActionChains(driver).move_to_element_with_offset(
        canvas, 10 - width // 2, 10 - height // 2
    ).click_and_hold().move_by_offset(60, 20).move_by_offset(60, 20).release().perform()
    WebDriverWait(driver, READY_SECONDS).until(
        lambda d: d.execute_script(
            "return document.querySelector('#graph canvas').style.transform === ''"
        )
    )
    after = driver.execute_script("return kgNetwork.getViewPosition()")
    (view, scale) = before
    assert after["x"] == pytest.approx(view["x"] - 120 / scale, abs=2 / scale)
    assert after["y"] == pytest.approx(view["y"] - 40 / scale, abs=2 / scale)
