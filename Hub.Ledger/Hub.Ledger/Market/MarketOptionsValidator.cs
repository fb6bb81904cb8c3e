using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Market;

/// <summary>Checks the trading policy at start; each error names its key.</summary>
internal sealed class MarketOptionsValidator(MeterCatalog meters) : IValidateOptions<MarketOptions>
{
    public ValidateOptionsResult Validate(string? name, MarketOptions options)
    {
        var errors = new List<string>();
        if (options.IntervalSeconds is < 10 or > 86_400)
        {
            errors.Add($"Market:IntervalSeconds: {options.IntervalSeconds} must be between 10 and 86400 (it must equal the market contract's interval; short ones are for demos and tests).");
        }

        if (options.OrderLeadSeconds < 0 || options.OrderLeadSeconds >= options.IntervalSeconds * 4)
        {
            errors.Add($"Market:OrderLeadSeconds: {options.OrderLeadSeconds} must be 0 or more and below four intervals.");
        }

        if (options.LookbackIntervals is < 1 or > 96)
        {
            errors.Add($"Market:LookbackIntervals: {options.LookbackIntervals} must be between 1 and 96.");
        }

        if (!(options.SellThresholdWh >= 0) || !double.IsFinite(options.SellThresholdWh))
        {
            errors.Add($"Market:SellThresholdWh: {options.SellThresholdWh} must be 0 or more.");
        }

        if (!(options.MaxBuyWhPerInterval >= 0) || !double.IsFinite(options.MaxBuyWhPerInterval))
        {
            errors.Add($"Market:MaxBuyWhPerInterval: {options.MaxBuyWhPerInterval} must be 0 or more.");
        }

        if (options.MinSellPricePerKwh < 0 || options.MaxBuyPricePerKwh < 0)
        {
            errors.Add("Market:MinSellPricePerKwh and Market:MaxBuyPricePerKwh must be 0 or more.");
        }

        if (options.Mode != MarketMode.Off)
        {
            if (string.IsNullOrEmpty(options.Meter))
            {
                errors.Add("Market:Meter: name the meter at the grid connection (its export counter is what is sold).");
            }
            else if (meters.Find(options.Meter) is null)
            {
                errors.Add($"Market:Meter: '{options.Meter}' is not one of the configured Meters.");
            }

            if (options.Mode.HasFlag(MarketMode.Sell) && options.MinSellPricePerKwh <= 0)
            {
                errors.Add("Market:MinSellPricePerKwh: set the lowest price you accept for selling (above 0).");
            }

            if (options.Mode.HasFlag(MarketMode.Buy) && options.MaxBuyPricePerKwh <= 0)
            {
                errors.Add("Market:MaxBuyPricePerKwh: set the highest price you pay for buying (above 0).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
