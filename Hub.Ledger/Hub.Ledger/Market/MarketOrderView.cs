namespace Hub.Ledger.Market;

/// <summary>One of the hub's orders (at most one per interval: the contract lets a meter trade once per interval).</summary>
/// <param name="Interval">The delivery interval.</param>
/// <param name="Start">Its start (UTC).</param>
/// <param name="End">Its end.</param>
/// <param name="Side"><c>sell</c> or <c>buy</c>.</param>
/// <param name="EnergyWh">Energy offered or bid for.</param>
/// <param name="PricePerKwh">The limit price per kWh in <see cref="MarketStatusView.Currency"/>.</param>
/// <param name="PriceWeiPerWh">The same on chain, wei per Wh (decimal string).</param>
/// <param name="Origin"><c>agent</c> (from the policy) or <c>homeowner</c> (<c>POST /api/market/offers</c>).</param>
/// <param name="State">
/// <c>queued</c> (to be placed), <c>placed</c>, <c>skipped</c> (not placed before its gate: never placed late),
/// <c>unfilled</c> (cleared without a match), <c>filled</c> (matched, delivery to be proven), <c>settled</c> (every
/// trade paid or refunded).
/// </param>
/// <param name="Reason">Why, in words (the forecast, why it was skipped…).</param>
/// <param name="OrderId">The contract's order id (decimal string), once placed.</param>
/// <param name="PlaceTx">The transaction that placed it.</param>
/// <param name="FilledWh">Energy matched by the clearing.</param>
/// <param name="ClearingPricePerKwh">The interval's uniform price.</param>
/// <param name="MeasuredWh">The grid meter's counter delta over the interval as proven on chain.</param>
/// <param name="ProofTx">The transaction that proved it.</param>
public sealed record MarketOrderView(
    long Interval,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Side,
    long EnergyWh,
    decimal PricePerKwh,
    string PriceWeiPerWh,
    string Origin,
    string State,
    string? Reason,
    string? OrderId,
    string? PlaceTx,
    long? FilledWh,
    decimal? ClearingPricePerKwh,
    long? MeasuredWh,
    string? ProofTx);
