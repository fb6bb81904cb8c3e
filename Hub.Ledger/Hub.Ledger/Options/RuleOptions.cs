namespace Hub.Ledger;

/// <summary>The <c>Rules</c> section of <c>hub.json</c>: thresholds of the validation rules.</summary>
public sealed class RuleOptions
{
    public const string SectionName = "Rules";

    /// <summary>The largest |power| a home meter may report (a 100 A three-phase supply is ~70 kW).</summary>
    public double MaxPowerW { get; set; } = 100_000;

    public double MinVoltageV { get; set; }

    public double MaxVoltageV { get; set; } = 500;

    public double MaxCurrentA { get; set; } = 200;

    public double MinFrequencyHz { get; set; } = 40;

    public double MaxFrequencyHz { get; set; } = 70;

    /// <summary>How far ahead of the hub's clock a meter's timestamp may be.</summary>
    public double MaxFutureSkewSeconds { get; set; } = 300;

    /// <summary>How old a reading may be when it arrives (a meter that buffered while offline sends old ones).</summary>
    public double MaxAgeDays { get; set; } = 30;
}
