using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>What the rules need to remember about a meter between readings.</summary>
/// <param name="LastTimestamp">The timestamp of the meter's newest stored reading, valid or not.</param>
/// <param name="LastSeq">That reading's sequence number, if it had one.</param>
/// <param name="ImportWh">The import counter of the newest valid reading that had one.</param>
/// <param name="ExportWh">The export counter of the newest valid reading that had one.</param>
public sealed record MeterHistory(DateTimeOffset LastTimestamp, ulong? LastSeq, double? ImportWh, double? ExportWh)
{
    /// <summary>
    /// How many valid import readings a meter in a sub-meter hierarchy remembers for the <c>sub-meter</c> rule. A
    /// fixed number, not a time span, so that the writer, a restarted writer and <c>verify</c> remember exactly the
    /// same readings (docs/ledger.md "Sub-meters").
    /// </summary>
    public const int TrailLength = 512;

    /// <summary>The timestamp of the newest valid reading that had a counter (the base of the rate rule).</summary>
    public DateTimeOffset? CountersAt { get; init; }

    /// <summary>The powerW of that same reading (the base of the power-energy rule); null if it had none.</summary>
    public double? PowerW { get; init; }

    /// <summary>
    /// For a meter that is a sub-meter or has sub-meters: its newest valid readings with an import counter, oldest
    /// first, at most <see cref="TrailLength"/>, timestamps strictly increasing. Null for other meters.
    /// </summary>
    public IReadOnlyList<CounterPoint>? Trail { get; init; }

    /// <summary>The history after <paramref name="reading"/> was stored with the given validity.</summary>
    public static MeterHistory After(MeterHistory? previous, Reading reading, bool valid) => After(previous, reading, valid, keepTrail: false);

    /// <summary>The history after <paramref name="reading"/> was stored with the given validity.</summary>
    /// <param name="previous">The history before it.</param>
    /// <param name="reading">The stored reading.</param>
    /// <param name="valid">Its validity.</param>
    /// <param name="keepTrail">Whether the meter is in a sub-meter hierarchy (keeps a <see cref="Trail"/>).</param>
    public static MeterHistory After(MeterHistory? previous, Reading reading, bool valid, bool keepTrail)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var import = valid && reading.EnergyImportWh is { } i ? i : previous?.ImportWh;
        var export = valid && reading.EnergyExportWh is { } e ? e : previous?.ExportWh;
        var hasCounters = valid && (reading.EnergyImportWh is not null || reading.EnergyExportWh is not null);
        var countersAt = hasCounters ? reading.Timestamp : previous?.CountersAt;
        var power = hasCounters ? reading.PowerW : previous?.PowerW;
        return new MeterHistory(reading.Timestamp, reading.Seq, import, export)
        {
            CountersAt = countersAt,
            PowerW = power,
            Trail = keepTrail ? Extend(previous?.Trail, reading, valid) : null,
        };
    }

    private static IReadOnlyList<CounterPoint> Extend(IReadOnlyList<CounterPoint>? trail, Reading reading, bool valid)
    {
        trail ??= [];

        // Only valid readings later than the newest remembered one: a valid reading can be earlier than an older
        // valid one when an invalid out-of-order reading came in between (timestamp-order compares with the newest
        // stored reading, valid or not); the interpolation needs time order.
        if (!valid || reading.EnergyImportWh is not { } wh || (trail.Count > 0 && reading.Timestamp <= trail[^1].At))
        {
            return trail;
        }

        var skip = trail.Count >= TrailLength ? trail.Count - TrailLength + 1 : 0;
        var next = new CounterPoint[trail.Count - skip + 1];
        for (var k = skip; k < trail.Count; k++)
        {
            next[k - skip] = trail[k];
        }

        next[^1] = new CounterPoint(reading.Timestamp, wh);
        return next;
    }
}
