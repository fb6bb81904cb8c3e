namespace Hub.Ledger.Market;

/// <summary>What the homeowner lets the trading agent do.</summary>
[Flags]
public enum MarketMode
{
    /// <summary>No orders (the default): the hub only shows the market.</summary>
    Off = 0,

    /// <summary>Offer the forecast surplus above <see cref="MarketOptions.SellThresholdWh"/>.</summary>
    Sell = 1,

    /// <summary>Bid for the forecast shortfall, up to <see cref="MarketOptions.MaxBuyWhPerInterval"/>.</summary>
    Buy = 2,

    /// <summary>Sell in surplus intervals, buy in short ones.</summary>
    Both = Sell | Buy,
}
