using System.Text.Json.Serialization;

namespace Hub.WebUi.Api;

/// <summary>
/// The body of <c>POST /api/market/offers</c> as sent. Every field is nullable so that a missing one is named in the
/// 400 answer rather than taken as 0; an unknown field (a typo such as <c>energy</c>) is refused, not ignored.
/// </summary>
/// <param name="Side"><c>sell</c> or <c>buy</c>.</param>
/// <param name="EnergyWh">Whole Wh, 1 to 2^40.</param>
/// <param name="PricePerKwh">The offer's minimum or the bid's maximum price per kWh in the tariff's currency, above 0.</param>
/// <param name="Interval">The delivery interval; absent or null: the next one whose gate is still open.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MarketOrderBody(string? Side, long? EnergyWh, decimal? PricePerKwh, long? Interval);
