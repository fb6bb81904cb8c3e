namespace Hub.Ledger.Market;

/// <summary>The <c>Market</c> section of <c>hub.json</c>: the homeowner's trading policy for the P2P market.</summary>
public sealed class MarketOptions
{
    public const string SectionName = "Market";

    public MarketMode Mode { get; set; } = MarketMode.Off;

    /// <summary>The meter at the grid connection: its export counter is the surplus sold, its import counter what is bought.</summary>
    public string? Meter { get; set; }

    /// <summary>Length of a delivery interval; interval <c>i</c> covers Unix seconds <c>[i·L, (i+1)·L)</c>.</summary>
    public int IntervalSeconds { get; set; } = 900;

    /// <summary>Orders for an interval must be placed at least this long before it starts; later ones are skipped.</summary>
    public int OrderLeadSeconds { get; set; } = 60;

    /// <summary>Complete past intervals the forecast averages.</summary>
    public int LookbackIntervals { get; set; } = 4;

    /// <summary>Surplus kept back (not offered) per interval, for the home's own peaks.</summary>
    public double SellThresholdWh { get; set; } = 50;

    /// <summary>The lowest price accepted for energy sold, per kWh, in the tariff's currency.</summary>
    public decimal MinSellPricePerKwh { get; set; }

    /// <summary>The most energy bid for in one interval.</summary>
    public double MaxBuyWhPerInterval { get; set; } = 1000;

    /// <summary>The highest price paid for energy bought, per kWh, in the tariff's currency.</summary>
    public decimal MaxBuyPricePerKwh { get; set; }
}
