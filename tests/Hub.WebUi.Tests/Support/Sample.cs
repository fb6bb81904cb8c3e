using Hub.Ledger;
using Hub.Plugins.Abstractions;

namespace Hub.WebUi.Tests.Support;

/// <summary>Readings and alerts to put in the fakes.</summary>
public static class Sample
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 7, 22, 0, 123, TimeSpan.Zero);

    public static StoredReading Reading(
        long id,
        string meter = "house",
        double powerW = 987,
        double importWh = 1_234_567,
        bool valid = true,
        DateTimeOffset? at = null)
    {
        var timestamp = at ?? T0.AddSeconds(id);
        var verdicts = new List<Verdict>
        {
            new("range", true, "within limits"),
            valid
                ? new Verdict("counter-monotonic", true, "energy counters did not go backwards")
                : new Verdict("counter-monotonic", false, "energyImportWh went down from 2000000 to 1234567"),
        };
        return new StoredReading(
            id,
            new Reading
            {
                MeterId = meter,
                Timestamp = timestamp,
                EnergyImportWh = importWh,
                EnergyExportWh = 5000,
                PowerW = powerW,
                VoltageV = [230.1],
                FrequencyHz = 50,
                Seq = (ulong)id,
            },
            timestamp.AddMilliseconds(250),
            valid,
            verdicts,
            null);
    }

    public static AlertRecord Alert(long id, string kind = "invalid-reading", string? meter = "house", long? readingId = 7, string? plugin = null) =>
        new(id, T0.AddMinutes(id), kind, meter, $"alert {id}: something to look at", readingId, plugin);
}
