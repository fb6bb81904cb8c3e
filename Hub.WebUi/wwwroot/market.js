// The P2P market page: GET /api/market/offers (agent state, open book, own orders) and /api/market/trades (trades,
// totals) every few seconds, and the homeowner's own order through POST /api/market/offers.
"use strict";

(() => {
  const REFRESH_MS = 5000;
  const PAGE = 50;
  const $ = (id) => document.getElementById(id);
  const form = $("order-form");
  let currency = "EUR";
  let ordersLimit = PAGE;
  let tradesLimit = PAGE;
  let timer = null;

  const { el } = window.dom;

  const money = (amount, digits = 2) => {
    if (amount === null || amount === undefined) return "—";
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 6) }).format(amount);
    } catch {
      return `${amount} ${currency}`;
    }
  };
  const perKwh = (price) => (price === null || price === undefined ? "—" : `${money(price)}/kWh`);
  const wh = (value) => (value === null || value === undefined ? "—" : `${Number(value).toLocaleString()} Wh`);
  const when = (iso) => {
    if (!iso) return "—";
    const date = new Date(iso);
    return el("time", { datetime: iso }, date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }));
  };
  const span = (start, end) => {
    const from = new Date(start);
    const text = end
      ? `${from.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" })}–${new Date(end).toLocaleTimeString(undefined, { timeStyle: "short" })}`
      : from.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
    return el("time", { datetime: start }, text);
  };
  // A transaction hash, shortened for the table; the whole hash is in the title and data-value (no explorer link: the
  // hub does not know which explorer, if any, fits the chain).
  const shortHash = (hash) => el("code", { class: "hash", title: `settling transaction ${hash}`, "data-field": "settleTx", "data-value": hash },
    hash.length > 18 ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : hash);
  const set = (id, ...content) => {
    const node = $(id);
    node.replaceChildren(...content.map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
    return node;
  };

  const STATE_NOTES = {
    "not-configured": "The market is not configured: this hub has no chain, or its deployment file names no energyMarket (see docs/market.md). Nothing is traded.",
    starting: "The agent is starting and has not reached the market yet.",
    trading: "Trading: the agent's last pass reached the market.",
    offline: "The chain cannot be reached: orders that miss their gate are skipped, never placed late.",
    error: "The market is reachable but refuses the agent's requests; see the last error.",
  };

  function showStatus(status) {
    currency = status.currency || currency;
    $("market-status").setAttribute("data-state", status.state);
    const state = set("market-state", status.state);
    state.setAttribute("data-state", status.state);
    set("market-state-note", STATE_NOTES[status.state] ?? "");
    set("market-mode", status.mode);
    set("market-meter", status.meter ?? "none");
    const next = set("market-next", `${status.nextInterval} · starts `, when(status.nextIntervalStart));
    next.setAttribute("data-value", String(status.nextInterval));
    set("market-deadline", when(status.nextOrderDeadline));
    set("market-last-pass", status.lastPassAt ? when(status.lastPassAt) : "never");
    const error = set("market-error", ...(status.error ? [status.error, " (", when(status.errorAt), ")"] : ["none"]));
    error.classList.toggle("error", Boolean(status.error));
    set("order-currency", currency);
    $("order-interval").placeholder = `next: ${status.nextInterval}`;
    showTotals(status.totals);
  }

  function showTotals(totals) {
    const field = (id, text, value) => set(id, text).setAttribute("data-value", value === null || value === undefined ? "" : String(value));
    field("totals-sold", wh(totals.soldWh), totals.soldWh);
    field("totals-earned", money(totals.earned), totals.earned);
    field("totals-extra", totals.extraEarnings === null ? "— (no tariff)" : money(totals.extraEarnings), totals.extraEarnings);
    field("totals-bought", wh(totals.boughtWh), totals.boughtWh);
    field("totals-paid", money(totals.paid), totals.paid);
    field("totals-saved", totals.savings === null ? "— (no tariff)" : money(totals.savings), totals.savings);
  }

  function bookInterval(interval) {
    const cleared = !interval.cleared
      ? "open"
      : interval.clearingPricePerKwh === null ? "cleared, nothing matched" : `cleared at ${perKwh(interval.clearingPricePerKwh)}`;
    const article = el("article", { class: "book-interval", "data-book-interval": String(interval.interval), "data-cleared": String(interval.cleared) });
    article.append(el("header", {},
      el("h3", {}, `Interval ${interval.interval} · `, span(interval.start)),
      el("span", { class: "badge", "data-field": "cleared" }, cleared)));
    article.append(el("p", { class: "note" }, "Gate closes ", when(interval.gateClosesAt)));
    const clearing = interval.clearingPricePerKwh;
    if (clearing !== null) article.setAttribute("data-clearing-price", String(clearing));
    const table = el("table", {},
      el("caption", {}, `Bids and offers of interval ${interval.interval}, in time priority`),
      el("thead", {}, el("tr", {}, ...["Side", "Energy", "Price per kWh", "Filled", "Whose"].map((h, i) => el("th", { scope: "col", class: i === 1 || i === 2 || i === 3 ? "num" : null }, h)))));
    const body = el("tbody");
    for (const order of interval.orders) {
      body.append(el("tr", { class: order.own ? "own" : null, "data-order-id": order.orderId, "data-side": order.side, "data-own": String(order.own) },
        el("td", {}, order.side === "sell" ? "offer (sell)" : "bid (buy)"),
        el("td", { class: "num" }, wh(order.energyWh)),
        el("td", { class: "num", "data-value": String(order.pricePerKwh) }, perKwh(order.pricePerKwh)),
        el("td", { class: "num" }, order.filledWh === null ? "—" : wh(order.filledWh)),
        el("td", {}, order.own ? el("strong", { class: "badge own" }, "yours") : "neighbour")));
    }
    if (interval.orders.length === 0) body.append(el("tr", {}, el("td", { colspan: "5", class: "note" }, "No orders.")));
    table.append(body);
    article.append(el("div", { class: "table-wrap" }, table));
    return article;
  }

  function showBook(book) {
    set("book-read", book.readAt ? "As last read from the chain at " : "Not read from the chain yet.", ...(book.readAt ? [when(book.readAt)] : []));
    $("book").replaceChildren(...book.intervals.map(bookInterval));
    $("book-empty").hidden = book.intervals.length > 0;
  }

  function orderRow(order) {
    const reason = el("td", { "data-field": "reason" }, order.reason ?? "");
    return el("tr", { "data-interval": String(order.interval), "data-state": order.state, "data-origin": order.origin, "data-side": order.side, "data-order-id": order.orderId },
      el("th", { scope: "row" }, `${order.interval} · `, span(order.start, order.end)),
      el("td", { "data-field": "side" }, order.side),
      el("td", { class: "num", "data-field": "energyWh" }, wh(order.energyWh)),
      el("td", { class: "num", "data-field": "price", "data-value": String(order.pricePerKwh) }, perKwh(order.pricePerKwh)),
      el("td", { "data-field": "origin" }, order.origin === "homeowner" ? "you" : "agent"),
      el("td", {}, el("span", { class: "badge", "data-field": "state", "data-state": order.state }, order.state)),
      reason,
      el("td", { class: "num", "data-field": "filledWh" }, order.filledWh === null ? "—" : wh(order.filledWh)),
      el("td", { class: "num", "data-field": "clearingPrice" }, perKwh(order.clearingPricePerKwh)),
      el("td", { class: "num", "data-field": "measuredWh" }, order.measuredWh === null ? "—" : wh(order.measuredWh)));
  }

  function tradeRow(trade) {
    const versus = trade.versusTariff;
    return el("tr", { "data-interval": String(trade.interval), "data-side": trade.side, "data-settled": String(trade.settled), "data-bid-id": trade.bidId, "data-offer-id": trade.offerId },
      el("th", { scope: "row" }, `${trade.interval} · `, span(trade.start)),
      el("td", { "data-field": "side" }, trade.side),
      el("td", { class: "num", "data-field": "energyWh" }, wh(trade.energyWh)),
      el("td", { class: "num", "data-field": "price", "data-value": String(trade.pricePerKwh) }, perKwh(trade.pricePerKwh)),
      el("td", { class: "num", "data-field": "deliveredWh" }, trade.deliveredWh === null ? "—" : wh(trade.deliveredWh)),
      el("td", { class: "num", "data-field": "amount", "data-value": trade.amount === null ? "" : String(trade.amount) }, money(trade.amount)),
      el("td", { class: "num", "data-field": "tariffPrice" }, perKwh(trade.tariffPricePerKwh)),
      el("td", { class: "num" + (versus !== null && versus < 0 ? " error" : ""), "data-field": "versusTariff", "data-value": versus === null ? "" : String(versus) }, versus === null ? "—" : money(versus)),
      el("td", { "data-field": "settled" }, trade.settled ? "settled" : "not yet", ...(trade.settleTx ? [" ", shortHash(trade.settleTx)] : [])));
  }

  // The answer's text too: the page is rebuilt only when it changed, so a refresh does not undo a text selection.
  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const text = await response.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: reported below by status
    }
    if (!response.ok || body === null) throw new Error(body?.detail ?? `${url} answered ${response.status}`);
    return { body, text };
  }

  let shown = "";

  async function refresh() {
    clearTimeout(timer);
    try {
      const [offersAnswer, tradesAnswer] = await Promise.all([
        getJson(`/api/market/offers?limit=${ordersLimit}`),
        getJson(`/api/market/trades?limit=${tradesLimit}`),
      ]);
      if (offersAnswer.text + tradesAnswer.text !== shown) show(offersAnswer.body, tradesAnswer.body);
      shown = offersAnswer.text + tradesAnswer.text;
      $("market-load-error").hidden = true;
      const stamp = set("market-refresh", `Updated ${new Date().toLocaleTimeString()}`);
      stamp.setAttribute("data-state", "live");
    } catch (e) {
      set("market-load-error", `Could not load the market: ${e.message}`).hidden = false;
      set("market-refresh", "Cannot reach the hub").setAttribute("data-state", "offline");
    } finally {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  function show(offers, trades) {
    showStatus(offers.status);
    showBook(offers.book);
    $("orders").tBodies[0].replaceChildren(...offers.items.map(orderRow));
    $("orders-empty").hidden = offers.items.length > 0;
    $("orders-more").hidden = offers.next === null || ordersLimit >= 1000;
    showTotals(trades.totals);
    $("trades").tBodies[0].replaceChildren(...trades.items.map(tradeRow));
    $("trades-empty").hidden = trades.items.length > 0;
    $("trades-more").hidden = trades.next === null || tradesLimit >= 1000;
  }

  // Only fields the homeowner filled are sent, as typed: the hub names what is missing or wrong.
  function orderBody() {
    const body = { side: $("order-side").value };
    const number = (id) => {
      const input = $(id);
      if (input.value.trim() === "") return undefined;
      const value = Number(input.value);
      return Number.isFinite(value) ? value : input.value;
    };
    const energy = number("order-energy");
    const price = number("order-price");
    const interval = number("order-interval");
    if (energy !== undefined) body.energyWh = energy;
    if (price !== undefined) body.pricePerKwh = price;
    if (interval !== undefined) body.interval = interval;
    return body;
  }

  const FIELD_INPUTS = { side: "order-side", energyWh: "order-energy", pricePerKwh: "order-price", interval: "order-interval" };

  async function placeOrder(event) {
    event.preventDefault();
    const error = $("order-error");
    const result = $("order-result");
    error.hidden = true;
    result.hidden = true;
    for (const id of Object.values(FIELD_INPUTS)) $(id).removeAttribute("aria-invalid");
    const submit = $("order-submit");
    submit.disabled = true;
    try {
      const response = await window.hubSession.send("/api/market/offers", orderBody());
      const body = await response.json().catch(() => null);
      if (response.status === 202 && body) {
        set("order-result", `Queued: ${body.side} ${wh(body.energyWh)} at ${perKwh(body.pricePerKwh)} for interval ${body.interval} (starts `, when(body.start), `); state ${body.state}.`).hidden = false;
        result.setAttribute("data-interval", String(body.interval));
        await refresh();
      } else {
        error.textContent = body?.detail ?? body?.title ?? `The hub answered ${response.status}.`;
        error.setAttribute("data-status", String(response.status));
        error.hidden = false;
        // The hub names the field: in errors (the body's shape) or as the detail's first word (its values).
        const named = Object.keys(body?.errors ?? {});
        const lead = /^(\w+):/.exec(body?.detail ?? "");
        if (lead) named.push(lead[1]);
        for (const field of named) {
          if (FIELD_INPUTS[field]) $(FIELD_INPUTS[field]).setAttribute("aria-invalid", "true");
        }
      }
    } catch (e) {
      error.textContent = `Could not reach the hub: ${e.message}`;
      error.removeAttribute("data-status");
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }

  form.addEventListener("submit", placeOrder);
  // Only the owner may place orders (they spend the hub's wallet): the form is not there for the other roles.
  window.hubSession.ready.then((session) => {
    if (session.role !== "owner") {
      form.replaceWith(dom.el("p", { id: "order-owner-only", class: "note" }, "Only the hub's owner can place orders."));
    }
  });
  $("orders-more").addEventListener("click", () => { ordersLimit = Math.min(1000, ordersLimit + PAGE); refresh(); });
  $("trades-more").addEventListener("click", () => { tradesLimit = Math.min(1000, tradesLimit + PAGE); refresh(); });
  refresh();
})();
