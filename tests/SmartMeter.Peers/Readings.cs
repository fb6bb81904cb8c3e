using Hub.Plugins.Abstractions;

namespace SmartMeter.Peers;

/// <summary>Plausible canonical readings, deterministic per (meter, seq) so that a re-sent reading is byte-identical.</summary>
public static class Readings
{
    /// <summary>
    /// Reading <paramref name="seq"/> of a household meter: energy grows with seq, the timestamp is
    /// <paramref name="start"/> + seq seconds (keep start within the hub's MaxAgeDays and future-skew rules).
    /// </summary>
    public static Reading Household(string meterId, ulong seq, DateTimeOffset start) => new()
    {
        MeterId = meterId,
        Timestamp = ReadingJson.TruncateToMilliseconds(start.AddSeconds(seq)),
        EnergyImportWh = 1000 + (seq * 10),
        EnergyExportWh = 0,
        PowerW = 400 + (double)(seq % 100),
        VoltageV = [230.1],
        CurrentA = [1.75],
        FrequencyHz = 50.0,
        Seq = seq,
    };

    /// <summary>The canonical JSON text of <paramref name="reading"/>.</summary>
    public static string Json(Reading reading) => System.Text.Encoding.UTF8.GetString(ReadingJson.ToUtf8Bytes(reading));
}
