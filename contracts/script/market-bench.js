#!/usr/bin/env node
// Renders the figures of `forge script --isolate script/EnergyMarketBench.s.sol` (lines "market-bench <label> <value>" on
// stdin) as the `market` section of docs/benchmarks.md, replacing that section only (as bench/Hub.Bench's
// BenchmarksDoc does). Usage: forge script … | node script/market-bench.js <benchmarks.md> "<machine line>"
"use strict";
const fs = require("fs");

const [out, machine] = process.argv.slice(2);
const input = fs.readFileSync(0, "utf8");
const figures = {};
for (const line of input.split("\n")) {
  const m = line.match(/market-bench (\S+) (\d+)/);
  if (m) (figures[m[1]] ||= []).push(Number(m[2]));
}
const one = (label) => {
  if (!figures[label]) {
    console.error(`market bench: no figure '${label}' in forge's output:\n${input}`);
    process.exit(1);
  }
  return figures[label][0];
};
const n = (v) => v.toLocaleString("en-US");
const BLOCK = 30_000_000; // anvil's default block gas limit (Ethereum mainnet's is higher since 2025)

const sizes = Object.keys(figures)
  .filter((k) => k.startsWith("clear-gas-"))
  .map((k) => Number(k.slice("clear-gas-".length)))
  .sort((a, b) => a - b);
const rows = sizes.map((size) => {
  const gas = one(`clear-gas-${size}`);
  const fits = gas <= BLOCK ? "yes" : "**no**";
  return `| ${n(size)} | ${n(one(`clear-filled-${size}`))} | ${n(gas)} | ${n(Math.round(gas / size))} | ${fits} |`;
});
const proveCalldata = figures["prove-calldata-gas"][0]; // settlement() runs before settlementSigned()
const tradeTotal = one("prove-offer-gas") + one("prove-bid-gas") + one("settle-gas") + one("release-gas");

// The same transactions before issue 16 (run 2026-11-25 15:27 UTC, same forge and solc): proofs of two readings,
// no per-hub order count, no vouched meters. Kept here so that every run shows what the trust model costs.
const before = {
  "first-offer-gas": 172_588, "offer-gas": 156_181, "bid-gas": 162_287, "prove-offer-gas": 90_180,
  "prove-bid-gas": 90_277, "prove-signed-gas": 157_761, "settle-gas": 121_507, "clear-gas-1000": 11_573_168,
  "trade-total": 342_395,
};
const compare = (label, now) => {
  const was = before[label];
  const pct = ((now - was) / was * 100).toFixed(1);
  return `${n(was)} | ${n(now)} | ${now >= was ? "+" : ""}${pct} %`;
};
const when = new Date().toISOString().slice(0, 16).replace("T", " ");
const md = `## Energy market: gas (forge, EnergyMarket.sol)

Run ${when} UTC with \`./smartmeter bench market\`: \`forge script --isolate script/EnergyMarketBench.s.sol\` in forge's
EVM, no chain (${machine}). Gas is deterministic, not a timing: each figure is one transaction's gas as its receipt
would show it (21,000 + calldata + execution, cold storage, less refunds), measured with \`gasleft()\` around a
top-level call, which \`--isolate\` runs as a transaction of its own. Books: half bids (40..100 gwei/Wh), half offers
(1..60 gwei/Wh), 100..5,099 Wh each, placed alternately by two hubs; most cross, so most orders get a fill written.

| transaction | gas |
| --- | ---: |
| place the first offer of an interval (the book's count slot is new) | ${n(one("first-offer-gas"))} |
| place an offer (mean of 25) | ${n(one("offer-gas"))} |
| place a bid, escrow sent (mean of 25) | ${n(one("bid-gas"))} |
| clear an interval of 50 orders | ${n(one("clear-gas-50"))} |
| prove one order's delivery (4 readings: each boundary and the meter's next reading; 14-sibling proofs, ${n(proveCalldata)} of it calldata) | ${n(one("prove-offer-gas"))} (offer), ${n(one("prove-bid-gas"))} (bid) |
| the same with \`requireVouchedMeters\` (each reading's signature by the vouched meter key checked) | ${n(one("prove-signed-gas"))} (offer) |
| settle one trade | ${n(one("settle-gas"))} |
| release a bid's unfilled escrow | ${n(one("release-gas"))} |
| withdraw credits | ${n(one("withdraw-gas"))} |
| a settled 1:1 trade: 2 proofs + settle + release | ${n(tradeTotal)} |

Before and after issue 16 (the trust model: four readings per proof instead of two, a per-hub order count, vouched
meters; "before" is the run of 2026-11-25 with the same tools):

| transaction | before | after | change |
| --- | ---: | ---: | ---: |
| place the first offer of an interval | ${compare("first-offer-gas", one("first-offer-gas"))} |
| place an offer (mean) | ${compare("offer-gas", one("offer-gas"))} |
| place a bid (mean) | ${compare("bid-gas", one("bid-gas"))} |
| prove an offer's delivery | ${compare("prove-offer-gas", one("prove-offer-gas"))} |
| prove a bid's delivery | ${compare("prove-bid-gas", one("prove-bid-gas"))} |
| prove an offer's delivery, signed readings (\`requireMeterSignatures\` → \`requireVouchedMeters\`) | ${compare("prove-signed-gas", one("prove-signed-gas"))} |
| settle one trade | ${compare("settle-gas", one("settle-gas"))} |
| clear 1,000 orders | ${compare("clear-gas-1000", one("clear-gas-1000"))} |
| a settled 1:1 trade: 2 proofs + settle + release | ${compare("trade-total", tradeTotal)} |

Clearing as the book grows (the cap \`maxOrdersPerInterval\` is a constructor parameter, at most
\`MAX_ORDERS_PER_INTERVAL\` = 2,000, which the constructor and \`./smartmeter deploy\` enforce):

| orders | orders filled | clearing gas | gas per order | fits a 30M-gas block |
| ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}

Clearing is one storage read per order, an in-memory sort (n log n compares, cheap next to storage) and one storage
write plus one event per filled order, so it grows about linearly.
`;

const start = "<!-- bench:market:start -->";
const end = "<!-- bench:market:end -->";
const section = `${start}\n${md.trimEnd()}\n${end}`;
const existing = fs.existsSync(out)
  ? fs.readFileSync(out, "utf8")
  : "# Benchmarks\n\nWritten by `./smartmeter bench`; each section is replaced by the run of its suite.\n";
const from = existing.indexOf(start);
const to = from < 0 ? -1 : existing.indexOf(end, from);
const updated = from >= 0 && to >= 0
  ? existing.slice(0, from) + section + existing.slice(to + end.length)
  : existing.trimEnd() + "\n\n" + section + "\n";
fs.writeFileSync(out, updated);
console.log(md);
