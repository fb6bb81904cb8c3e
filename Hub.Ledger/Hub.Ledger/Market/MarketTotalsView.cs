namespace Hub.Ledger.Market;

/// <summary>
/// Over every settled trade: what was sold and earned (against what the supplier's export price would have paid for
/// the same energy), and what was bought and paid (against the supplier's import price at the interval's time).
/// Amounts in the tariff's currency; the comparisons are null without a <c>Tariff</c>.
/// </summary>
public sealed record MarketTotalsView(
    long SoldWh,
    decimal Earned,
    decimal? EarnedAtExportPrice,
    long BoughtWh,
    decimal Paid,
    decimal? PaidAtTariff)
{
    /// <summary>Earned beyond the supplier's export price (null without a tariff).</summary>
    public decimal? ExtraEarnings => EarnedAtExportPrice is { } feedIn ? Earned - feedIn : null;

    /// <summary>Saved against the supplier's import price (null without a tariff).</summary>
    public decimal? Savings => PaidAtTariff is { } tariff ? tariff - Paid : null;
}
