using System.Globalization;
using LiteDB;

namespace Hub.Ledger.Storage;

/// <summary>The readings a bill period needs, from the (meter, time) index; sealed readings only.</summary>
internal sealed partial class LiteStore
{
    // How far the search for the valid readings around a period goes, so a meter without counters costs a bounded read.
    private const int BillScanLimit = 10_000;

    /// <summary>
    /// The sealed readings of <paramref name="meterId"/> a bill for [start, end) needs: those inside it, those back to
    /// the last valid reading with each counter before it, and those up to the first valid one with each counter at or
    /// after its end (so an interval across a boundary can be apportioned). In time order.
    /// </summary>
    public List<StoredReading> BillReadings(string meterId, DateTimeOffset start, DateTimeOffset end, long sealedThrough)
    {
        var startMs = start.ToUnixTimeMilliseconds();
        var endMs = end.ToUnixTimeMilliseconds();
        var lo = $"{meterId}|";
        var hi = $"{meterId}|{ReadingDocument.KeyEnd}";
        var at = (long ms) => string.Create(CultureInfo.InvariantCulture, $"{meterId}|{ms:D15}|");

        var before = Edge(_readings.Query()
            .Where(Query.Between(ReadingDocument.MeterTimeKey, lo, at(startMs)))
            .OrderByDescending(ReadingDocument.MeterTimeKey), sealedThrough);
        before.Reverse();
        var inside = _readings.Query()
            .Where(Query.Between(ReadingDocument.MeterTimeKey, at(startMs), at(endMs)))
            .OrderBy(ReadingDocument.MeterTimeKey)
            .ToDocuments()
            .Where(d => d["_id"].AsInt64 <= sealedThrough)
            .Select(Resolve)
            .Where(r => r.Reading.Timestamp < end);
        var after = Edge(_readings.Query()
            .Where(Query.Between(ReadingDocument.MeterTimeKey, at(endMs), hi))
            .OrderBy(ReadingDocument.MeterTimeKey), sealedThrough);
        return [.. before.Where(r => r.Reading.Timestamp < start), .. inside, .. after];
    }

    /// <summary>The time of the oldest sealed reading in the store, if any: per meter from the (meter, time) index.</summary>
    public DateTimeOffset? OldestSealedReadingTime(long sealedThrough)
    {
        DateTimeOffset? oldest = null;
        foreach (var meter in Meters)
        {
            var doc = _readings.Query()
                .Where(Query.Between(ReadingDocument.MeterTimeKey, $"{meter}|", $"{meter}|{ReadingDocument.KeyEnd}"))
                .OrderBy(ReadingDocument.MeterTimeKey)
                .Limit(BillScanLimit)
                .ToDocuments()
                .FirstOrDefault(d => d["_id"].AsInt64 <= sealedThrough);
            if (doc is not null && DateTimeOffset.FromUnixTimeMilliseconds(doc["t"].AsInt64) is var t && (oldest is null || t < oldest))
            {
                oldest = t;
            }
        }

        return oldest;
    }

    /// <summary>The newest valid sealed reading of the meter strictly before <paramref name="before"/>, if any.</summary>
    public StoredReading? LastValidBefore(string meterId, DateTimeOffset before, long sealedThrough) =>
        _readings.Query()
            .Where(Query.Between(ReadingDocument.MeterTimeKey, $"{meterId}|", string.Create(CultureInfo.InvariantCulture, $"{meterId}|{before.ToUnixTimeMilliseconds():D15}|")))
            .OrderByDescending(ReadingDocument.MeterTimeKey)
            .Limit(BillScanLimit)
            .ToDocuments()
            .Where(d => d["_id"].AsInt64 <= sealedThrough && d["v"].AsBoolean)
            .Select(Resolve)
            .FirstOrDefault();

    private List<StoredReading> Edge(ILiteQueryable<BsonDocument> query, long sealedThrough)
    {
        var found = new List<StoredReading>();
        bool import = false, export = false;
        foreach (var doc in query.Limit(BillScanLimit).ToDocuments())
        {
            if (doc["_id"].AsInt64 > sealedThrough)
            {
                continue;
            }

            var r = Resolve(doc);
            found.Add(r);
            if (r.Valid)
            {
                import |= r.Reading.EnergyImportWh is not null;
                export |= r.Reading.EnergyExportWh is not null;
                if (import && export)
                {
                    break;
                }
            }
        }

        return found;
    }
}
