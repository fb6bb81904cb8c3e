namespace Hub.Ledger.Billing;

/// <summary>The compiled tariff, or null when <c>hub.json</c> has no <c>Tariff</c> section (then no bills are issued).</summary>
internal sealed class BillingConfig(Tariff? tariff)
{
    public Tariff? Tariff { get; } = tariff;
}
