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

    /// <summary>Where the meter's counters wrap to zero (e.g. 99 999 999 Wh); null when they never do.</summary>
    public double? CounterRolloverWh { get; set; }

    /// <summary>A counter that falls to at most this many Wh was reset (or the meter replaced).</summary>
    public double CounterResetMaxWh { get; set; } = 10;

    /// <summary>Head-room over MaxPowerW when checking how fast a counter may grow (meter accuracy, clock jitter).</summary>
    public double RateTolerancePercent { get; set; } = 5;

    /// <summary>A meter silent for longer than this raises a "reading-gap" alert with its next reading.</summary>
    public double MaxGapSeconds { get; set; } = 3600;
}
