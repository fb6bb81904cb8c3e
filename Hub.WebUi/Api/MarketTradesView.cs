using Hub.Ledger.Market;

namespace Hub.WebUi.Api;

/// <summary>The answer of <c>GET /api/market/trades</c>: the totals over every settled trade and a page of cleared trades.</summary>
/// <param name="Totals">Sold and earned, bought and paid, and both against the tariff, in the tariff's currency.</param>
/// <param name="Items">The hub's cleared trades, newest interval first.</param>
/// <param name="Next">Pass as <c>before</c> for older trades; null on the last page.</param>
public sealed record MarketTradesView(MarketTotalsView Totals, IReadOnlyList<MarketTradeView> Items, long? Next);
