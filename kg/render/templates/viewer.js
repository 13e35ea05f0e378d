// The kg viewer: reads the graph from #kg-data, draws it with vis-network and wires the
// filters, the search and the side panel.
//
// Labels, sentences and titles come from news articles, so they are untrusted: text
// reaches the DOM only as Text nodes or textContent, links only with an http(s) href,
// and vis-network gets tooltips as DOM elements (it would parse a string as HTML).
"use strict";
(function () {
  window.kgReady = false;
  const data = JSON.parse(document.getElementById("kg-data").textContent);

  const nodesById = new Map(data.nodes.map((n) => [n.id, n]));
  const edgesById = new Map(data.edges.map((e) => [e.id, e]));
  const edgesByNode = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    edgesByNode.get(e.from).push(e);
    if (e.to !== e.from) edgesByNode.get(e.to).push(e);
  }
  const classStyles = new Map(data.classes.map((c) => [c.name, c]));
  const relationStyles = new Map(data.relations.map((r) => [r.name, r]));
  const articleTitles = new Map(data.articles.map((a) => [a.id, a.title]));
  // id -> hidden by the filters (everything starts shown); node and edge ids may overlap.
  const hiddenNodes = new Map();
  const hiddenEdges = new Map();
  // Timeline marks by edge; the ids "show neighbourhood only" keeps (null: everyone).
  const marksByEdge = new Map();
  for (const m of data.timeline) {
    if (!marksByEdge.has(m.edge)) marksByEdge.set(m.edge, []);
    marksByEdge.get(m.edge).push(m);
  }
  let onlyIds = null;
  const isolatedCount = data.nodes.filter((n) => n.degree === 0).length;

  // ---- DOM helpers: the only way this script makes elements -----------------------

  // el("li", {className: "x", text: "..."}, [child, "text"]); strings become Text nodes.
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    }
    node.append(...(children || []));
    return node;
  }

  function externalLink(url) {
    // A hostile "javascript:" IRI must not become a live link.
    if (!/^https?:\/\//i.test(url)) return document.createTextNode(url);
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url });
  }

  function glyph(cls) {
    const style = classStyles.get(cls);
    const span = el("span", { className: "glyph", text: style.glyph, "aria-hidden": "true" });
    span.style.color = style.color;
    return span;
  }

  function swatch(color, dashed) {
    const span = el("span", { className: dashed ? "swatch dashed" : "swatch", "aria-hidden": "true" });
    span.style.borderTopColor = color;
    return span;
  }

  function facts(rows) {
    const dl = el("dl");
    for (const [term, value] of rows) {
      if (value === null || value === undefined || value === "") continue;
      dl.append(el("dt", { text: term }), el("dd", {}, [value]));
    }
    return dl;
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const percent = (x) => Number(x).toFixed(2);
  const status = document.getElementById("status");
  const setStatus = (text) => { status.textContent = text; };

  // ---- vis-network ---------------------------------------------------------------

  function nodeTooltip(n) {
    const tip = el("div", {}, [
      el("div", { className: "tip-title" }, [glyph(n.cls), " ", n.label]),
      el("div", { text: n.cls }),
    ]);
    if (n.altLabels.length) {
      const shown = n.altLabels.slice(0, 8).join(", ");
      const more = n.altLabels.length > 8 ? ` and ${n.altLabels.length - 8} more` : "";
      tip.append(el("div", { text: `Also: ${shown}${more}` }));
    }
    if (n.wikidata) tip.append(el("div", {}, ["Wikidata: ", externalLink(n.wikidata)]));
    tip.append(el("div", { className: "muted", text: `${plural(n.degree, "relation")} · click for details` }));
    return tip;
  }

  function edgeTooltip(e) {
    return el("div", {}, [
      el("div", { className: "tip-title" }, [
        nodesById.get(e.from).label, ` ${e.relation} `, nodesById.get(e.to).label,
      ]),
      el("div", { text: `confidence ${percent(e.confidence)}` }),
      el("div", { className: "muted", text: `${plural(e.evidence.length, "sentence")} · click to read` }),
    ]);
  }

  const nodes = new vis.DataSet(data.nodes.map((n) => ({ ...n, title: nodeTooltip(n) })));
  const edges = new vis.DataSet(data.edges.map((e) => ({ ...e, title: edgeTooltip(e) })));
  const network = new vis.Network(document.getElementById("graph"), { nodes, edges }, data.options);
  window.kgNetwork = network;
  window.kgData = { nodes, edges };

  function markReady() {
    if (window.kgReady) return;
    window.kgReady = true;
    // Milliseconds from navigation start: what the benchmark reports as time to ready.
    window.kgReadyAt = performance.now();
    document.body.dataset.ready = "true";
  }

  // Lay out once, then freeze: a graph that keeps moving is hard to read and keeps the
  // CPU busy. Nodes arrive with their positions; a small graph stabilises from them
  // first, a large one is final as it is. Ready means frozen and drawn, which is what
  // browser tests and the benchmark wait for.
  function settle() {
    network.setOptions({ physics: false });
    applyFilters();
    fitShown();
    setLabelTiers();
    network.once("afterDrawing", markReady);
    network.redraw();
  }

  function fitShown() {
    const shown = data.nodes.filter((n) => !hiddenNodes.get(n.id)).map((n) => n.id);
    network.fit({ nodes: shown.length ? shown : undefined, animation: false });
    if (overviewScale !== null) setLabelTiers(true);
  }

  // Labels appear as you zoom: on a large graph only the most connected actors (tier 0)
  // are labelled at the overview, tier 1 from 2.5 times closer, the rest from 6 times.
  // A shown label is drawn at 14 px whatever the zoom; a tier not yet due gets a font
  // below vis-network's drawThreshold, which skips it. Sizes follow the zoom in steps
  // of 15%, a moment after the wheel stops: each change re-measures every label.
  const TIER_ZOOM = [1, 2.5, 6];
  let overviewScale = null;
  let labelStep = null;
  let labelTimer = null;
  function setLabelTiers(force) { // force: after a fit; a neighbourhood alone is labelled whole
    if (!data.large) return;
    const scale = network.getScale();
    if (!(scale > 0)) return;
    if (overviewScale === null) overviewScale = scale;
    const step = Math.round(Math.log(scale / overviewScale) / Math.log(1.15));
    if (step === labelStep && !force) return;
    labelStep = step;
    const at = overviewScale * 1.15 ** step;
    const sizes = TIER_ZOOM.map((z) => (at >= overviewScale * z * 0.99 ? 14 / at : 1 / at));
    const tier = (n) => (onlyIds !== null && onlyIds.has(n.id) ? 0 : n.labelTier);
    nodes.update(data.nodes.map((n) => ({ id: n.id, font: { size: sizes[tier(n)] } })));
  }
  network.on("zoom", () => {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(() => { setLabelTiers(); network.redraw(); }, 120);
  });

  const physicsOn = data.options.physics.enabled && data.nodes.length > 0;
  if (physicsOn) {
    network.on("stabilizationProgress", (p) => {
      setStatus(`Laying out… ${Math.round((100 * p.iterations) / p.total)}%`);
    });
    network.once("stabilizationIterationsDone", settle);
  }

  // ---- filters -------------------------------------------------------------------

  // One list of checkboxes with All / None buttons; returns a reader of what is ticked.
  function checklist(id, rows) {
    const list = document.getElementById(id);
    const boxes = rows.map((row) => {
      const box = el("input", { type: "checkbox" });
      box.checked = true;
      box.value = row.value;
      const label = el("label", {}, [
        box, ...row.parts, el("span", { className: "count", text: String(row.count) }),
      ]);
      if (row.hint) label.title = row.hint;
      list.append(el("li", { className: row.count ? "" : "zero" }, [label]));
      return box;
    });
    const setAll = (checked) => () => {
      for (const box of boxes) box.checked = checked;
      applyFilters();
    };
    const all = el("button", { type: "button", text: "All" });
    const none = el("button", { type: "button", text: "None" });
    all.addEventListener("click", setAll(true));
    none.addEventListener("click", setAll(false));
    if (rows.length > 1) list.before(el("div", { className: "list-actions" }, [all, none]));
    list.addEventListener("change", applyFilters);
    return {
      total: boxes.length,
      checked: () => new Set(boxes.filter((b) => b.checked).map((b) => b.value)),
    };
  }

  const classFilter = checklist("class-filter", data.classes.map((c) => ({
    value: c.name, count: c.count, parts: [glyph(c.name), el("span", { className: "name", text: c.name })],
  })));
  const relationFilter = checklist("relation-filter", data.relations.map((r) => ({
    value: r.name,
    count: r.count,
    hint: `${r.family}${r.symmetric ? ", symmetric" : ""}`,
    parts: [swatch(r.color, r.dashed), el("span", { className: "name", text: r.name })],
  })));
  const articleFilter = checklist("article-filter", data.articles.map((a) => ({
    value: a.id,
    count: a.count,
    hint: [a.title, a.source, a.date, a.id].filter(Boolean).join(" · "),
    parts: [el("span", { className: "name", text: a.title || a.id })],
  })));
  const familyLegend = document.getElementById("family-legend");
  for (const f of data.families) familyLegend.append(el("li", {}, [swatch(f.color, f.dashed), " ", f.name]));

  const dateFrom = document.getElementById("date-from");
  const dateTo = document.getElementById("date-to");
  if (data.dates) {
    for (const input of [dateFrom, dateTo]) {
      input.min = data.dates.min;
      input.max = data.dates.max;
    }
  }
  dateFrom.addEventListener("change", applyFilters);
  dateTo.addEventListener("change", applyFilters);
  document.getElementById("date-clear").addEventListener("click", () => {
    dateFrom.value = "";
    dateTo.value = "";
    applyFilters();
  });

  // Actors without relations are hidden at first: on a large corpus they are most of them.
  const isolatedToggle = document.getElementById("show-isolated");
  document.getElementById("isolated-label").textContent =
    `Show ${plural(isolatedCount, "actor")} without relations`;
  if (isolatedCount === 0) document.getElementById("isolated-toggle").hidden = true;
  isolatedToggle.addEventListener("change", applyFilters);

  // Typing in the article box only shortens the list; it does not change the filter.
  const articleSearch = document.getElementById("article-search");
  articleSearch.addEventListener("input", () => {
    const q = articleSearch.value.trim().toLowerCase();
    for (const li of document.getElementById("article-filter").children) {
      li.hidden = q !== "" && !li.textContent.toLowerCase().includes(q) &&
        !(li.firstChild.title || "").toLowerCase().includes(q);
    }
  });

  function applyFilters() {
    const classes = classFilter.checked();
    const relations = relationFilter.checked();
    const articles = articleFilter.checked();
    const from = dateFrom.value;
    const to = dateTo.value;
    const byArticle = articles.size < articleFilter.total;
    const byDate = Boolean(from || to);
    // An evidence date is a span (a year, a month or a day); it is in range if it overlaps.
    const passes = (ev) =>
      (!byArticle || articles.has(ev.article)) &&
      (!byDate || (ev.span !== null && (!from || ev.span[1] >= from) && (!to || ev.span[0] <= to)));
    const classOk = (id) => classes.has(nodesById.get(id).cls);
    const showIsolated = isolatedToggle.checked;
    const kept = (id) => onlyIds === null || onlyIds.has(id);
    // The timeline's marks count too: an event in range shows its edge.
    const markIn = (m) => (!from || m.span[1] >= from) && (!to || m.span[0] <= to);
    const timed = (e) => byDate && !byArticle && (marksByEdge.get(e.id) || []).some(markIn);

    const linked = new Set();
    const edgeChanges = [];
    let edgesShown = 0;
    for (const e of data.edges) {
      // With an article or date filter on, an edge needs evidence that passes it.
      const show = relations.has(e.relation) && classOk(e.from) && classOk(e.to) &&
        kept(e.from) && kept(e.to) &&
        (!(byArticle || byDate) || e.evidence.some(passes) || timed(e));
      if (show) {
        linked.add(e.from);
        linked.add(e.to);
        edgesShown += 1;
      }
      if ((hiddenEdges.get(e.id) || false) === show) edgeChanges.push({ id: e.id, hidden: !show });
      hiddenEdges.set(e.id, !show);
    }
    const nodeChanges = [];
    let nodesShown = 0;
    for (const n of data.nodes) {
      // ...and an actor left with no edge in those articles or dates goes too.
      const show = classOk(n.id) && kept(n.id) && (showIsolated || n.degree > 0) &&
        (!(byArticle || byDate) || linked.has(n.id));
      if (show) nodesShown += 1;
      if ((hiddenNodes.get(n.id) || false) === show) nodeChanges.push({ id: n.id, hidden: !show });
      hiddenNodes.set(n.id, !show);
    }
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    setStatus(`${nodesShown} of ${plural(data.nodes.length, "actor")} · ` +
      `${edgesShown} of ${plural(data.edges.length, "relation")}`);
    timeline.draw(from, to);
  }

  // ---- timeline: one mark per dated event; a brush sets From / To (timeline.js) ----
  const timeline = kgTimelineStrip({
    marks: data.timeline, edgesById, nodesById, hiddenEdges, plural, dateFrom, dateTo, applyFilters,
  });
  window.kgTimeline = timeline;

  // ---- search --------------------------------------------------------------------

  const names = [...new Set(data.nodes.flatMap((n) => [n.label, ...n.altLabels]))];
  names.sort((a, b) => a.localeCompare(b));
  const nameSet = new Set(names);
  document.getElementById("actor-names").append(...names.map((name) => el("option", { value: name })));

  // Best match for a label or alias: the exact name, else a prefix, else any substring;
  // a shorter name wins a tie, so "Iran" finds Iran before "Iranian Navy".
  function findActor(query) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    let best = null;
    let bestRank = null;
    for (const n of data.nodes) {
      for (const name of [n.label, ...n.altLabels]) {
        const s = name.toLowerCase();
        const at = s.indexOf(q);
        if (at < 0) continue;
        const rank = [s === q ? 0 : at === 0 ? 1 : 2, s.length];
        if (!best || rank[0] < bestRank[0] || (rank[0] === bestRank[0] && rank[1] < bestRank[1])) {
          best = n;
          bestRank = rank;
        }
      }
    }
    return best;
  }

  // vis-network animates frame by frame, each frame a full redraw: only small graphs glide.
  const large = data.large;

  function focusActor(id) {
    network.selectNodes([id]);
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.2),
      animation: large ? false : { duration: 400 },
    });
    showNode(id);
    focusNeighbourhood(id);
  }

  const search = document.getElementById("search");
  function runSearch() {
    const found = findActor(search.value);
    if (!found) {
      setStatus(`No actor matches “${search.value.trim()}”`);
      return;
    }
    focusActor(found.id);
    if (hiddenNodes.get(found.id)) setStatus(`${found.label} is hidden by the filters`);
  }
  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runSearch();
  });
  // Picking a name from the datalist arrives as an input event with the whole name.
  search.addEventListener("input", () => {
    if (nameSet.has(search.value)) runSearch();
  });

  // ---- side panel ----------------------------------------------------------------

  const panel = document.getElementById("panel");
  const panelHint = panel.firstElementChild;

  function nodeButton(id) {
    const button = el("button", { type: "button", className: "link", text: nodesById.get(id).label });
    button.addEventListener("click", () => focusActor(id));
    return button;
  }

  function edgeButton(e) {
    const button = el("button", { type: "button", className: "link", text: plural(e.evidence.length, "sentence") });
    button.addEventListener("click", () => {
      network.selectEdges([e.id]);
      showEdge(e.id);
    });
    return button;
  }

  function showNode(id) {
    const n = nodesById.get(id);
    const sections = [];
    const byRelation = new Map();
    for (const e of edgesByNode.get(id)) {
      if (!byRelation.has(e.relation)) byRelation.set(e.relation, []);
      byRelation.get(e.relation).push(e);
    }
    for (const relation of [...byRelation.keys()].sort()) {
      const style = relationStyles.get(relation);
      // Outgoing first, then incoming, each by neighbour label.
      const rows = byRelation.get(relation).map((e) => {
        const out = e.from === id;
        const other = out ? e.to : e.from;
        return { e, out, other, key: `${out ? 0 : 1}${nodesById.get(other).label}` };
      });
      rows.sort((a, b) => a.key.localeCompare(b.key));
      const list = el("ul", { className: "relations" }, rows.map(({ e, out, other }) => {
        const arrow = style.symmetric ? "↔" : out ? "→" : "←";
        const li = el("li", {}, [`${arrow} `, nodeButton(other), " · ", edgeButton(e)]);
        if (hiddenEdges.get(e.id)) li.append(el("span", { className: "muted", text: " (filtered out)" }));
        return li;
      }));
      sections.push(el("h3", {}, [swatch(style.color, style.dashed), " ", relation]), list);
    }
    panel.replaceChildren(
      el("h2", {}, [glyph(n.cls), " ", n.label]),
      facts([
        ["Class", n.cls],
        ["Also known as", n.altLabels.join(", ")],
        ["Wikidata", n.wikidata ? externalLink(n.wikidata) : null],
        ["IRI", n.id],
      ]),
      ...(sections.length ? sections : [el("p", { className: "hint", text: "No relations." })]),
    );
  }

  // "3 (AP, Reuters)": how many independent origins say it, and which.
  function originsText(e) {
    const count = e.independentSources ?? (e.origins.length || null);
    if (count === null || count === undefined) return null;
    return e.origins.length ? `${count} (${e.origins.join(", ")})` : String(count);
  }

  function credibilityText(e) {
    const grade = el("span", { className: "credibility", text: String(e.credibility) });
    return el("span", {}, e.credibilityMeaning ? [grade, ` — ${e.credibilityMeaning}`] : [grade]);
  }

  // "former, from 2021-04-02 to 2023-07-26"; nothing without a status or dates.
  function roleText(ev) {
    const dates = [ev.validFrom ? `from ${ev.validFrom}` : "", ev.validTo ? `to ${ev.validTo}` : ""]
      .filter(Boolean).join(" ");
    const text = [ev.roleStatus, dates].filter(Boolean).join(", ");
    return text || null;
  }

  function showEdge(id) {
    const e = edgesById.get(id);
    const items = e.evidence.map((ev) => el("li", {}, [
      el("blockquote", { text: ev.sentence }),
      facts([
        ["Article", ev.articleTitle || articleTitles.get(ev.article) || ev.article],
        ["Source", ev.source],
        ["Original source", ev.origin],
        ["Date", ev.date],
        ["Likelihood", ev.likelihood],
        ["Hedge", ev.hedge ? `“${ev.hedge}”` : null],
        ["Role", roleText(ev)],
        ["Confidence", percent(ev.confidence)],
        ["Speaker", ev.speaker],
        ["Extractor", ev.extractor],
      ]),
      el("div", { className: "muted", text: ev.article }),
    ]));
    panel.replaceChildren(
      el("h2", {}, [nodeButton(e.from), ` ${e.relation} `, nodeButton(e.to)]),
      facts([
        ["Family", e.family],
        ["Confidence", percent(e.confidence)],
        ["Independent origins", originsText(e)],
        ["Credibility", e.credibility ? credibilityText(e) : null],
        ["Evidence", plural(e.evidence.length, "sentence")],
      ]),
      el("ul", { className: "evidence-list" }, items),
    );
  }

  // ---- neighbourhood: clicking an actor lights it and its neighbours, dims the rest;
  // the bar over the graph offers that neighbourhood alone, and everyone again.
  const bar = document.getElementById("neighbourhood-bar");
  const DIM_NODE = { background: "#eeeeee", border: "#cccccc" };
  let focused = null;

  function neighbourhood(id) {
    const ids = new Set([id]);
    for (const e of edgesByNode.get(id)) {
      if (hiddenEdges.get(e.id)) continue;
      ids.add(e.from);
      ids.add(e.to);
    }
    return ids;
  }

  function paint(ids) {
    nodes.update(data.nodes.map((n) => ({
      id: n.id,
      color: ids === null || ids.has(n.id) ? n.color : { ...DIM_NODE, highlight: DIM_NODE, hover: DIM_NODE },
      opacity: ids === null || ids.has(n.id) ? 1 : 0.35,
    })));
    edges.update(data.edges.map((e) => {
      const lit = ids === null || (ids.has(e.from) && ids.has(e.to) && (e.from === focused || e.to === focused));
      return { id: e.id, color: lit ? e.color : { color: "#e4e4e4", highlight: "#e4e4e4", hover: "#e4e4e4" } };
    }));
  }

  function focusNeighbourhood(id) {
    focused = id;
    const ids = neighbourhood(id);
    paint(ids);
    document.body.dataset.focus = id;
    document.getElementById("neighbourhood-name").textContent =
      `${nodesById.get(id).label}: ${plural(ids.size - 1, "neighbour")}`;
    bar.hidden = false;
  }

  function clearFocus() {
    if (focused === null && onlyIds === null) return;
    focused = null;
    delete document.body.dataset.focus;
    paint(null);
    bar.hidden = true;
    if (onlyIds !== null) {
      onlyIds = null;
      applyFilters();
      fitShown();
    }
  }

  document.getElementById("neighbourhood-only").addEventListener("click", () => {
    if (focused === null) return;
    onlyIds = neighbourhood(focused);
    applyFilters();
    fitShown();
  });
  document.getElementById("neighbourhood-clear").addEventListener("click", clearFocus);

  network.on("click", (params) => {
    if (params.nodes.length) {
      showNode(params.nodes[0]);
      focusNeighbourhood(params.nodes[0]);
    } else if (params.edges.length) showEdge(params.edges[0]);
    else {
      panel.replaceChildren(panelHint);
      if (onlyIds === null) clearFocus();
    }
  });
  window.kgFocus = { focusNeighbourhood, clearFocus };

  // ---- panning a large graph ------------------------------------------------------

  // Redrawing thousands of edges for every mouse move makes a drag stutter. So on a
  // large graph the page slides the picture already drawn with a CSS transform while the
  // pointer is down, and vis-network redraws once, at the new view, on release.
  if (large) {
    const canvas = document.querySelector("#graph canvas");
    let pan = null;
    canvas.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || !event.isPrimary) return;
      const box = canvas.getBoundingClientRect();
      // Pressing on an actor drags the actor, as vis-network does by itself.
      if (network.getNodeAt({ x: event.clientX - box.left, y: event.clientY - box.top }) !== undefined) return;
      pan = { x: event.clientX, y: event.clientY, dx: 0, dy: 0 };
    });
    window.addEventListener("pointermove", (event) => {
      if (!pan) return;
      pan.dx = event.clientX - pan.x;
      pan.dy = event.clientY - pan.y;
      canvas.style.transform = `translate(${pan.dx}px, ${pan.dy}px)`;
    });
    const endPan = () => {
      if (!pan) return;
      const { dx, dy } = pan;
      pan = null;
      if (dx === 0 && dy === 0) return;
      const scale = network.getScale();
      const view = network.getViewPosition();
      // Drop the transform in the same frame as the redraw, so the picture never jumps.
      network.once("afterDrawing", () => { canvas.style.transform = ""; });
      network.moveTo({ position: { x: view.x - dx / scale, y: view.y - dy / scale }, scale, animation: false });
    };
    window.addEventListener("pointerup", endPan);
    window.addEventListener("pointercancel", endPan);
  }

  // Everything is wired; a page with no physics to run is ready once drawn.
  if (data.nodes.length === 0) {
    setStatus("No actors yet");
    markReady();
  } else if (!physicsOn) {
    settle();
  }
})();
