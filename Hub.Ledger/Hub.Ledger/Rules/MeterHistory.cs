namespace Hub.Ledger;

/// <summary>What the rules need to remember about a meter between readings.</summary>
/// <param name="LastTimestamp">The timestamp of the meter's newest stored reading, valid or not.</param>
/// <param name="LastSeq">That reading's sequence number, if it had one.</param>
/// <param name="ImportWh">The import counter of the newest valid reading that had one.</param>
/// <param name="ExportWh">The export counter of the newest valid reading that had one.</param>
public sealed record MeterHistory(DateTimeOffset LastTimestamp, ulong? LastSeq, double? ImportWh, double? ExportWh)
{
    /// <summary>The timestamp of the newest valid reading that had a counter (the base of the rate rule).</summary>
    public DateTimeOffset? CountersAt { get; init; }

    /// <summary>The history after <paramref name="reading"/> was stored with the given validity.</summary>
    public static MeterHistory After(MeterHistory? previous, Hub.Plugins.Abstractions.Reading reading, bool valid)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var import = valid && reading.EnergyImportWh is { } i ? i : previous?.ImportWh;
        var export = valid && reading.EnergyExportWh is { } e ? e : previous?.ExportWh;
        var countersAt = valid && (reading.EnergyImportWh is not null || reading.EnergyExportWh is not null) ? reading.Timestamp : previous?.CountersAt;
        return new MeterHistory(reading.Timestamp, reading.Seq, import, export) { CountersAt = countersAt };
    }
}
