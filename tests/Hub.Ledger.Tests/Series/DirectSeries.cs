using Hub.Ledger.Series;
using Hub.Ledger.Storage;
using Hub.Plugins.Abstractions;
using LiteDB;

namespace Hub.Ledger.Tests.Series;

/// <summary>
/// The roll-ups computed the obvious way from the raw readings, independently of the incremental code: energy of a
/// bucket = C(end) − C(start), where C(t) is the counter of the meter's newest valid reading before t (its first
/// valid counter when there is none); averages and extremes over the valid readings in the bucket.
/// </summary>
internal static class DirectSeries
{
    public sealed record Expected(long Count, long Invalid, double ImportWh, double ExportWh, double? PowerAvg, double? PowerMin, double? PowerMax, double? VoltageAvg, double? FrequencyAvg);

    public static Dictionary<(string Meter, long Start), Expected> Compute(IReadOnlyList<StoredReading> readings, long stepMs)
    {
        var result = new Dictionary<(string, long), Expected>();
        foreach (var group in readings.GroupBy(r => (r.Reading.MeterId, Start: Floor(r.Reading.Timestamp.ToUnixTimeMilliseconds(), stepMs))))
        {
            var (meter, start) = group.Key;
            var valid = group.Where(r => r.Valid).Select(r => r.Reading).ToList();
            var power = valid.Where(r => r.PowerW is not null).Select(r => r.PowerW!.Value).ToList();
            var voltage = valid.Where(r => r.VoltageV is { Count: > 0 }).Select(r => r.VoltageV!.Average()).ToList();
            var frequency = valid.Where(r => r.FrequencyHz is not null).Select(r => r.FrequencyHz!.Value).ToList();
            result[(meter, start)] = new Expected(
                group.Count(),
                group.Count(r => !r.Valid),
                Counter(readings, meter, start + stepMs, r => r.EnergyImportWh) - Counter(readings, meter, start, r => r.EnergyImportWh),
                Counter(readings, meter, start + stepMs, r => r.EnergyExportWh) - Counter(readings, meter, start, r => r.EnergyExportWh),
                power.Count == 0 ? null : power.Average(),
                power.Count == 0 ? null : power.Min(),
                power.Count == 0 ? null : power.Max(),
                voltage.Count == 0 ? null : voltage.Average(),
                frequency.Count == 0 ? null : frequency.Average());
        }

        return result;
    }

    public static Dictionary<(string Meter, long Start), SeriesBucket> Stored(LiteDatabase db, string collection) =>
        db.GetCollection(collection).FindAll().Select(SeriesBucket.FromDocument).ToDictionary(b => (b.MeterId, b.StartMs));

    /// <summary>Asserts that the stored buckets are exactly the expected ones (same keys, same values within rounding).</summary>
    public static void AssertEqual(Dictionary<(string Meter, long Start), Expected> expected, Dictionary<(string Meter, long Start), SeriesBucket> stored)
    {
        Assert.Equal(expected.Keys.Order(), stored.Keys.Order());
        foreach (var (key, e) in expected)
        {
            var b = stored[key];
            var at = $"{key.Meter} {DateTimeOffset.FromUnixTimeMilliseconds(key.Start):O}";
            Assert.True(e.Count == b.Count && e.Invalid == b.Invalid, $"{at}: count {b.Count}/{b.Invalid}, expected {e.Count}/{e.Invalid}");
            Close(e.ImportWh, b.ImportWh ?? 0, at + " import");
            Close(e.ExportWh, b.ExportWh ?? 0, at + " export");
            Close(e.PowerAvg, b.ToPoint(SeriesQuantity.PowerW).Value, at + " power avg");
            Close(e.PowerMin, b.PowerMin, at + " power min");
            Close(e.PowerMax, b.PowerMax, at + " power max");
            Close(e.VoltageAvg, b.ToPoint(SeriesQuantity.VoltageV).Value, at + " voltage");
            Close(e.FrequencyAvg, b.ToPoint(SeriesQuantity.FrequencyHz).Value, at + " frequency");
        }
    }

    public static List<StoredReading> All(LiteDatabase db) =>
        [.. db.GetCollection(ReadingDocument.Collection).Query().OrderBy("_id").ToDocuments().Select(ReadingDocument.FromDocument)];

    private static void Close(double? expected, double? actual, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: {actual}, expected {expected}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= 1e-6 * Math.Max(1, Math.Abs(e)), $"{what}: {a}, expected {e}");
        }
    }

    private static double Counter(IReadOnlyList<StoredReading> readings, string meter, long beforeMs, Func<Reading, double?> counter)
    {
        var valid = readings.Where(r => r.Valid && r.Reading.MeterId == meter && counter(r.Reading) is not null).ToList();
        if (valid.Count == 0)
        {
            return 0;
        }

        var before = valid.Where(r => r.Reading.Timestamp.ToUnixTimeMilliseconds() < beforeMs).ToList();
        return counter((before.Count == 0 ? valid[0] : before[^1]).Reading)!.Value;
    }

    private static long Floor(long ms, long step) => ms - (((ms % step) + step) % step);
}
