namespace Hub.Ledger.Billing;

/// <summary>How long a bill period is (docs/config.md "Tariff").</summary>
public enum BillPeriodKind
{
    /// <summary>From local midnight of <c>Tariff:BillDay</c> to the same day of the next month.</summary>
    Monthly,

    /// <summary>From local midnight to local midnight (23 or 25 hours on a daylight-saving change).</summary>
    Daily,

    /// <summary>Each UTC hour (a local hour in zones with whole-hour offsets); for tests and demos.</summary>
    Hourly,
}
