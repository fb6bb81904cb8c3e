namespace Hub.Ledger.Market;

/// <summary>
/// The P2P market as the homeowner's pages and <c>/api/market/*</c> see it (docs/market.md "The hub's agent"): the
/// agent's state, the hub's own orders and trades (from the hub's store, so they show while the chain is away), the
/// open book as last read from the chain, and the homeowner's own orders.
/// </summary>
public interface IMarketView
{
    MarketStatusView Status();

    /// <summary>The hub's orders, newest interval first, those of intervals before <paramref name="beforeInterval"/> when given.</summary>
    IReadOnlyList<MarketOrderView> Orders(long? beforeInterval, int limit);

    /// <summary>The hub's cleared trades (one per matched bid/offer pair), newest interval first.</summary>
    IReadOnlyList<MarketTradeView> Trades(long? beforeInterval, int limit);

    /// <summary>The books of the intervals still open or being delivered, as last read from the chain.</summary>
    MarketBookView Book();

    /// <summary>
    /// Queues the homeowner's own order for an interval; the agent places it on its next pass, before the gate closes,
    /// or skips it (never late).
    /// </summary>
    /// <exception cref="MarketRequestException">The request is invalid (bad side, energy, price, interval) or the market cannot take it now.</exception>
    Task<MarketOrderView> RequestOrderAsync(MarketOrderRequest request, CancellationToken cancellationToken);
}
