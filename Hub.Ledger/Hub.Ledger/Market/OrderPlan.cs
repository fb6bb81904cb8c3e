namespace Hub.Ledger.Market;

/// <summary>What the agent will place for one delivery interval, and why.</summary>
/// <param name="Interval">The delivery interval the orders are for.</param>
/// <param name="SellWh">Energy offered (whole Wh), or 0.</param>
/// <param name="MinPricePerKwh">The offer's minimum price.</param>
/// <param name="BuyWh">Energy bid for (whole Wh), or 0.</param>
/// <param name="MaxPricePerKwh">The bid's maximum price.</param>
/// <param name="ForecastNetExportWh">The forecast the orders come from (net export; negative means a shortfall).</param>
/// <param name="Reason">In words, for the market page and the log.</param>
public sealed record OrderPlan(long Interval, long SellWh, decimal MinPricePerKwh, long BuyWh, decimal MaxPricePerKwh, double? ForecastNetExportWh, string Reason)
{
    public bool IsEmpty => SellWh == 0 && BuyWh == 0;
}
