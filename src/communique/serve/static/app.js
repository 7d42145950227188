/* communique dashboard: one page, four views, state in the URL hash so a view can be shared. */
"use strict";

const DEFAULTS = {
  view: "map", metric: "volume", since: "", until: "", actor: "", cameo_root: "", plover: "",
  quad_class: "", a: "", b: "", period: "month", directed: "", offset: "0", event: "",
};
const FILTER_KEYS = ["since", "until", "actor", "cameo_root", "plover", "quad_class"];
const QUADS = [
  { key: "verbal_coop", label: "Verbal cooperation", color: "#7cb7e8" },
  { key: "material_coop", label: "Material cooperation", color: "#2f7fd6" },
  { key: "verbal_conflict", label: "Verbal conflict", color: "#f0a04b" },
  { key: "material_conflict", label: "Material conflict", color: "#d9463e" },
];
const LAND = "#212b36";
const PAGE = 50;

let state = { ...DEFAULTS };
let meta = null;
let world = null;
let renderToken = 0;

const $ = (sel) => document.querySelector(sel);
const fmt1 = d3.format("+.1f");
const fmtInt = d3.format(",");
// Conflict red, neutral slate, cooperation blue: a neutral that reads on a dark page.
const goldsteinColor = d3.scaleDiverging([-7, 0, 7],
  d3.interpolateRgbBasis(["#ff5a4f", "#b8453d", "#5a6674", "#2f78c8", "#69b8ff"])).clamp(true);

// ---- state <-> URL ------------------------------------------------------------------------

function readHash() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  state = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    if (params.has(key)) state[key] = params.get(key);
  }
}

function hashOf(s) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(s)) {
    if (value !== DEFAULTS[key] && value !== "") params.set(key, value);
  }
  return "#" + params.toString();
}

function setState(patch, { push = true } = {}) {
  state = { ...state, ...patch };
  const hash = hashOf(state);
  if (hash !== location.hash) history[push ? "pushState" : "replaceState"](null, "", hash);
  render();
}

function filterQuery() {
  const q = {};
  for (const key of FILTER_KEYS) if (state[key]) q[key] = state[key];
  return q;
}

// ---- API ----------------------------------------------------------------------------------

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v != null) query.set(k, v);
  const url = path + (query.toString() ? "?" + query : "");
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) {
    const detail = Array.isArray(body.detail)
      ? body.detail.map((d) => `${d.loc[d.loc.length - 1]}: ${d.msg}`).join("; ")
      : body.detail;
    throw new Error(detail || response.statusText);
  }
  return body;
}

function showError(error) {
  $("#error").textContent = error ? String(error.message || error) : "";
}

const nameOf = (code) => (meta && meta.names[code]) || code || "—";

// ---- rendering ----------------------------------------------------------------------------

async function render() {
  const token = ++renderToken;
  const current = () => token === renderToken;
  syncControls();
  showError(null);
  try {
    const tasks = [renderSummary(current)];
    if (state.view === "map") tasks.push(renderMap(current));
    if (state.view === "graph") tasks.push(renderGraph(current));
    if (state.view === "timeline") tasks.push(renderTimeline(current));
    if (state.view === "events") tasks.push(renderEvents(current));
    tasks.push(renderDetail(current));
    await Promise.all(tasks);
    if (current()) document.body.dataset.ready = state.view;
  } catch (error) {
    if (current()) showError(error);
  }
}

function syncControls() {
  document.body.dataset.ready = "";
  for (const a of document.querySelectorAll("#tabs a")) {
    a.classList.toggle("active", a.dataset.view === state.view);
    a.href = hashOf({ ...state, view: a.dataset.view, offset: "0" });
  }
  for (const view of document.querySelectorAll(".view")) {
    view.classList.toggle("active", view.id === "view-" + state.view);
  }
  const form = $("#filters");
  for (const key of FILTER_KEYS) form.elements[key].value = state[key];
  for (const b of document.querySelectorAll("#metric button")) {
    b.classList.toggle("active", b.dataset.metric === state.metric);
  }
  $("#period").value = state.period;
  $("#directed").checked = state.directed === "1";
}

async function renderSummary(current) {
  const s = await api("/api/summary", filterQuery());
  if (!current()) return;
  const range = s.first_date ? `${s.first_date} → ${s.last_date}` : "no dated events";
  $("#summary").innerHTML = `<b>${fmtInt(s.events)}</b> events · <b>${fmtInt(s.documents)}</b> ` +
    `documents · <b>${s.countries}</b> countries · ${range}`;
}

// ---- map ----------------------------------------------------------------------------------

async function loadWorld() {
  if (world) return world;
  const [topo, codes] = await Promise.all([
    fetch("/vendor/countries-110m.json").then((r) => r.json()),
    fetch("/vendor/iso-codes.json").then((r) => r.json()),
  ]);
  const alpha3 = new Map(codes.map(([, a3, numeric]) => [numeric, a3]));
  const features = topojson.feature(topo, topo.objects.countries).features;
  for (const f of features) f.code = alpha3.get(f.id) || null;
  world = { features, byCode: new Map(features.filter((f) => f.code).map((f) => [f.code, f])) };
  return world;
}

/* The centroid of a country's largest polygon, so France's arc starts in France, not the
   Atlantic between it and French Guiana. */
function mainCentroid(feature, projection) {
  const g = feature.geometry;
  let polygon = g;
  if (g.type === "MultiPolygon") {
    let best = -1;
    for (const coords of g.coordinates) {
      const candidate = { type: "Polygon", coordinates: coords };
      const area = d3.geoArea(candidate);
      if (area > best) { best = area; polygon = candidate; }
    }
  }
  return projection(d3.geoCentroid(polygon));
}

function arcPath(p0, p1, bend = 0.22) {
  const [x0, y0] = p0, [x1, y1] = p1;
  const mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
  // Bend to the left of the direction of travel, so A->B and B->A do not overlap.
  const cx = mx + (y1 - y0) * bend, cy = my - (x1 - x0) * bend;
  return `M${x0},${y0} Q${cx},${cy} ${x1},${y1}`;
}

async function renderMap(current) {
  const [geo, volumes, dyads] = await Promise.all([
    loadWorld(), api("/api/countries", filterQuery()),
    api("/api/dyads", { ...filterQuery(), limit: 15 }),
  ]);
  if (!current()) return;
  const svg = d3.select("#map");
  const width = svg.node().clientWidth || 900;
  // Natural Earth is about twice as wide as high; size the map to its panel's width.
  const height = Math.round(width * 0.5);
  svg.style("height", height + "px");
  svg.attr("viewBox", `0 0 ${width} ${height}`).selectAll("*").remove();
  const projection = d3.geoNaturalEarth1().fitExtent([[6, 6], [width - 6, height - 6]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const byCode = new Map(volumes.map((v) => [v.code, v]));
  const maxEvents = d3.max(volumes, (v) => v.events) || 1;
  const volumeColor = d3.scaleSequentialSqrt([0, maxEvents],
    // Teal, so the red/blue arcs stay legible over the busiest countries.
    d3.interpolateRgbBasis(["#163a3c", "#1b625e", "#23907f", "#4cc0a0", "#a6ecd0"]));
  const fillOf = (code) => {
    const v = byCode.get(code);
    if (!v) return LAND;
    if (state.metric === "goldstein") return v.goldstein_mean == null ? LAND : goldsteinColor(v.goldstein_mean);
    return volumeColor(v.events);
  };

  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  svg.append("path").attr("class", "graticule").attr("d", path(d3.geoGraticule10()));
  svg.append("g").selectAll("path").data(geo.features).join("path")
    .attr("class", (f) => "country" + (f.code && f.code === state.actor ? " selected" : ""))
    .attr("d", path)
    .attr("data-code", (f) => f.code || "")
    .attr("data-events", (f) => (byCode.get(f.code) || { events: 0 }).events)
    .attr("fill", (f) => fillOf(f.code))
    .on("mousemove", (event, f) => {
      const v = byCode.get(f.code);
      tooltip(event, `<b>${f.properties.name}</b>${f.code ? ` (${f.code})` : ""}<br>` + (v
        ? `${fmtInt(v.events)} events · mean Goldstein ${v.goldstein_mean == null ? "—" : fmt1(v.goldstein_mean)}`
        : "no events"));
    })
    .on("mouseleave", () => tooltip(null))
    .on("click", (event, f) => {
      if (f.code) setState({ actor: state.actor === f.code ? "" : f.code, offset: "0" });
    });

  const maxDyad = d3.max(dyads, (d) => d.events) || 1;
  const widthOf = d3.scaleSqrt([1, maxDyad], [1.5, 7]);
  const arcs = dyads.filter((d) => d.source !== d.target && geo.byCode.has(d.source) && geo.byCode.has(d.target))
    .map((d) => ({ ...d, p0: mainCentroid(geo.byCode.get(d.source), projection),
                   p1: mainCentroid(geo.byCode.get(d.target), projection) }));
  const layer = svg.append("g");
  // A dark halo under each arc keeps it readable where it crosses a bright country.
  layer.selectAll("path.halo").data(arcs.slice().reverse()).join("path")
    .attr("class", "halo").attr("fill", "none").attr("stroke", "#0d1117").attr("opacity", 0.7)
    .attr("stroke-width", (d) => widthOf(d.events) + 2.5).attr("d", (d) => arcPath(d.p0, d.p1))
    .attr("pointer-events", "none");
  const openDyad = (d) => setState({ view: "timeline", a: d.source, b: d.target, offset: "0", directed: "" });
  layer.selectAll("path.arc").data(arcs.slice().reverse()).join("path")
    .attr("class", "arc")
    .attr("d", (d) => arcPath(d.p0, d.p1))
    .attr("stroke", (d) => goldsteinColor(d.goldstein_mean ?? 0))
    .attr("stroke-width", (d) => widthOf(d.events))
    .attr("data-source", (d) => d.source).attr("data-target", (d) => d.target)
    .on("mousemove", (event, d) => tooltip(event, dyadTip(d)))
    .on("mouseleave", () => tooltip(null))
    .on("click", (event, d) => { tooltip(null); openDyad(d); });
  layer.selectAll("circle").data(arcs).join("circle")
    .attr("cx", (d) => d.p1[0]).attr("cy", (d) => d.p1[1])
    .attr("r", (d) => widthOf(d.events) / 2 + 1.5)
    .attr("fill", (d) => goldsteinColor(d.goldstein_mean ?? 0)).attr("pointer-events", "none");

  mapLegend(state.metric === "goldstein" ? null : volumeColor, maxEvents);
  dyadTable(dyads, openDyad);
}

function dyadTip(d) {
  return `<b>${nameOf(d.source)} → ${nameOf(d.target)}</b><br>${fmtInt(d.events)} events · ` +
    `mean Goldstein ${d.goldstein_mean == null ? "—" : fmt1(d.goldstein_mean)}<br>` +
    QUADS.map((q) => `${q.label}: ${d[q.key]}`).join("<br>");
}

function gradientLegend(el, color, domain, labels, title) {
  const w = 180, id = "grad-" + el.id;
  const stops = d3.range(0, 1.01, 0.1).map((t) => `<stop offset="${t * 100}%" stop-color="${color(domain[0] + t * (domain[1] - domain[0]))}"/>`).join("");
  el.innerHTML = `<div>${title}</div><svg width="${w}" height="24"><defs><linearGradient id="${id}">${stops}</linearGradient></defs>` +
    `<rect width="${w}" height="9" fill="url(#${id})" rx="2"/>` +
    `<text x="0" y="22" fill="currentColor">${labels[0]}</text>` +
    `<text x="${w / 2}" y="22" fill="currentColor" text-anchor="middle">${labels[1]}</text>` +
    `<text x="${w}" y="22" fill="currentColor" text-anchor="end">${labels[2]}</text></svg>`;
}

function mapLegend(volumeColor, maxEvents) {
  const el = $("#map-legend");
  if (volumeColor) {
    gradientLegend(el, volumeColor, [0, maxEvents], [0, fmtInt(Math.round(maxEvents / 4)), fmtInt(maxEvents)], "Events (either side)");
  } else {
    gradientLegend(el, goldsteinColor, [-7, 7], ["≤ −7 conflict", "0", "cooperation ≥ +7"], "Mean Goldstein score");
  }
}

function dyadTable(dyads, openDyad) {
  const body = d3.select("#dyad-table tbody");
  body.selectAll("tr").remove();
  if (!dyads.length) {
    body.append("tr").append("td").attr("colspan", 5).attr("class", "empty").text("No dyads match the filters.");
    return;
  }
  const rows = body.selectAll("tr").data(dyads).join("tr")
    .attr("data-source", (d) => d.source).attr("data-target", (d) => d.target)
    .on("click", (event, d) => openDyad(d));
  rows.append("td").html((d) => `<span class="code">${d.source}</span><span class="name">${nameOf(d.source)}</span>`);
  rows.append("td").attr("class", "dim").text("→");
  rows.append("td").html((d) => `<span class="code">${d.target}</span><span class="name">${nameOf(d.target)}</span>`);
  rows.append("td").attr("class", "num").text((d) => fmtInt(d.events));
  rows.append("td").attr("class", "num gs").style("color", (d) => goldsteinColor(d.goldstein_mean ?? 0))
    .text((d) => (d.goldstein_mean == null ? "—" : fmt1(d.goldstein_mean)));
}

// ---- relations graph ----------------------------------------------------------------------

async function renderGraph(current) {
  const data = await api("/api/graph", filterQuery());
  if (!current()) return;
  const svg = d3.select("#graph");
  const width = svg.node().clientWidth || 900, height = svg.node().clientHeight || 640;
  svg.attr("viewBox", `0 0 ${width} ${height}`).selectAll("*").remove();
  const legend = $("#graph-legend");
  gradientLegend(legend, goldsteinColor, [-7, 7], ["≤ −7 conflict", "0", "cooperation ≥ +7"], "Mean Goldstein score");
  if (!data.nodes.length) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .attr("fill", "#8b98a8").text("No relations match the filters.");
    return;
  }
  const nodes = data.nodes.map((n) => ({ ...n }));
  const links = data.edges.map((e) => ({ ...e }));
  const radius = d3.scaleSqrt([0, d3.max(nodes, (n) => n.events)], [4, 24]);
  const stroke = d3.scaleSqrt([1, d3.max(links, (l) => l.events) || 1], [1.2, 6]);
  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((n) => n.id).distance(120).strength(0.35))
    .force("charge", d3.forceManyBody().strength(-420))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("x", d3.forceX(width / 2).strength(0.06)).force("y", d3.forceY(height / 2).strength(0.08))
    .force("collide", d3.forceCollide((n) => radius(n.events) + 16))
    .stop();
  // A fixed number of ticks gives the same layout on every load (and in screenshots).
  for (let i = 0; i < 320; i++) simulation.tick();
  const clamp = (n) => {
    const r = radius(n.events) + 4;
    n.x = Math.max(r, Math.min(width - r, n.x));
    n.y = Math.max(r, Math.min(height - r, n.y));
  };
  // Spread the settled layout over the panel (uniformly, at most 1.8x) so a small graph
  // does not huddle in the middle; node sizes and labels keep their scale.
  const [x0, x1] = d3.extent(nodes, (n) => n.x), [y0, y1] = d3.extent(nodes, (n) => n.y);
  const pad = 40;
  const k = Math.min(1.8, (width - 2 * pad) / Math.max(1, x1 - x0), (height - 2 * pad) / Math.max(1, y1 - y0));
  for (const n of nodes) {
    n.x = width / 2 + (n.x - (x0 + x1) / 2) * k;
    n.y = height / 2 + (n.y - (y0 + y1) / 2) * k;
  }
  nodes.forEach(clamp);

  const defs = svg.append("defs");
  links.forEach((l, i) => {
    l.marker = "arrow-" + i;
    defs.append("marker").attr("id", l.marker).attr("viewBox", "0 -5 10 10").attr("refX", 9)
      .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9)
      .attr("orient", "auto")
      .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", goldsteinColor(l.goldstein_mean ?? 0));
  });
  const edgePath = (l) => {
    // End the edge at the target node's rim so the arrow head shows.
    const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y;
    const dist = Math.hypot(dx, dy) || 1;
    const r0 = radius(l.source.events), r1 = radius(l.target.events) + 3;
    const p0 = [l.source.x + (dx / dist) * r0, l.source.y + (dy / dist) * r0];
    const p1 = [l.target.x - (dx / dist) * r1, l.target.y - (dy / dist) * r1];
    return arcPath(p0, p1, 0.12);
  };
  const link = svg.append("g").selectAll("path").data(links).join("path")
    .attr("class", "link")
    .attr("data-source", (l) => l.source.id).attr("data-target", (l) => l.target.id)
    .attr("stroke", (l) => goldsteinColor(l.goldstein_mean ?? 0))
    .attr("stroke-width", (l) => stroke(l.events))
    .attr("marker-end", (l) => `url(#${l.marker})`)
    .attr("d", edgePath)
    .on("mousemove", (event, l) => tooltip(event, `<b>${nameOf(l.source.id)} → ${nameOf(l.target.id)}</b><br>` +
      `${fmtInt(l.events)} events · mean Goldstein ${l.goldstein_mean == null ? "—" : fmt1(l.goldstein_mean)}`))
    .on("mouseleave", () => tooltip(null))
    .on("click", (event, l) => {
      tooltip(null);
      setState({ view: "timeline", a: l.source.id, b: l.target.id, offset: "0", directed: "" });
    });
  const node = svg.append("g").selectAll("g").data(nodes).join("g")
    .attr("class", "node").attr("data-code", (n) => n.id)
    .attr("transform", (n) => `translate(${n.x},${n.y})`)
    .on("mousemove", (event, n) => tooltip(event, `<b>${nameOf(n.id)}</b> (${n.id})<br>${fmtInt(n.events)} events · ` +
      `mean Goldstein ${n.goldstein_mean == null ? "—" : fmt1(n.goldstein_mean)}`))
    .on("mouseleave", () => tooltip(null))
    .call(d3.drag()
      .on("drag", (event, n) => {
        n.x = event.x; n.y = event.y; clamp(n);
        node.filter((m) => m === n).attr("transform", `translate(${n.x},${n.y})`);
        link.attr("d", edgePath);
      }));
  node.append("circle").attr("r", (n) => radius(n.events))
    .attr("fill", (n) => goldsteinColor(n.goldstein_mean ?? 0));
  node.append("text").attr("dy", (n) => -radius(n.events) - 4).attr("text-anchor", "middle")
    .text((n) => n.id);
}

// ---- dyad timeline ------------------------------------------------------------------------

async function renderTimeline(current) {
  const volumes = await api("/api/countries", filterQuery());
  if (!current()) return;
  if (!state.a || !state.b) {
    const top = await api("/api/dyads", { ...filterQuery(), limit: 1 });
    if (!current()) return;
    if (!top.length) {
      $("#timeline-title").textContent = "Dyad timeline: no dyads match the filters";
      d3.select("#timeline").selectAll("*").remove();
      return;
    }
    state = { ...state, a: top[0].source, b: top[0].target };
    history.replaceState(null, "", hashOf(state));
  }
  fillDyadSelect("#dyad-a", volumes, state.a);
  fillDyadSelect("#dyad-b", volumes, state.b);
  const query = { ...filterQuery(), a: state.a, b: state.b, period: state.period, directed: state.directed === "1" };
  const [trend, page] = await Promise.all([
    api("/api/trend", query),
    api("/api/events", { ...query, offset: state.offset, limit: 25 }),
  ]);
  if (!current()) return;
  const arrow = trend.directed ? "→" : "⇄";
  $("#timeline-title").textContent = `${trend.a} ${arrow} ${trend.b} · ${nameOf(trend.a)} and ${nameOf(trend.b)} per ${trend.period}`;
  drawTimeline(trend);
  eventTable("#dyad-events", "#dyad-pager", page);
}

function fillDyadSelect(sel, volumes, chosen) {
  const codes = volumes.map((v) => v.code);
  if (chosen && !codes.includes(chosen)) codes.unshift(chosen);
  d3.select(sel).selectAll("option").data(codes).join("option")
    .attr("value", (c) => c).text((c) => `${c} · ${nameOf(c)}`);
  $(sel).value = chosen;
}

function drawTimeline(trend) {
  const svg = d3.select("#timeline");
  const width = svg.node().clientWidth || 900, height = svg.node().clientHeight || 340;
  svg.attr("viewBox", `0 0 ${width} ${height}`).selectAll("*").remove();
  const margin = { top: 24, right: 54, bottom: 30, left: 46 };
  const points = trend.points.filter((p) => p.period);
  const legend = $("#timeline-legend");
  legend.innerHTML = QUADS.map((q) => `<span><i class="swatch" style="background:${q.color}"></i>${q.label}</span>`).join("") +
    `<span><i class="swatch" style="background:#f5f5f5;height:2px;vertical-align:3px"></i>Mean Goldstein (right axis)</span>` +
    `<span><i class="swatch" style="border:2px solid #79c0ff;border-radius:50%"></i>warming / ` +
    `<i class="swatch" style="border:2px solid #ff7b72;border-radius:50%"></i>cooling alert</span>`;
  if (!points.length) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .attr("fill", "#8b98a8").text("No dated events for this dyad under the filters.");
    return;
  }
  // Few periods would make slabs of bars: cap the band at 56px and centre the series.
  const span = Math.min(width - margin.left - margin.right, points.length * 56);
  const left = margin.left + (width - margin.left - margin.right - span) / 2;
  const x = d3.scaleBand(points.map((p) => p.period), [left, left + span]).padding(0.18);
  const maxCount = d3.max(points, (p) => QUADS.reduce((s, q) => s + p[q.key], 0)) || 1;
  const y = d3.scaleLinear([0, maxCount], [height - margin.bottom, margin.top]).nice();
  const yg = d3.scaleLinear([-10, 10], [height - margin.bottom, margin.top]);
  const every = Math.max(1, Math.ceil(points.length / Math.floor((width - 100) / 70)));
  const label = { day: "%Y-%m-%d", week: "%Y-%m-%d", month: "%b %Y", year: "%Y" }[trend.period];
  const tickFormat = d3.utcFormat(label);

  svg.append("g").attr("class", "gridline").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.min(5, maxCount)).tickSize(-(width - margin.left - margin.right)).tickFormat(""));
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues(x.domain().filter((_, i) => i % every === 0))
      .tickFormat((d) => tickFormat(new Date(d + "T00:00:00Z"))));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.min(5, maxCount)).tickFormat(d3.format("d")));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${width - margin.right},0)`)
    .call(d3.axisRight(yg).ticks(5).tickFormat(d3.format("+d")));
  svg.append("text").attr("x", margin.left).attr("y", 10).attr("fill", "#8b98a8").attr("font-size", 11).text("events");
  svg.append("text").attr("x", width - margin.right).attr("y", 10).attr("fill", "#8b98a8").attr("font-size", 11)
    .attr("text-anchor", "middle").text("Goldstein");
  svg.append("line").attr("class", "zero").attr("x1", margin.left).attr("x2", width - margin.right)
    .attr("y1", yg(0)).attr("y2", yg(0));

  const stacked = d3.stack().keys(QUADS.map((q) => q.key))(points);
  svg.append("g").selectAll("g").data(stacked).join("g")
    .attr("fill", (s, i) => QUADS[i].color)
    .selectAll("rect").data((s) => s.map((d) => ({ d, key: s.key }))).join("rect")
    .attr("class", "bar").attr("data-quad", (r) => r.key)
    .attr("x", (r) => x(r.d.data.period)).attr("width", x.bandwidth())
    .attr("y", (r) => y(r.d[1])).attr("height", (r) => Math.max(0, y(r.d[0]) - y(r.d[1])))
    .on("mousemove", (event, r) => tooltip(event, periodTip(r.d.data, trend.period)))
    .on("mouseleave", () => tooltip(null));

  const center = (p) => x(p.period) + x.bandwidth() / 2;
  const line = d3.line().defined((p) => p.goldstein_mean != null).x(center).y((p) => yg(p.goldstein_mean));
  svg.append("path").attr("class", "gline").attr("d", line(points));
  // Dots mark each period on short series; long ones keep the line (and alerts) only.
  const dotted = points.filter((p) => p.goldstein_mean != null && (points.length <= 60 || p.alert));
  svg.append("g").selectAll("circle").data(dotted).join("circle")
    .attr("class", (p) => "gdot" + (p.alert ? " alert " + p.alert : ""))
    .attr("r", (p) => (p.alert ? 5.5 : 3.2)).attr("cx", center).attr("cy", (p) => yg(p.goldstein_mean))
    .on("mousemove", (event, p) => tooltip(event, periodTip(p, trend.period)))
    .on("mouseleave", () => tooltip(null));
}

function periodTip(p, period) {
  return `<b>${p.period}</b> (${period})<br>${p.events} events · mean Goldstein ` +
    `${p.goldstein_mean == null ? "—" : fmt1(p.goldstein_mean)}<br>` +
    QUADS.map((q) => `<i class="swatch" style="display:inline-block;width:8px;height:8px;background:${q.color}"></i> ${q.label}: ${p[q.key]}`).join("<br>") +
    (p.alert ? `<br><b>alert: ${p.alert}</b>` : "");
}

// ---- event tables and detail --------------------------------------------------------------

async function renderEvents(current) {
  const page = await api("/api/events", { ...filterQuery(), offset: state.offset, limit: PAGE });
  if (current()) eventTable("#events-table", "#events-pager", page);
}

function side(code, country, name) {
  const label = name || (country ? nameOf(country) : "");
  return `<span class="code">${code || "—"}</span>${label ? `<span class="name">${escapeHtml(label)}</span>` : ""}`;
}

function eventTable(tableSel, pagerSel, page) {
  const table = d3.select(tableSel);
  table.selectAll("*").remove();
  table.append("thead").append("tr").selectAll("th")
    .data(["Date", "Source", "Event", "Target", "PLOVER", "Quad", "Goldstein", "Conf."]).join("th")
    .attr("class", (h) => (["Goldstein", "Conf."].includes(h) ? "num" : null)).text((h) => h);
  const body = table.append("tbody");
  if (!page.items.length) {
    body.append("tr").append("td").attr("colspan", 8).attr("class", "empty").text("No events match the filters.");
  }
  const rows = body.selectAll("tr.event").data(page.items).join("tr")
    .attr("class", (e) => "event" + (e.id === state.event ? " selected" : ""))
    .attr("data-id", (e) => e.id)
    .on("click", (event, e) => setState({ event: e.id }));
  rows.append("td").attr("class", "code").text((e) => e.date || "undated");
  rows.append("td").html((e) => side(e.source_code, e.source_country, e.source_name));
  rows.append("td").html((e) => `<span class="code">${e.cameo}</span> ${escapeHtml(e.cameo_name || "")}`);
  rows.append("td").html((e) => side(e.target_code, e.target_country, e.target_name));
  rows.append("td").attr("class", "dim").text((e) => e.plover || "—");
  rows.append("td").html((e) => (e.quad_class ? `<span class="quad q${e.quad_class}" title="${QUADS[e.quad_class - 1].label}">${e.quad_class}</span>` : ""));
  rows.append("td").attr("class", "num gs").style("color", (e) => goldsteinColor(e.goldstein ?? 0))
    .text((e) => (e.goldstein == null ? "—" : fmt1(e.goldstein)));
  rows.append("td").attr("class", "num").text((e) => (e.confidence == null ? "—" : e.confidence.toFixed(2)));

  const pager = d3.select(pagerSel);
  pager.selectAll("*").remove();
  const first = page.total ? page.offset + 1 : 0, last = page.offset + page.items.length;
  pager.append("span").text(`${fmtInt(first)}–${fmtInt(last)} of ${fmtInt(page.total)}`);
  pager.append("button").attr("type", "button").attr("class", "ghost").text("‹ Prev")
    .property("disabled", page.offset === 0)
    .on("click", () => setState({ offset: String(Math.max(0, page.offset - page.limit)) }));
  pager.append("button").attr("type", "button").attr("class", "ghost").text("Next ›")
    .property("disabled", last >= page.total)
    .on("click", () => setState({ offset: String(page.offset + page.limit) }));
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/* The sentence as HTML with the source, target and verb marked; overlapping spans keep the
   first (the verb rarely lies inside an actor phrase, but a pronoun target might). */
function markedSentence(e) {
  const marks = ["source", "target", "verb"]
    .map((kind) => ({ kind, span: e.highlight[kind] }))
    .filter((m) => m.span)
    .sort((m, n) => m.span[0] - n.span[0]);
  let html = "", at = 0;
  for (const m of marks) {
    const [start, end] = m.span;
    if (start < at) continue;
    html += escapeHtml(e.sentence.slice(at, start));
    const title = m.kind === "verb" ? `verb: ${e.verb.lemma || ""}` : `${m.kind}: ${e[m.kind].code || ""}`;
    html += `<mark class="${m.kind}" title="${escapeHtml(title)}">${escapeHtml(e.sentence.slice(start, end))}</mark>`;
    at = end;
  }
  return html + escapeHtml(e.sentence.slice(at));
}

function actorFact(s) {
  const parts = [`<span class="code">${s.code || "—"}</span>`];
  if (s.name) parts.push(escapeHtml(s.name));
  else if (s.country) parts.push(escapeHtml(nameOf(s.country)));
  if (s.text) parts.push(`<span class="dim">“${escapeHtml(s.text)}”</span>`);
  return parts.join(" · ");
}

async function renderDetail(current) {
  const drawer = $("#detail");
  if (!state.event) {
    drawer.hidden = true;
    return;
  }
  const e = await api(`/api/events/${encodeURIComponent(state.event)}`);
  if (!current()) return;
  $("#detail-title").innerHTML = `<span class="code">${e.cameo}</span> ${escapeHtml(e.cameo_name || "")}`;
  const loc = e.location ? `${escapeHtml(e.location.name)}${e.location.country ? ` (${e.location.country})` : ""}` : "—";
  const plover = e.plover ? [e.plover, e.plover_mode, e.plover_context].filter(Boolean).join(" / ") : "— (no PLOVER equivalent)";
  const doc = e.url ? `<a href="${escapeHtml(e.url)}" rel="noreferrer">${escapeHtml(e.title || e.doc_id)}</a>` : escapeHtml(e.title || e.doc_id);
  $("#detail-body").innerHTML = `
    <p class="sentence" id="detail-sentence">${markedSentence(e)}</p>
    <div class="keys">
      <span><i class="swatch" style="background:var(--src)"></i>source</span>
      <span><i class="swatch" style="background:var(--tgt)"></i>target</span>
      <span><i class="swatch" style="background:var(--verb)"></i>verb</span>
    </div>
    <dl class="facts">
      <dt>Date</dt><dd>${e.date || "undated"} <span class="dim">(${e.date_precision || "?"}; ${escapeHtml(e.date_basis || "")})</span></dd>
      <dt>Source</dt><dd>${actorFact(e.source)}</dd>
      <dt>Target</dt><dd>${actorFact(e.target)}</dd>
      <dt>Verb</dt><dd>${escapeHtml(e.verb.text || "—")} <span class="dim">(${escapeHtml(e.verb.lemma || "")})</span>${e.negated ? " · <b>negated</b>" : ""}</dd>
      <dt>CAMEO</dt><dd><span class="code">${e.cameo}</span> ${escapeHtml(e.cameo_name || "")}</dd>
      <dt>Quad class</dt><dd>${e.quad_class ? `<span class="quad q${e.quad_class}">${e.quad_class}</span> ${e.quad_class_name}` : "—"}</dd>
      <dt>Goldstein</dt><dd class="gs" style="color:${goldsteinColor(e.goldstein ?? 0)}">${e.goldstein == null ? "—" : fmt1(e.goldstein)}</dd>
      <dt>PLOVER</dt><dd>${escapeHtml(plover)}</dd>
      <dt>Location</dt><dd>${loc}</dd>
      <dt>Coded by</dt><dd><span class="badge ${e.coded_by}" id="coded-by">${e.coded_by}</span></dd>
      <dt>Confidence</dt><dd><span class="meter"><i style="width:${Math.round((e.confidence || 0) * 100)}%"></i></span><span id="confidence">${e.confidence == null ? "—" : e.confidence.toFixed(2)}</span></dd>
      <dt>Document</dt><dd>${doc} <span class="dim">· ${escapeHtml(e.doc_id)} · sentence ${e.sentence_index ?? "?"}${e.published ? ` · published ${e.published}` : ""}</span></dd>
      <dt>Evidence</dt><dd><pre class="evidence">${escapeHtml((e.evidence || "").split("; ").join(";\n"))}</pre></dd>
    </dl>`;
  drawer.hidden = false;
  for (const tr of document.querySelectorAll("tr.event")) tr.classList.toggle("selected", tr.dataset.id === e.id);
}

// ---- tooltip ------------------------------------------------------------------------------

function tooltip(event, html) {
  const tip = $("#tooltip");
  if (!event) { tip.hidden = true; return; }
  tip.innerHTML = html;
  tip.hidden = false;
  const pad = 14, rect = tip.getBoundingClientRect();
  const left = Math.min(event.clientX + pad, window.innerWidth - rect.width - 4);
  const top = Math.min(event.clientY + pad, window.innerHeight - rect.height - 4);
  tip.style.left = left + "px";
  tip.style.top = top + "px";
}

// ---- wiring -------------------------------------------------------------------------------

function option(select, value, text) {
  const o = document.createElement("option");
  o.value = value; o.textContent = text;
  select.appendChild(o);
}

async function init() {
  meta = await api("/api/meta");
  if (!meta.dedup) {
    $("#count-note").textContent = "Bars count every coded record (the server runs with " +
      "--no-dedup: reports of one event are not merged).";
  }
  const form = $("#filters");
  for (const r of meta.cameo_roots) option(form.elements.cameo_root, r.code, `${r.code} ${r.name}`);
  for (const p of meta.plover) option(form.elements.plover, p, p);
  for (const q of meta.quad_classes) option(form.elements.quad_class, q.code, `${q.code} ${q.name}`);
  for (const p of meta.periods) option($("#period"), p, p);
  const codes = $("#actor-codes");
  for (const [code, name] of Object.entries(meta.names)) option(codes, code, name);

  form.addEventListener("change", (event) => {
    const field = event.target;
    if (!FILTER_KEYS.includes(field.name)) return;
    const value = field.name === "actor" ? field.value.trim().toUpperCase() : field.value;
    setState({ [field.name]: value, offset: "0" });
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  $("#reset").addEventListener("click", () => {
    const cleared = Object.fromEntries(FILTER_KEYS.map((k) => [k, ""]));
    setState({ ...cleared, offset: "0" });
  });
  $("#tabs").addEventListener("click", (event) => {
    const view = event.target.dataset && event.target.dataset.view;
    if (!view) return;
    event.preventDefault();
    setState({ view, offset: "0" });
  });
  $("#metric").addEventListener("click", (event) => {
    if (event.target.dataset.metric) setState({ metric: event.target.dataset.metric });
  });
  $("#dyad-a").addEventListener("change", (e) => setState({ a: e.target.value, offset: "0" }));
  $("#dyad-b").addEventListener("change", (e) => setState({ b: e.target.value, offset: "0" }));
  $("#swap").addEventListener("click", () => setState({ a: state.b, b: state.a, offset: "0" }));
  $("#directed").addEventListener("change", (e) => setState({ directed: e.target.checked ? "1" : "", offset: "0" }));
  $("#period").addEventListener("change", (e) => setState({ period: e.target.value, offset: "0" }));
  $("#detail-close").addEventListener("click", () => setState({ event: "" }));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.event) setState({ event: "" });
  });
  window.addEventListener("popstate", () => { readHash(); render(); });
  window.addEventListener("hashchange", () => { readHash(); render(); });
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 200);
  });
  readHash();
  await render();
}

init().catch(showError);
