// SmartMeter live page. Plain JavaScript, no framework and nothing fetched from outside the hub.
// It loads /api/meters, /api/readings and /api/alerts, then follows /api/events (server-sent events) and
// updates values in place. After a reconnect it reloads the lists, because events are not replayed.
"use strict";

(() => {
  const MAX_ROWS = 50;
  const MAX_ALERTS = 50;
  const METER_REFRESH_MS = 30000; // link status changes are not events: re-read them now and then
  const MAX_BACKOFF_MS = 30000;
  const BLOCK_REFRESH_MS = 5000; // sealing is not an event: re-read the newest blocks now and then

  const cards = new Map(); // meter id -> { element, lastId }
  const readings = new Map(); // reading id -> reading
  const alerts = new Map(); // alert id -> alert
  let source = null;
  let backoffMs = 1000;
  let hadError = false;
  let blocks = []; // the newest sealed blocks: { height, firstReadingId, lastReadingId, ... }

  const byId = (id) => document.getElementById(id);
  const field = (card, name) => card.querySelector(`[data-field="${name}"]`);

  // Power keeps the number exactly as the hub sent it (scripts and tests look for it); energy is shown in kWh.
  const formatPower = (w) => (typeof w === "number" ? `${w} W` : "–");
  const kWh = new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const formatEnergy = (wh) => (typeof wh === "number" ? `${kWh.format(wh / 1000)} kWh` : "–");

  function timeElement(iso) {
    const time = document.createElement("time");
    if (!iso) {
      time.textContent = "–";
      return time;
    }
    const date = new Date(iso);
    time.dateTime = iso;
    time.title = iso;
    const today = new Date().toDateString() === date.toDateString();
    time.textContent = today ? date.toLocaleTimeString() : date.toLocaleString();
    return time;
  }

  function setText(element, text, flash) {
    if (element.textContent === text) return;
    element.textContent = text;
    if (flash) {
      element.classList.remove("flash");
      void element.offsetWidth; // restart the animation
      element.classList.add("flash");
    }
  }

  function setConnection(state, text) {
    const el = byId("connection");
    el.dataset.state = state;
    el.textContent = text;
    document.documentElement.dataset.live = state;
  }

  // ---- meter cards ----

  function cardFor(meterId) {
    let card = cards.get(meterId);
    if (card) return card;
    const element = byId("meter-template").content.firstElementChild.cloneNode(true);
    element.dataset.meter = meterId;
    const heading = element.querySelector(".meter-name");
    heading.id = `meter-${meterId}`;
    heading.textContent = meterId;
    element.setAttribute("aria-labelledby", heading.id);
    byId("meters").append(element);
    byId("meters-empty").hidden = true;
    card = { element, lastId: -1 };
    cards.set(meterId, card);
    return card;
  }

  function showStatus(card, status, reason) {
    const badge = field(card.element, "status");
    badge.dataset.status = status;
    setText(badge, status, false);
    const why = field(card.element, "statusReason");
    why.hidden = !(status === "offline" && reason);
    why.textContent = reason ? `Offline: ${reason}` : "";
  }

  function showReadingOnCard(reading, flash) {
    const card = cardFor(reading.meterId);
    if (reading.id < card.lastId) return; // an older reading than the one shown
    card.lastId = reading.id;
    const el = card.element;
    const power = field(el, "powerW");
    setText(power, formatPower(reading.powerW), flash);
    power.dataset.value = reading.powerW ?? "";
    for (const name of ["energyImportWh", "energyExportWh"]) {
      const dd = field(el, name);
      setText(dd, formatEnergy(reading[name]), flash);
      dd.title = typeof reading[name] === "number" ? `${reading[name]} Wh` : "";
      dd.dataset.value = reading[name] ?? "";
    }
    field(el, "timestamp").replaceChildren(timeElement(reading.timestamp));
    el.classList.toggle("invalid", reading.valid === false);
    const invalid = field(el, "invalid");
    invalid.hidden = reading.valid !== false;
    invalid.textContent = reading.valid === false ? `Last reading failed: ${failedChecks(reading).join("; ")}` : "";
  }

  function showMeters(meters) {
    byId("meters-empty").hidden = meters.length > 0 || cards.size > 0;
    for (const meter of meters) {
      const card = cardFor(meter.id);
      card.element.querySelector(".meter-name").textContent = `${meter.id} (${meter.plugin})`;
      showStatus(card, meter.status, meter.statusReason);
      if (meter.lastReading) showReadingOnCard(meter.lastReading, false);
    }
  }

  // ---- readings table ----

  function failedChecks(reading) {
    return (reading.verdicts || []).filter((v) => !v.ok).map((v) => `${v.rule}: ${v.detail}`);
  }

  function row(reading) {
    const tr = document.createElement("tr");
    tr.dataset.readingId = reading.id; // no data-meter here: that attribute marks exactly one card per meter
    tr.classList.toggle("invalid", reading.valid === false);
    const cell = (content, cls) => {
      const td = document.createElement("td");
      if (cls) td.className = cls;
      td.append(content);
      tr.append(td);
      return td;
    };
    cell(timeElement(reading.timestamp));
    cell(reading.meterId);
    cell(formatPower(reading.powerW), "num");
    cell(formatEnergy(reading.energyImportWh), "num");
    cell(formatEnergy(reading.energyExportWh), "num");
    const check = document.createElement("span");
    if (reading.valid === false) {
      check.className = "verdict-bad";
      check.textContent = "✗ invalid";
      const list = document.createElement("ul");
      list.className = "verdicts";
      for (const text of failedChecks(reading)) {
        const li = document.createElement("li");
        li.textContent = text;
        list.append(li);
      }
      cell(check, "check").append(list);
    } else {
      check.className = "verdict-ok";
      check.textContent = "✓ valid";
      cell(check, "check");
    }
    const height = blockHeightOf(reading);
    const block = cell(height === null ? "pending" : `#${height}`, "num block");
    block.dataset.block = height ?? "";
    block.title = height === null ? "not sealed into a block yet" : `sealed in block ${height}`;
    if (height !== null) {
      // The Merkle proof up to the block root (and its anchor), to check with docs/ledger.md's procedure.
      const proof = document.createElement("a");
      proof.href = `/api/readings/${reading.id}/proof`;
      proof.download = `reading-${reading.id}-proof.json`;
      proof.className = "proof";
      proof.textContent = "proof";
      proof.title = "download this reading's Merkle proof (JSON)";
      block.append(" ", proof);
    }
    return tr;
  }

  // ---- blocks ----

  // A reading's block: as the hub sent it, or (for a reading that arrived unsealed) the block whose id range holds it.
  function blockHeightOf(reading) {
    if (typeof reading.blockHeight === "number") return reading.blockHeight;
    const block = blocks.find((b) => b.firstReadingId <= reading.id && reading.id <= b.lastReadingId);
    return block ? block.height : null;
  }

  function showLatestBlock() {
    const el = byId("latest-block");
    const latest = blocks[0];
    el.dataset.height = latest ? latest.height : "";
    el.textContent = latest
      ? `Latest block #${latest.height}: ${latest.readingCount} readings (${latest.invalidCount} invalid), sealed ${new Date(latest.sealedAt).toLocaleString()}.`
      : "No block sealed yet.";
  }

  async function loadBlocks() {
    blocks = (await getJson("/api/blocks?limit=50")).items.sort((a, b) => b.height - a.height);
    showLatestBlock();
    showReadings();
  }

  function showReadings() {
    const newest = [...readings.values()].sort((a, b) => b.id - a.id).slice(0, MAX_ROWS);
    for (const id of readings.keys()) {
      if (!newest.some((r) => r.id === id)) readings.delete(id);
    }
    byId("readings").tBodies[0].replaceChildren(...newest.map(row));
  }

  function addReadings(list) {
    for (const reading of list) readings.set(reading.id, reading);
    showReadings();
  }

  // ---- alerts ----

  function alertItem(alert) {
    const li = document.createElement("li");
    li.dataset.alertId = alert.id;
    li.dataset.kind = alert.kind;
    const kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = alert.kind;
    const parts = [timeElement(alert.at), kind];
    if (alert.meterId) parts.push(`${alert.meterId}: `);
    parts.push(alert.message);
    li.append(...parts);
    return li;
  }

  function addAlerts(list) {
    const list$ = byId("alerts");
    for (const alert of list) {
      if (alerts.has(alert.id)) continue;
      alerts.set(alert.id, alert);
      // Newest first: insert before the first item with a smaller id (live region announces the addition).
      const next = [...list$.children].find((li) => Number(li.dataset.alertId) < alert.id);
      list$.insertBefore(alertItem(alert), next || null);
    }
    while (list$.children.length > MAX_ALERTS) {
      alerts.delete(Number(list$.lastElementChild.dataset.alertId));
      list$.lastElementChild.remove();
    }
    byId("alerts-empty").hidden = alerts.size > 0;
  }

  // ---- loading and live events ----

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }

  async function loadMeters() {
    showMeters(await getJson("/api/meters"));
  }

  async function loadAll() {
    const error = byId("load-error");
    try {
      const [meters, page, alertList] = await Promise.all([
        getJson("/api/meters"),
        getJson(`/api/readings?limit=${MAX_ROWS}`),
        getJson(`/api/alerts?limit=${MAX_ALERTS}`),
      ]);
      showMeters(meters);
      addReadings(page.items);
      addAlerts(alertList.items);
      error.hidden = true;
    } catch (e) {
      error.textContent = `Could not load data from the hub (${e.message}); retrying.`;
      error.hidden = false;
    }
  }

  function onReading(event) {
    const reading = JSON.parse(event.data);
    showReadingOnCard(reading, true);
    const card = cards.get(reading.meterId);
    if (card && field(card.element, "status").dataset.status !== "online") showStatus(card, "online", null);
    addReadings([reading]);
  }

  function onAlert(event) {
    addAlerts([JSON.parse(event.data)]);
  }

  function connect() {
    setConnection(hadError ? "reconnecting" : "connecting", hadError ? "Reconnecting…" : "Connecting…");
    source = new EventSource("/api/events");
    source.addEventListener("open", () => {
      backoffMs = 1000;
      setConnection("live", "Live");
      if (hadError) loadAll(); // catch up on what was missed while disconnected
      hadError = false;
    });
    source.addEventListener("reading", onReading);
    source.addEventListener("alert", onAlert);
    source.addEventListener("error", () => {
      hadError = true;
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the hub answered with an error while restarting): retry ourselves.
        source.close();
        setConnection("offline", `Offline, retrying in ${Math.round(backoffMs / 1000)} s`);
        setTimeout(connect, backoffMs);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      } else {
        setConnection("reconnecting", "Reconnecting…");
      }
    });
  }

  function start() {
    loadAll();
    connect();
    setInterval(() => loadMeters().catch(() => {}), METER_REFRESH_MS);
    loadBlocks().catch(() => {});
    setInterval(() => loadBlocks().catch(() => {}), BLOCK_REFRESH_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
