using System.Globalization;
using Hub.Ledger.Storage;
using LiteDB;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Series;

/// <summary>
/// Answers series queries: hour and day steps from the roll-ups (one index range per query, at most a few thousand
/// small documents), raw and minute steps from the readings themselves (bounded by <see cref="ISeriesSource.MaxPoints"/>).
/// </summary>
internal sealed class SeriesReader(LedgerStore store, IOptions<RuleOptions> rules) : ISeriesSource
{
    /// <summary>Readings scanned at most for one minute-step query: a reading a second for MaxPoints minutes.</summary>
    private const int MaxMinuteScan = ISeriesSource.MaxPoints * 60;

    public bool HasMeter(string meterId) => store.IsOpen && store.Store.Meters.Contains(meterId, StringComparer.Ordinal);

    public SeriesAnswer Read(string meterId, SeriesQuantity quantity, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, SeriesStep resolution)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        var db = store.Store.Database;
        var fromMs = rangeStart.ToUnixTimeMilliseconds();
        var toMs = rangeEnd.ToUnixTimeMilliseconds();
        return resolution switch
        {
            SeriesStep.Hour => FromRollups(db, SeriesCollections.Hourly, meterId, quantity, SeriesCollections.Floor(fromMs, SeriesCollections.HourMs), toMs),
            SeriesStep.Day => FromRollups(db, SeriesCollections.Daily, meterId, quantity, SeriesCollections.Floor(fromMs, SeriesCollections.DayMs), toMs),
            SeriesStep.Minute => Minutes(db, meterId, quantity, SeriesCollections.Floor(fromMs, 60_000), toMs),
            SeriesStep.Raw => Raw(db, meterId, quantity, fromMs, toMs),
            _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "not a series step"),
        };
    }

    private static SeriesAnswer FromRollups(LiteDatabase db, string collection, string meterId, SeriesQuantity quantity, long fromMs, long toMs)
    {
        var state = RollupState.Load(db);
        var rolledThrough = state?.NewestMs is { } n ? DateTimeOffset.FromUnixTimeMilliseconds(n) : (DateTimeOffset?)null;
        if (toMs <= fromMs)
        {
            return new SeriesAnswer([], false, rolledThrough);
        }

        var points = db.GetCollection(collection)
            .Find(Query.Between("_id", SeriesCollections.BucketId(meterId, fromMs), SeriesCollections.BucketId(meterId, toMs - 1)))
            .Select(d => SeriesBucket.FromDocument(d).ToPoint(quantity))
            .ToList();
        return new SeriesAnswer(points, false, rolledThrough);
    }

    private SeriesAnswer Minutes(LiteDatabase db, string meterId, SeriesQuantity quantity, long fromMs, long toMs)
    {
        var readings = db.GetCollection(ReadingDocument.Collection);
        var ruleOptions = rules.Value;
        var (lastImport, lastExport) = CountersBefore(readings, meterId, fromMs);
        var buckets = new List<SeriesBucket>();
        var scanned = 0;
        foreach (var doc in InRange(readings, meterId, fromMs, toMs, MaxMinuteScan + 1))
        {
            if (++scanned > MaxMinuteScan)
            {
                return new SeriesAnswer([], true, null);
            }

            var stored = ReadingDocument.FromDocument(doc);
            var r = stored.Reading;
            double? importStep = null, exportStep = null;
            if (stored.Valid)
            {
                if (r.EnergyImportWh is { } i)
                {
                    importStep = EnergySteps.Step(lastImport, i, ruleOptions);
                    lastImport = i;
                }

                if (r.EnergyExportWh is { } e)
                {
                    exportStep = EnergySteps.Step(lastExport, e, ruleOptions);
                    lastExport = e;
                }
            }

            var start = SeriesCollections.Floor(r.Timestamp.ToUnixTimeMilliseconds(), 60_000);
            if (buckets.Count == 0 || buckets[^1].StartMs != start)
            {
                buckets.Add(new SeriesBucket { MeterId = meterId, StartMs = start });
            }

            buckets[^1].Add(r, stored.Valid, importStep, exportStep);
        }

        return new SeriesAnswer([.. buckets.Select(b => b.ToPoint(quantity))], false, null);
    }

    private static SeriesAnswer Raw(LiteDatabase db, string meterId, SeriesQuantity quantity, long fromMs, long toMs)
    {
        var docs = InRange(db.GetCollection(ReadingDocument.Collection), meterId, fromMs, toMs, ISeriesSource.MaxPoints + 1).ToList();
        if (docs.Count > ISeriesSource.MaxPoints)
        {
            return new SeriesAnswer([], true, null);
        }

        var points = docs.Select(ReadingDocument.FromDocument).Select(s =>
        {
            var r = s.Reading;
            var value = quantity switch
            {
                SeriesQuantity.EnergyImportWh => r.EnergyImportWh,
                SeriesQuantity.EnergyExportWh => r.EnergyExportWh,
                SeriesQuantity.PowerW => r.PowerW,
                SeriesQuantity.VoltageV => SeriesBucket.MeanOf(r.VoltageV),
                SeriesQuantity.CurrentA => SeriesBucket.MeanOf(r.CurrentA),
                SeriesQuantity.FrequencyHz => r.FrequencyHz,
                _ => null,
            };
            return new SeriesPoint(r.Timestamp, value, null, null, 1, s.Valid ? 0 : 1);
        }).ToList();
        return new SeriesAnswer(points, false, null);
    }

    /// <summary>The meter's readings with timestamps in [from, to), in time order, at most <paramref name="limit"/>.</summary>
    private static IEnumerable<BsonDocument> InRange(ILiteCollection<BsonDocument> readings, string meterId, long fromMs, long toMs, int limit)
    {
        if (toMs <= fromMs)
        {
            return [];
        }

        var lo = string.Create(CultureInfo.InvariantCulture, $"{meterId}|{fromMs:D15}|");
        var hi = string.Create(CultureInfo.InvariantCulture, $"{meterId}|{toMs - 1:D15}|{ReadingDocument.KeyEnd}");
        return readings.Query()
            .Where(Query.Between(ReadingDocument.MeterTimeKey, lo, hi))
            .OrderBy(ReadingDocument.MeterTimeKey)
            .Limit(limit)
            .ToDocuments();
    }

    /// <summary>The meter's last valid counters before <paramref name="fromMs"/> (the base of the first minute's energy); bounded scan.</summary>
    private static (double? ImportWh, double? ExportWh) CountersBefore(ILiteCollection<BsonDocument> readings, string meterId, long fromMs)
    {
        var lo = meterId + "|";
        var hi = string.Create(CultureInfo.InvariantCulture, $"{meterId}|{fromMs - 1:D15}|{ReadingDocument.KeyEnd}");
        double? import = null, export = null;
        foreach (var doc in readings.Query()
            .Where(Query.Between(ReadingDocument.MeterTimeKey, lo, hi))
            .OrderByDescending(ReadingDocument.MeterTimeKey)
            .Limit(1000)
            .ToDocuments())
        {
            if (!doc["v"].AsBoolean)
            {
                continue;
            }

            import ??= doc.TryGetValue("ei", out var i) && i.IsNumber ? i.AsDouble : null;
            export ??= doc.TryGetValue("ee", out var e) && e.IsNumber ? e.AsDouble : null;
            if (import is not null && export is not null)
            {
                break;
            }
        }

        return (import, export);
    }
}
