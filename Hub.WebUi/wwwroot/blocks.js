// SmartMeter live page, blocks part: the newest sealed blocks with their anchor transaction, and the chain link's
// state from /health. Polled (blocks are sealed every Hub:BlockSeconds and anchored shortly after; not events).
"use strict";

(() => {
  const REFRESH_MS = 3000;
  const LIMIT = 10;
  const byId = (id) => document.getElementById(id);
  const short = (hex) => (hex && hex.length > 18 ? `${hex.slice(0, 10)}…${hex.slice(-6)}` : hex || "–");

  function cell(text, title) {
    const td = document.createElement("td");
    td.textContent = text;
    if (title) td.title = title;
    return td;
  }

  function blockRow(block) {
    const tr = document.createElement("tr");
    tr.dataset.block = String(block.height);
    tr.append(cell(String(block.height)));
    tr.append(cell(new Date(block.sealedAt).toLocaleTimeString(), block.sealedAt));
    const count = cell(String(block.readingCount));
    count.className = "num";
    tr.append(count);
    const root = cell(short(block.merkleRoot), block.merkleRoot);
    root.className = "mono";
    tr.append(root);
    const anchor = cell(block.anchorTx ? short(block.anchorTx) : "not anchored yet", block.anchorTx || "");
    anchor.dataset.field = "anchorTx";
    anchor.dataset.tx = block.anchorTx || "";
    anchor.className = block.anchorTx ? "mono" : "note";
    tr.append(anchor);
    return tr;
  }

  function chainText(chain) {
    if (!chain || chain.status === "not-configured") return "Chain: not configured (blocks are sealed and signed locally).";
    let text = `Chain: ${chain.status}; anchored ${chain.anchoredHeight ?? "?"} of ${chain.localHeight} blocks`;
    if (chain.behindSince) text += `; behind since ${new Date(chain.behindSince).toLocaleString()}`;
    if (chain.lastSyncAt) text += `; last sync ${new Date(chain.lastSyncAt).toLocaleTimeString()}`;
    if (chain.lastError) text += `. ${chain.lastError}`;
    return text;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok && response.status !== 503) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  async function refresh() {
    const body = byId("blocks")?.querySelector("tbody");
    if (!body) return;
    try {
      const [page, health] = await Promise.all([getJson(`/api/blocks?limit=${LIMIT}`), getJson("/health")]);
      body.replaceChildren(...page.items.map(blockRow));
      byId("blocks-empty").hidden = page.items.length > 0;
      const status = byId("chain-status");
      status.textContent = chainText(health.chain);
      status.dataset.status = health.chain ? health.chain.status : "unknown";
    } catch {
      // The main page shows the connection state; the next refresh tries again.
    }
  }

  function start() {
    refresh();
    setInterval(refresh, REFRESH_MS);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
