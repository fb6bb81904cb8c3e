using Hub.Ledger.Market;

namespace Hub.WebUi.Api;

/// <summary>
/// The answer of <c>GET /api/market/offers</c>: the agent's state, the open book as last read from the chain, and a
/// page of the hub's own orders, newest interval first, with the cursor to older ones.
/// </summary>
/// <param name="Status">The trading agent's state, next interval and totals.</param>
/// <param name="Book">The books of the intervals still open or being delivered.</param>
/// <param name="Items">The hub's orders, newest interval first.</param>
/// <param name="Next">Pass as <c>before</c> for older orders; null on the last page.</param>
public sealed record MarketOffersView(MarketStatusView Status, MarketBookView Book, IReadOnlyList<MarketOrderView> Items, long? Next);
