"""The viewer's analyst views in headless Chromium (issue 17): the timeline of events and
its brush, the edge panel's origins, credibility, likelihood and roles, actors without
relations hidden until asked for, and an actor's neighbourhood one click away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from kg.render.viewer import (
    LARGE_GRAPH,
    TimelineEvent,
    ViewArticle,
    ViewEdge,
    ViewEvidence,
    ViewNode,
    render_viewer,
)
from tests.render.conftest import open_page

pytestmark = pytest.mark.browser

ID = "https://w3id.org/kg/id/actor/"
ARTICLE = "https://w3id.org/kg/id/article/a1"


def _evidence(sentence: str, date: str | None = "2023-07-26", **kw: Any) -> ViewEvidence:
    return ViewEvidence(sentence, ARTICLE, "An article", "AP", date, 0.8, None, "t", **kw)


def _graph() -> tuple[list[ViewNode], list[ViewEdge]]:
    """Niger's coup in July, ties severed in August, a leader, an unlinked actor."""
    nodes = [
        ViewNode(f"{ID}{key}", label, cls)
        for key, label, cls in [
            ("niger", "Niger", "State"),
            ("france", "France", "State"),
            ("junta", "Niger junta", "Government"),
            ("bazoum", "Mohamed Bazoum", "Official"),
            ("wagner", "Wagner Group", "ArmedGroup"),
            ("alone", "Lone Institute", "Organization"),
        ]
    ]
    edges = [
        ViewEdge(
            f"{ID}junta",
            f"{ID}bazoum",
            "deposes",
            0.8,
            (_evidence("The junta ousted Bazoum on July 26."),),
            independent_sources=2,
            credibility=1,
            origins=("AP", "Reuters"),
        ),
        ViewEdge(
            f"{ID}niger",
            f"{ID}france",
            "seversTiesWith",
            0.7,
            (_evidence("Niger severed military ties with France.", "2023-08-03"),),
        ),
        ViewEdge(
            f"{ID}junta",
            f"{ID}wagner",
            "requestsAidFrom",
            0.5,
            (
                _evidence(
                    "The junta has reportedly asked Wagner for help.",
                    "2023-08-05",
                    likelihood="likely",
                    hedge="reportedly",
                ),
            ),
            credibility=3,
        ),
        ViewEdge(
            f"{ID}bazoum",
            f"{ID}niger",
            "leaderOf",
            0.9,
            (
                _evidence(
                    "Ousted president Mohamed Bazoum.",
                    None,
                    role_status="former",
                    valid_from="2021-04-02",
                    valid_to="2023-07-26",
                ),
            ),
        ),
    ]
    return nodes, edges


def _page(tmp_path: Path, events: list[TimelineEvent] | None = None) -> Path:
    nodes, edges = _graph()
    page = tmp_path / "analyst.html"
    articles = [ViewArticle(ARTICLE, "An article", "AP")]
    page.write_text(render_viewer(nodes, edges, articles, events=events or []))
    return page


def _shown(driver: WebDriver, kind: str) -> list[str]:
    ids: list[str] = driver.execute_script(
        f"return kgData.{kind}.get({{filter: (x) => !x.hidden}}).map((x) => x.id).sort()"
    )
    return ids


def _relations_shown(driver: WebDriver) -> list[str]:
    found: list[str] = driver.execute_script(
        "return kgData.edges.get({filter: (e) => !e.hidden}).map((e) => e.relation).sort()"
    )
    return found


def _brush(driver: WebDriver, start: str, end: str) -> None:
    """Drag across the timeline strip from the middle of day `start` to that of `end`."""
    strip = driver.find_element(By.ID, "timeline-strip")
    x0, x1 = driver.execute_script(
        """
        const marks = [...document.querySelectorAll('#timeline-strip rect.mark')];
        const at = (day) => {
          const m = marks.find((r) => r.querySelector('title').textContent.startsWith(day));
          return Number(m.getAttribute('x')) + Number(m.getAttribute('width')) / 2;
        };
        return [at(arguments[0]), at(arguments[1])];
        """,
        start,
        end,
    )
    width = strip.size["width"]
    ActionChains(driver).move_to_element_with_offset(
        strip, round(x0 - width / 2), 0
    ).click_and_hold().move_by_offset(round((x1 - x0) / 2), 0).move_by_offset(
        round(x1 - x0) - round((x1 - x0) / 2), 0
    ).release().perform()


def test_timeline_marks_each_dated_event(driver: WebDriver, tmp_path: Path) -> None:
    open_page(driver, _page(tmp_path))
    titles = driver.execute_script(
        "return [...document.querySelectorAll('#timeline-strip rect.mark title')]"
        ".map((t) => t.textContent)"
    )
    # The undated leaderOf record makes no mark; each dated record makes one.
    assert [t.split(" ")[0] for t in titles] == ["2023-07-26", "2023-08-03", "2023-08-05"]
    assert "Niger junta deposes Mohamed Bazoum" in titles[0]
    assert "3 events" in driver.find_element(By.ID, "timeline-range").text


def test_timeline_brush_filters_edges_and_reset_restores(driver: WebDriver, tmp_path: Path) -> None:
    open_page(driver, _page(tmp_path))
    everything = _relations_shown(driver)
    _brush(driver, "2023-08-03", "2023-08-05")
    assert _relations_shown(driver) == ["requestsAidFrom", "seversTiesWith"]
    assert "2 of 3 events" in driver.find_element(By.ID, "timeline-range").text
    # The brush is the Dates filter: its range shows in From / To.
    assert driver.find_element(By.ID, "date-from").get_attribute("value") == "2023-08-03"
    assert driver.find_element(By.ID, "date-to").get_attribute("value") == "2023-08-05"
    driver.find_element(By.ID, "timeline-reset").click()
    assert _relations_shown(driver) == everything
    assert driver.find_element(By.ID, "date-from").get_attribute("value") == ""


def test_timeline_draws_merged_events_when_given(driver: WebDriver, tmp_path: Path) -> None:
    events = [TimelineEvent(f"{ID}junta", "deposes", f"{ID}bazoum", "2023-07", "month", 4)]
    open_page(driver, _page(tmp_path, events))
    titles = driver.execute_script(
        "return [...document.querySelectorAll('#timeline-strip rect.mark title')]"
        ".map((t) => t.textContent)"
    )
    assert titles == ["2023-07 (month) · Niger junta deposes Mohamed Bazoum · 4 reports"]
    driver.execute_script("kgTimeline.setRange('2023-07-10', '2023-07-12')")
    # A month-precise event overlaps any range inside its month.
    assert "deposes" in _relations_shown(driver)


def _open_edge_panel(driver: WebDriver, relation: str) -> str:
    driver.execute_script(
        "const e = kgData.edges.get({filter: (x) => x.relation === arguments[0]})[0];"
        "kgNetwork.selectEdges([e.id]);"
        "kgNetwork.body.emitter.emit('click', {nodes: [], edges: [e.id]});",
        relation,
    )
    return str(driver.find_element(By.ID, "panel").text)


def test_edge_panel_shows_origins_credibility_likelihood_and_roles(
    driver: WebDriver, tmp_path: Path
) -> None:
    open_page(driver, _page(tmp_path))
    deposes = _open_edge_panel(driver, "deposes")
    assert "Independent origins\n2 (AP, Reuters)" in deposes
    assert "Credibility\n1 — confirmed by two or more independent origins" in deposes
    hedged = _open_edge_panel(driver, "requestsAidFrom")
    assert "Likelihood\nlikely" in hedged and "Hedge\n“reportedly”" in hedged
    assert "Credibility\n3 — attributed or hedged" in hedged
    role = _open_edge_panel(driver, "leaderOf")
    assert "Role\nformer, from 2021-04-02 to 2023-07-26" in role


def test_edge_panel_leaves_absent_facts_out(driver: WebDriver, tmp_path: Path) -> None:
    open_page(driver, _page(tmp_path))
    text = _open_edge_panel(driver, "seversTiesWith")
    for absent in ("Independent origins", "Credibility", "Likelihood", "Hedge", "Role"):
        assert absent not in text
    assert "undefined" not in text and "null" not in text


def test_actors_without_relations_hidden_until_asked(driver: WebDriver, tmp_path: Path) -> None:
    open_page(driver, _page(tmp_path))
    assert f"{ID}alone" not in _shown(driver, "nodes")
    toggle = driver.find_element(By.ID, "isolated-toggle")
    assert "Show 1 actor without relations" in toggle.text
    driver.find_element(By.ID, "show-isolated").click()
    assert f"{ID}alone" in _shown(driver, "nodes")
    driver.find_element(By.ID, "show-isolated").click()
    assert f"{ID}alone" not in _shown(driver, "nodes")


def test_node_click_highlights_its_neighbourhood(driver: WebDriver, tmp_path: Path) -> None:
    open_page(driver, _page(tmp_path))
    x, y = driver.execute_script(
        f"kgNetwork.fit({{animation: false}}); kgNetwork.redraw();"
        f"const p = kgNetwork.canvasToDOM(kgNetwork.getPositions(['{ID}wagner'])['{ID}wagner']);"
        "return [p.x, p.y];"
    )
    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, round(x - canvas.size["width"] / 2), round(y - canvas.size["height"] / 2)
    ).click().perform()
    assert driver.execute_script("return document.body.dataset.focus") == f"{ID}wagner"
    opacity = driver.execute_script(
        "return Object.fromEntries(kgData.nodes.get().map((n) => [n.label, n.opacity]))"
    )
    # Wagner and its one neighbour stay lit; everyone else dims.
    assert opacity["Wagner Group"] == 1 and opacity["Niger junta"] == 1
    assert opacity["France"] < 1 and opacity["Mohamed Bazoum"] < 1
    driver.find_element(By.ID, "neighbourhood-only").click()
    assert _shown(driver, "nodes") == sorted([f"{ID}wagner", f"{ID}junta"])
    assert _relations_shown(driver) == ["requestsAidFrom"]
    driver.find_element(By.ID, "neighbourhood-clear").click()
    assert len(_shown(driver, "nodes")) == 5
    assert driver.execute_script("return document.body.dataset.focus") is None


def test_large_graph_labels_come_with_the_zoom(driver: WebDriver, tmp_path: Path) -> None:
    count = LARGE_GRAPH + 60
    nodes = [ViewNode(f"{ID}n{i:04d}", f"Actor {i}", "State") for i in range(count)]
    # A hub linked to everyone: it is the one most connected actor, labelled at once.
    edges = [ViewEdge(nodes[0].id, nodes[i].id, "meetsWith", 0.5) for i in range(1, count)]
    page = tmp_path / "labels.html"
    page.write_text(render_viewer(nodes, edges, []))
    open_page(driver, page)
    shown = """
        const s = kgNetwork.getScale(), t = kgNetwork.body.nodes;
        return [t[arguments[0]].options.font.size * s, t[arguments[1]].options.font.size * s];
    """
    hub, last = nodes[0].id, nodes[-1].id
    tiers = driver.execute_script(
        "return [kgData.nodes.get(arguments[0]).labelTier, kgData.nodes.get(arguments[1]).labelTier]",
        hub,
        last,
    )
    assert tiers == [0, 2]
    hub_px, last_px = driver.execute_script(shown, hub, last)
    # vis-network draws a label only from drawThreshold - 1 = 8 px on screen.
    assert hub_px == pytest.approx(14, abs=0.5) and last_px < 8
    driver.execute_script(
        "kgNetwork.moveTo({scale: kgNetwork.getScale() * 7, animation: false});"
        "kgNetwork.body.emitter.emit('zoom', {});"
    )
    WebDriverWait(driver, 5).until(
        lambda d: d.execute_script(shown, hub, last)[1] >= 8  # type: ignore[no-any-return]
    )
