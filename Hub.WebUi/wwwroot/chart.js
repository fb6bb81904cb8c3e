// SmartMeter live page: today's power of one meter as a small SVG chart, from GET /api/series (step minute).
// Plain JavaScript and SVG, nothing fetched from outside the hub. Refreshes every 30 s.
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const WIDTH = 600;
  const HEIGHT = 160;
  const PAD = 28;
  const select = document.getElementById("chart-meter");
  const svg = document.getElementById("chart");
  const note = document.getElementById("chart-note");
  if (!select || !svg || !note) {
    return;
  }

  function el(name, attributes) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, String(value));
    }
    return node;
  }

  function startOfTodayUtc() {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  }

  function draw(series) {
    svg.replaceChildren();
    const points = series.points.filter((p) => p.value !== null);
    note.textContent = points.length === 0
      ? "No power readings today yet."
      : `${points.length} minutes with readings today (UTC); the line is the average power of each minute.`;
    if (points.length === 0) {
      return;
    }

    const t0 = Date.parse(series.from);
    const t1 = Date.parse(series.to);
    const values = points.map((p) => p.value);
    const low = Math.min(0, ...values);
    const high = Math.max(1, ...values);
    const x = (t) => PAD + ((t - t0) / Math.max(1, t1 - t0)) * (WIDTH - 2 * PAD);
    const y = (v) => HEIGHT - PAD - ((v - low) / (high - low)) * (HEIGHT - 2 * PAD);
    svg.append(el("line", { x1: PAD, y1: y(0), x2: WIDTH - PAD, y2: y(0), class: "axis" }));
    const label = el("text", { x: 2, y: PAD - 8, class: "axis-label" });
    label.textContent = `${Math.round(high)} W`;
    svg.append(label);
    const line = points.map((p) => `${x(Date.parse(p.start)).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
    svg.append(el("polyline", { points: line, class: "series" }));
    for (const p of points) {
      const dot = el("circle", { cx: x(Date.parse(p.start)).toFixed(1), cy: y(p.value).toFixed(1), r: 2, class: "point" });
      dot.setAttribute("data-chart-point", p.start);
      const title = el("title", {});
      title.textContent = `${new Date(p.start).toISOString().slice(11, 16)} UTC: ${Math.round(p.value)} W`;
      dot.append(title);
      svg.append(dot);
    }
  }

  async function refresh() {
    const meter = select.value;
    if (!meter) {
      return;
    }

    const query = new URLSearchParams({ meter, quantity: "powerW", step: "minute", from: startOfTodayUtc().toISOString() });
    try {
      const response = await fetch(`/api/series?${query}`, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (!response.ok) {
        note.textContent = `The chart could not be loaded (HTTP ${response.status}).`;
        return;
      }
      draw(await response.json());
    } catch {
      note.textContent = "The chart could not be loaded; the hub is not reachable.";
    }
  }

  async function start() {
    try {
      const response = await fetch("/api/meters", { headers: { Accept: "application/json" }, cache: "no-store" });
      const meters = response.ok ? await response.json() : [];
      for (const m of meters) {
        const option = document.createElement("option");
        option.value = m.id;
        option.textContent = m.id;
        select.append(option);
      }
    } catch {
      note.textContent = "The chart could not be loaded; the hub is not reachable.";
      return;
    }

    select.addEventListener("change", refresh);
    await refresh();
    setInterval(refresh, 30000);
  }

  start();
})();
