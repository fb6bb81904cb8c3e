namespace Hub.Ledger.Market;

/// <summary>A cleared trade of one of the hub's orders with a neighbour's.</summary>
/// <param name="Interval">The delivery interval.</param>
/// <param name="Start">Its start (UTC).</param>
/// <param name="Side">The hub's side: <c>sell</c> or <c>buy</c>.</param>
/// <param name="BidId">The bid's order id.</param>
/// <param name="OfferId">The offer's order id.</param>
/// <param name="EnergyWh">Energy matched between the two.</param>
/// <param name="PricePerKwh">The interval's uniform clearing price per kWh.</param>
/// <param name="PriceWeiPerWh">The same on chain.</param>
/// <param name="Settled">Paid and refunded on chain.</param>
/// <param name="DeliveredWh">Energy paid for (proven delivered), once settled.</param>
/// <param name="Amount">What the hub's side earned (sell) or paid (buy) for it, in the currency; once settled.</param>
/// <param name="TariffPricePerKwh">The supplier's export price (sell) or import price at the interval (buy); null without a tariff.</param>
/// <param name="VersusTariff">Earned beyond the export price (sell) or saved against the import price (buy); null without a tariff or before settlement.</param>
/// <param name="SettleTx">The settling transaction.</param>
public sealed record MarketTradeView(
    long Interval,
    DateTimeOffset Start,
    string Side,
    string BidId,
    string OfferId,
    long EnergyWh,
    decimal PricePerKwh,
    string PriceWeiPerWh,
    bool Settled,
    long? DeliveredWh,
    decimal? Amount,
    decimal? TariffPricePerKwh,
    decimal? VersusTariff,
    string? SettleTx);
