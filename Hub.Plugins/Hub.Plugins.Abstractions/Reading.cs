namespace Hub.Plugins.Abstractions;

/// <summary>
/// One meter reading in canonical units (DESIGN.md "Canonical reading"). Energy counters are cumulative Wh;
/// power is signed W (negative = export); per-phase quantities are listed L1, L2, L3.
/// </summary>
public sealed record Reading
{
    /// <summary>The configured meter id, <c>[a-z0-9-]{1,64}</c>.</summary>
    public required string MeterId { get; init; }

    /// <summary>UTC, millisecond precision: the meter's time where it gives one, else the hub's receive time.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public double? EnergyImportWh { get; init; }

    public double? EnergyExportWh { get; init; }

    public double? PowerW { get; init; }

    /// <summary>Voltage per phase (one entry for a single-phase meter).</summary>
    public IReadOnlyList<double>? VoltageV { get; init; }

    /// <summary>Current per phase (one entry for a single-phase meter).</summary>
    public IReadOnlyList<double>? CurrentA { get; init; }

    public double? FrequencyHz { get; init; }

    /// <summary>The meter's own sequence number; with <see cref="MeterId"/> the de-duplication key.</summary>
    public ulong? Seq { get; init; }

    /// <summary>Hex secp256k1 signature by the meter's key over the canonical encoding, when the meter signs.</summary>
    public string? Signature { get; init; }

    /// <summary>The key under which a re-delivered reading is recognised: meter + seq, else meter + timestamp.</summary>
    public string DedupKey => Seq is { } seq
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{MeterId}#{seq}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{MeterId}@{Timestamp.ToUnixTimeMilliseconds()}");
}
