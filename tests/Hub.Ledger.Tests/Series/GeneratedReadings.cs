using Hub.Ledger.Storage;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Series;

/// <summary>Random household readings of two meters, judged by the real rules and committed by the store's batch path.</summary>
internal static class GeneratedReadings
{
    public static List<StoredReading> Make(int seed, int count, DateTimeOffset start)
    {
        var random = new Random(seed);
        var rules = new RuleOptions();
        var histories = new Dictionary<string, MeterHistory?>(StringComparer.Ordinal);
        var clock = new Dictionary<string, DateTimeOffset> { ["house"] = start, ["solar"] = start };
        var import = new Dictionary<string, double> { ["house"] = 1_000_000, ["solar"] = 50 };
        var list = new List<StoredReading>(count);
        for (var id = 1L; id <= count; id++)
        {
            var meter = random.Next(3) == 0 ? "solar" : "house";
            clock[meter] = clock[meter].AddSeconds(random.Next(1, 2400));
            var kind = random.Next(12);

            // Mostly growing counters; now and then a counter that went backwards (invalid) or no counter at all.
            double? ei = kind == 0 ? import[meter] - 100 : kind == 1 ? null : import[meter] += random.Next(0, 400);
            var reading = new Reading
            {
                MeterId = meter,
                Timestamp = clock[meter],
                EnergyImportWh = ei,
                EnergyExportWh = meter == "solar" ? id * 3.5 : null,
                PowerW = kind == 2 ? null : random.Next(-2000, 6000),
                VoltageV = kind == 3 ? null : [225 + random.Next(10), 226 + random.Next(10)],
                CurrentA = [random.Next(0, 20)],
                FrequencyHz = 49.9 + (random.Next(20) / 100.0),
            };
            var history = histories.GetValueOrDefault(meter);
            var verdicts = RuleEngine.Evaluate(reading, reading.Timestamp.AddSeconds(1), history, rules);
            var valid = verdicts.All(v => v.Ok);
            histories[meter] = MeterHistory.After(history, reading, valid);
            list.Add(new StoredReading(id, reading, reading.Timestamp.AddSeconds(1), valid, verdicts, null));
        }

        return list;
    }

    public static void Commit(LiteStore store, IReadOnlyList<StoredReading> readings)
    {
        foreach (var chunk in readings.Chunk(500))
        {
            var c = store.Counters;
            store.CommitBatch(chunk, [], new StoreCounters(c.Readings + chunk.Length, c.InvalidReadings + chunk.Count(r => !r.Valid), chunk[^1].Id + 1, c.NextAlertId));
        }
    }
}
