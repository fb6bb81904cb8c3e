using System.Globalization;

namespace Hub.Ledger.Market;

/// <summary>
/// The trading agent's decision, pure and deterministic: from the grid meter's last complete intervals, forecast the
/// next open interval's net export as their mean (a persistence forecast: a sunny quarter hour is usually followed by
/// another), then offer the surplus above the threshold or bid for the shortfall, within the homeowner's limits.
/// </summary>
public static class OrderPlanner
{
    public static OrderPlan Plan(MarketOptions options, IReadOnlyList<IntervalEnergy> history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(history);
        var intervals = new DeliveryIntervals(options.IntervalSeconds);
        var target = intervals.NextOpen(now, options.OrderLeadSeconds);
        if (options.Mode == MarketMode.Off)
        {
            return new OrderPlan(target, 0, 0, 0, 0, null, "trading is off (Market:Mode).");
        }

        // Only intervals that are over count: the current one is still filling.
        var current = intervals.IndexOf(now);
        var recent = history.Where(h => h.Index < current).OrderByDescending(h => h.Index).Take(options.LookbackIntervals).ToList();
        if (recent.Count == 0)
        {
            return new OrderPlan(target, 0, 0, 0, 0, null, "no complete interval of the grid meter yet to forecast from.");
        }

        var forecast = recent.Average(h => h.NetExportWh);
        var sell = options.Mode.HasFlag(MarketMode.Sell) ? (long)Math.Floor(Math.Max(0, forecast - options.SellThresholdWh)) : 0;
        var buy = options.Mode.HasFlag(MarketMode.Buy) ? (long)Math.Floor(Math.Min(options.MaxBuyWhPerInterval, Math.Max(0, -forecast))) : 0;
        var basis = string.Create(CultureInfo.InvariantCulture, $"forecast net export {forecast:0} Wh (mean of {recent.Count} interval(s))");
        var reason = sell > 0 ? string.Create(CultureInfo.InvariantCulture, $"{basis}: offer {sell} Wh at no less than {options.MinSellPricePerKwh}/kWh.")
            : buy > 0 ? string.Create(CultureInfo.InvariantCulture, $"{basis}: bid for {buy} Wh at no more than {options.MaxBuyPricePerKwh}/kWh.")
            : string.Create(CultureInfo.InvariantCulture, $"{basis}: nothing to trade within the policy.");
        return new OrderPlan(target, sell, sell > 0 ? options.MinSellPricePerKwh : 0, buy, buy > 0 ? options.MaxBuyPricePerKwh : 0, forecast, reason);
    }
}
