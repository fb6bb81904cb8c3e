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

    /// <summary>
    /// Turns the power-energy rule on: how far (in %) the average power implied by the counters may exceed the larger
    /// (or fall below the smaller) powerW of the two readings. Null (the default) = the rule is not run, because a
    /// simulated meter running faster than real time (meter-firmware --speed) can never be consistent.
    /// </summary>
    public double? PowerEnergyTolerancePercent { get; set; }

    /// <summary>Watts of slack of the power-energy rule on top of the tolerance (standby loads, sensor offsets).</summary>
    public double PowerEnergySlackW { get; set; } = 50;

    /// <summary>Longer intervals than this are not checked by the power-energy rule: the power may have changed in between.</summary>
    public double PowerEnergyMaxIntervalSeconds { get; set; } = 900;

    /// <summary>How far (in %) the sub-meters' import may exceed their main meter's over the same interval.</summary>
    public double SubMeterTolerancePercent { get; set; } = 5;

    /// <summary>Wh of slack of the sub-meter rule on top of the tolerance (counter resolution, interpolation).</summary>
    public double SubMeterSlackWh { get; set; } = 2;
}
