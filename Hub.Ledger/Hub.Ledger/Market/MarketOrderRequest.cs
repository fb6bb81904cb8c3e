namespace Hub.Ledger.Market;

/// <summary>The homeowner's own order (<c>POST /api/market/offers</c>).</summary>
/// <param name="Side"><c>sell</c> (an offer of the grid meter's export) or <c>buy</c> (a bid for its import).</param>
/// <param name="EnergyWh">Whole Wh, 1 to 2^40.</param>
/// <param name="PricePerKwh">The offer's minimum or the bid's maximum price per kWh, in the tariff's currency (above 0).</param>
/// <param name="Interval">The delivery interval; default the next one whose gate is still open.</param>
public sealed record MarketOrderRequest(string? Side, long EnergyWh, decimal PricePerKwh, long? Interval);
