namespace Hub.Ledger.Billing;

/// <summary>
/// The <c>Tariff</c> section of <c>hub.json</c> (docs/config.md "Tariff"). Without the section the hub issues no
/// bills. Prices are <see cref="decimal"/> in <see cref="Currency"/> per kWh (or per day for the standing charge).
/// </summary>
public sealed class TariffOptions
{
    public const string SectionName = "Tariff";

    /// <summary>ISO 4217 code, e.g. EUR; decides the minor unit that amounts are rounded to.</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>IANA zone the bands and periods are read in, e.g. Europe/Berlin; null means the host's zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The flat import price per kWh; with bands, the price of the hours no band covers.</summary>
    public decimal? ImportPricePerKwh { get; set; }

    /// <summary>Time-of-use import bands: weekdays and a local hour range each; they must not overlap.</summary>
    public IList<TariffBandOptions> ImportBands { get; } = [];

    /// <summary>What the homeowner is credited per exported (fed-in) kWh.</summary>
    public decimal ExportPricePerKwh { get; set; }

    /// <summary>The fixed charge per local calendar day.</summary>
    public decimal StandingChargePerDay { get; set; }

    /// <summary>Monthly (default), Daily or Hourly (the last two for tests and demos).</summary>
    public string Period { get; set; } = "Monthly";

    /// <summary>Day of the month (1..28) a monthly period starts on, at local midnight.</summary>
    public int BillDay { get; set; } = 1;

    /// <summary>ToEven (default, banker's rounding) or AwayFromZero: how each line's amount is rounded to the minor unit.</summary>
    public string Rounding { get; set; } = "ToEven";

    /// <summary>
    /// How long a period waits for a billed meter that has not reported past its end: it is issued once the end is
    /// this far past and the meter has delivered nothing for this long (a meter still back-filling is waited for).
    /// </summary>
    public double IssueDelaySeconds { get; set; } = 3600;

    /// <summary>Set when a value could not be converted (e.g. a price that is not a number): reported by the validator.</summary>
    internal string? BindError { get; set; }

    /// <summary>The meters billed; empty means every meter with readings (leave sub-meters out here).</summary>
    public IList<string> Meters { get; } = [];
}
