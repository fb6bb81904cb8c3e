// The homeowner's bills: GET /api/bills, newest first, each with its lines and the links that trace them.
"use strict";

(() => {
  const list = document.getElementById("bills");
  const empty = document.getElementById("bills-empty");
  const error = document.getElementById("bills-error");
  const more = document.getElementById("bills-more");
  let next = null;

  const { el } = window.dom;

  const money = (amount, currency) => {
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount);
    } catch {
      return `${amount} ${currency}`;
    }
  };

  const when = (iso, zone) => {
    try {
      return new Date(iso).toLocaleString(undefined, { timeZone: zone, dateStyle: "medium", timeStyle: "short" });
    } catch {
      return iso;
    }
  };

  const link = (href, text) => el("a", { href }, text);

  function lineRow(bill, line) {
    const what = [line.kind === "standing-charge" ? "Standing charge" : `${line.kind === "export" ? "Feed-in" : "Import"} · ${line.band}`];
    const row = el("tr", { "data-line-kind": line.kind, "data-estimated": String(line.estimated) });
    const label = el("td", {}, ...what);
    if (line.estimated) label.append(" ", el("span", { class: "badge estimate", title: `estimated across ${line.estimateReason}` }, `estimated (${line.estimateReason})`));
    const trace = el("td", { class: "trace" });
    if (line.readings) trace.append(link(line.readings, `readings ${line.firstReadingId}–${line.lastReadingId}`));
    for (const height of [...new Set([line.firstBlockHeight, line.lastBlockHeight].filter((h) => h !== null))]) {
      trace.append(" ", link(`/api/blocks/${height}`, `block ${height}`));
    }
    row.append(
      label,
      el("td", {}, line.meterId ?? "—"),
      el("td", {}, `${when(line.from, bill.timeZone)} – ${when(line.to, bill.timeZone)}`),
      el("td", { class: "num" }, `${line.quantity} ${line.unit}`),
      el("td", { class: "num" }, money(line.unitPrice, bill.currency)),
      el("td", { class: "num", "data-field": "amount" }, money(line.amount, bill.currency)),
      trace,
    );
    return row;
  }

  // The settlement on chain (docs/ledger.md "On chain"): the status, why a bill is not settled on chain, and the
  // settling transaction's hash as text (no explorer link: the hub does not know which explorer, if any, fits the chain).
  function settlementLine(bill) {
    const line = el("p", { class: "note hash", "data-field": "settlement" }, "On chain: ",
      el("span", { "data-field": "settlementStatus" }, bill.settlementStatus ?? "not-on-chain"));
    if (bill.settlementReason) line.append(` (${bill.settlementReason})`);
    if (bill.settlementTx) line.append(" · tx ", el("code", { "data-field": "settlementTx" }, bill.settlementTx));
    return line;
  }

  function billCard(bill) {
    const card = el("article", { class: "bill", "data-bill": bill.id, "data-kind": bill.kind });
    const title = bill.kind === "credit-note" ? `Credit note ${bill.id} for ${bill.refers}` : `Bill ${bill.id}`;
    const status = bill.creditedBy ? `credited by ${bill.creditedBy}, replaced by ${bill.replacedBy ?? "—"}` : bill.refers && bill.kind === "bill" ? `replaces ${bill.refers}` : "issued";
    card.append(
      el("header", {},
        el("h3", {}, title),
        el("span", { class: "badge", "data-field": "status" }, status)),
      el("p", { class: "note" }, `${when(bill.periodStart, bill.timeZone)} – ${when(bill.periodEnd, bill.timeZone)} (${bill.timeZone}) · issued ${when(bill.issuedAt, bill.timeZone)}`),
    );
    const table = el("table", {},
      el("thead", {}, el("tr", {}, ...["Line", "Meter", "Period", "Quantity", "Unit price", "Amount", "From"].map((h) => el("th", { scope: "col" }, h)))));
    const body = el("tbody");
    for (const line of bill.lines) body.append(lineRow(bill, line));
    table.append(body, el("tfoot", {}, el("tr", {},
      el("th", { scope: "row", colspan: "5" }, "Total"),
      el("td", { class: "num", "data-field": "total" }, money(bill.total, bill.currency)),
      el("td"))));
    card.append(
      el("div", { class: "table-wrap" }, table),
      el("p", { class: "note hash" }, "Hash ", el("code", {}, bill.hash), " · ", link(`/api/bills/${encodeURIComponent(bill.id)}`, "JSON")),
      settlementLine(bill),
    );
    return card;
  }

  async function load() {
    error.hidden = true;
    const url = next === null ? "/api/bills?limit=20" : `/api/bills?limit=20&before=${next}`;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const page = await response.json();
      for (const bill of page.items) list.append(billCard(bill));
      next = page.next;
      more.hidden = next === null;
      empty.hidden = list.childElementCount > 0;
    } catch (e) {
      error.textContent = `Could not load the bills: ${e.message}`;
      error.hidden = false;
    }
  }

  more.addEventListener("click", load);
  load();
})();
