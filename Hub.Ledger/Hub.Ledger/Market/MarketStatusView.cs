namespace Hub.Ledger.Market;

/// <summary>The trading agent's state.</summary>
/// <param name="State">
/// <c>not-configured</c> (no chain or no <c>energyMarket</c> in the deployment file: the market cannot be reached),
/// <c>starting</c>, <c>trading</c> (the last pass reached the market), <c>offline</c> (the chain cannot be reached:
/// orders that miss their gate are skipped), <c>error</c> (reachable but refusing; see <paramref name="Error"/>).
/// </param>
/// <param name="Mode">The policy: <c>Off</c>, <c>Sell</c>, <c>Buy</c> or <c>Both</c> (<c>Market:Mode</c>).</param>
/// <param name="Meter">The grid meter that trades (<c>Market:Meter</c>).</param>
/// <param name="Contract">The EnergyMarket's address.</param>
/// <param name="IntervalSeconds">Delivery interval length.</param>
/// <param name="GateClosureSeconds">The contract's gate: orders close this long before their interval starts.</param>
/// <param name="NextInterval">The next interval whose orders can still be placed.</param>
/// <param name="NextIntervalStart">Its start.</param>
/// <param name="NextOrderDeadline">When orders for it are no longer sent (gate closure plus <c>Market:OrderLeadSeconds</c>).</param>
/// <param name="Currency">The currency of every price and amount shown (the tariff's).</param>
/// <param name="Error">The last failure in words; null once a pass succeeds.</param>
/// <param name="ErrorAt">When it happened.</param>
/// <param name="LastPassAt">When a pass last reached the market.</param>
/// <param name="Totals">Earnings and savings over every settled trade.</param>
public sealed record MarketStatusView(
    string State,
    string Mode,
    string? Meter,
    string? Contract,
    int IntervalSeconds,
    int? GateClosureSeconds,
    long NextInterval,
    DateTimeOffset NextIntervalStart,
    DateTimeOffset NextOrderDeadline,
    string Currency,
    string? Error,
    DateTimeOffset? ErrorAt,
    DateTimeOffset? LastPassAt,
    MarketTotalsView Totals);
