// The viewer's timeline strip: one mark per dated event, a brush to pick a date range
// and a Reset. viewer.js calls kgTimelineStrip with what it needs; this file is inlined
// just before it, in the same script element. Text reaches the DOM as text only.
"use strict";
function kgTimelineStrip({ marks: rawMarks, edgesById, nodesById, hiddenEdges, plural, dateFrom, dateTo, applyFilters }) {
  const strip = document.getElementById("timeline-strip");
  const rangeText = document.getElementById("timeline-range");
  // The SVG namespace, from the empty <svg> the page ships (no URL in this script).
  const SVG = strip.firstElementChild.namespaceURI;
  const DAY = 86400000;
  const PAD = 12;
  const LANE = 9;
  const toDay = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
  const toIso = (day) => new Date(Math.round(day) * DAY).toISOString().slice(0, 10);
  const marks = rawMarks.map((m) => ({ ...m, a: toDay(m.span[0]), b: toDay(m.span[1]) }));
  const lo = marks.length ? Math.min(...marks.map((m) => m.a)) - 1 : 0;
  const hi = marks.length ? Math.max(...marks.map((m) => m.b)) + 2 : 1;
  let width = 0;
  const x = (day) => PAD + ((day - lo) / (hi - lo)) * Math.max(1, width - 2 * PAD);
  const dayAt = (px) => lo + ((px - PAD) / Math.max(1, width - 2 * PAD)) * (hi - lo);

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function markTitle(m) {
    const e = edgesById.get(m.edge);
    return `${m.date} (${m.precision}) · ${nodesById.get(e.from).label} ${e.relation} ` +
      `${nodesById.get(e.to).label} · ${plural(m.reports, "report")}`;
  }

  let brush = null; // {x0, x1} in pixels while dragging
  function draw(from, to) {
    width = strip.clientWidth;
    const root = svg("svg", { role: "img", "aria-label": `${plural(marks.length, "event")} on the timeline` });
    if (!marks.length) {
      root.append(svg("text", { x: PAD, y: 30, class: "empty" }, "No dated events in this graph"));
    } else {
      root.append(svg("line", { x1: PAD, x2: width - PAD, y1: 40, y2: 40, class: "axis" }));
      const ticks = Math.min(6, Math.max(2, Math.round(hi - lo)));
      for (let i = 0; i <= ticks; i += 1) {
        const day = lo + ((hi - lo) * i) / ticks;
        const anchor = i === 0 ? "start" : i === ticks ? "end" : "middle";
        root.append(svg("text", { x: x(day), y: 52, class: "tick", "text-anchor": anchor }, toIso(day)));
      }
      // Marks that overlap in time stack in lanes, so each stays visible.
      const laneEnds = [];
      for (const m of marks) {
        const left = x(m.a);
        const w = Math.max(3, x(m.b + 1) - left);
        let lane = laneEnds.findIndex((end) => end <= left);
        if (lane < 0 || lane > 3) lane = laneEnds.length < 4 ? laneEnds.length : 3;
        laneEnds[lane] = left + w + 1;
        const inRange = (!from || m.span[1] >= from) && (!to || m.span[0] <= to);
        const rect = svg("rect", {
          x: left, y: 32 - LANE * (lane + 1), width: w, height: LANE - 2,
          class: inRange && !hiddenEdges.get(m.edge) ? "mark" : "mark out", "data-edge": m.edge,
        });
        rect.append(svg("title", {}, markTitle(m)));
        root.append(rect);
      }
      const b = brush || (from || to ? { x0: from ? x(toDay(from)) : PAD, x1: to ? x(toDay(to) + 1) : width - PAD } : null);
      if (b) {
        const left = Math.min(b.x0, b.x1);
        root.append(svg("rect", { x: left, y: 0, width: Math.abs(b.x1 - b.x0), height: 42, class: "brush" }));
      }
    }
    strip.replaceChildren(root);
    const inRange = marks.filter((m) => (!from || m.span[1] >= from) && (!to || m.span[0] <= to));
    rangeText.textContent = from || to
      ? `${from || "…"} – ${to || "…"} · ${inRange.length} of ${plural(marks.length, "event")}`
      : plural(marks.length, "event");
  }

  function setRange(from, to) {
    dateFrom.value = from || "";
    dateTo.value = to || "";
    applyFilters();
  }

  const pointX = (event) => event.clientX - strip.getBoundingClientRect().left;
  strip.addEventListener("pointerdown", (event) => {
    if (!marks.length || event.button !== 0) return;
    strip.setPointerCapture(event.pointerId);
    brush = { x0: pointX(event), x1: pointX(event) };
  });
  strip.addEventListener("pointermove", (event) => {
    if (!brush) return;
    brush.x1 = pointX(event);
    draw(dateFrom.value, dateTo.value);
  });
  strip.addEventListener("pointerup", (event) => {
    if (!brush) return;
    const b = brush;
    brush = null;
    b.x1 = pointX(event);
    if (Math.abs(b.x1 - b.x0) < 3) { draw(dateFrom.value, dateTo.value); return; }
    const a = Math.floor(dayAt(Math.min(b.x0, b.x1)));
    const z = Math.floor(dayAt(Math.max(b.x0, b.x1)));
    setRange(toIso(a), toIso(z));
  });
  document.getElementById("timeline-reset").addEventListener("click", () => setRange("", ""));
  window.addEventListener("resize", () => draw(dateFrom.value, dateTo.value));
  return { draw, setRange };
}
