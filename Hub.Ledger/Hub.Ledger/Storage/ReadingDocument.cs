using System.Globalization;
using Hub.Plugins.Abstractions;
using LiteDB;

namespace Hub.Ledger.Storage;

/// <summary>
/// How a stored reading is laid out in LiteDB. Short field names keep documents small on an SD card. Two indexes
/// besides <c>_id</c>, as each one costs pages on every insert: <c>mt</c> (meter, time, id) behind time-range
/// queries, unique per reading so that cursors are exact, and <c>k</c>, the de-duplication key, written so that
/// it sorts by seq (or time) within a meter: the writer then knows a reading above a meter's highest key is new
/// without a lookup.
/// </summary>
internal static class ReadingDocument
{
    public const string Collection = "readings";
    public const string DedupKey = "k";
    public const string MeterTimeKey = "mt";

    /// <summary>Above every character that a meter id or a digit can hold.</summary>
    public const char KeyEnd = '~';

    public static string MeterTime(string meterId, long timestampMs, long id) =>
        string.Create(CultureInfo.InvariantCulture, $"{meterId}|{timestampMs:D15}|{id:D19}");

    /// <summary>The prefix of a meter's dedup keys: <c>house#</c> for readings with a seq, <c>house@</c> without.</summary>
    public static string DedupPrefix(Reading reading) => reading.MeterId + (reading.Seq is null ? "@" : "#");

    /// <summary><c>house#00000000000000000042</c> or <c>house@001764000000000</c>: unique per reading, sorting by seq or time.</summary>
    public static string SortableDedupKey(Reading reading) => reading.Seq is { } seq
        ? string.Create(CultureInfo.InvariantCulture, $"{reading.MeterId}#{seq:D20}")
        : string.Create(CultureInfo.InvariantCulture, $"{reading.MeterId}@{reading.Timestamp.ToUnixTimeMilliseconds():D15}");

    public static BsonDocument ToDocument(StoredReading stored)
    {
        var r = stored.Reading;
        var ms = r.Timestamp.ToUnixTimeMilliseconds();
        var doc = new BsonDocument
        {
            ["_id"] = stored.Id,
            ["m"] = r.MeterId,
            ["t"] = ms,
            ["r"] = stored.ReceivedAt.ToUnixTimeMilliseconds(),
            [DedupKey] = SortableDedupKey(r),
            [MeterTimeKey] = MeterTime(r.MeterId, ms, stored.Id),
            ["v"] = stored.Valid,
        };
        Put(doc, "ei", r.EnergyImportWh);
        Put(doc, "ee", r.EnergyExportWh);
        Put(doc, "p", r.PowerW);
        Put(doc, "vv", r.VoltageV);
        Put(doc, "ca", r.CurrentA);
        Put(doc, "f", r.FrequencyHz);
        if (r.Seq is { } seq)
        {
            doc["s"] = unchecked((long)seq);
        }

        if (r.Signature is { } signature)
        {
            doc["sig"] = signature;
        }

        var verdicts = new BsonArray();
        foreach (var v in stored.Verdicts)
        {
            // The usual passing words are implied, not stored: a third of a reading's bytes on an SD card.
            var verdict = new BsonDocument { ["r"] = v.Rule, ["o"] = v.Ok };
            if (!v.Ok || !string.Equals(v.Detail, RuleEngine.UsualOkDetail(v.Rule), StringComparison.Ordinal))
            {
                verdict["d"] = v.Detail;
            }

            verdicts.Add(verdict);
        }

        doc["vd"] = verdicts;
        doc["b"] = stored.BlockHeight is { } b ? b : BsonValue.Null;
        return doc;
    }

    public static StoredReading FromDocument(BsonDocument doc)
    {
        var reading = new Reading
        {
            MeterId = doc["m"].AsString,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(doc["t"].AsInt64),
            EnergyImportWh = Number(doc, "ei"),
            EnergyExportWh = Number(doc, "ee"),
            PowerW = Number(doc, "p"),
            VoltageV = Numbers(doc, "vv"),
            CurrentA = Numbers(doc, "ca"),
            FrequencyHz = Number(doc, "f"),
            Seq = doc.TryGetValue("s", out var s) && s.IsInt64 ? unchecked((ulong)s.AsInt64) : null,
            Signature = doc.TryGetValue("sig", out var sig) && sig.IsString ? sig.AsString : null,
        };
        var verdicts = doc["vd"].AsArray.Select(ToVerdict).ToArray();
        var block = doc.TryGetValue("b", out var b) && !b.IsNull ? b.AsInt64 : (long?)null;
        return new StoredReading(
            doc["_id"].AsInt64,
            reading,
            DateTimeOffset.FromUnixTimeMilliseconds(doc["r"].AsInt64),
            doc["v"].AsBoolean,
            verdicts,
            block);
    }

    private static Verdict ToVerdict(BsonValue v)
    {
        var rule = v["r"].AsString;
        var detail = v.AsDocument.TryGetValue("d", out var d) && d.IsString ? d.AsString : RuleEngine.UsualOkDetail(rule) ?? string.Empty;
        return new Verdict(rule, v["o"].AsBoolean, detail);
    }

    private static void Put(BsonDocument doc, string key, double? value)
    {
        if (value is { } v)
        {
            doc[key] = v;
        }
    }

    private static void Put(BsonDocument doc, string key, IReadOnlyList<double>? values)
    {
        if (values is not null)
        {
            doc[key] = new BsonArray(values.Select(v => new BsonValue(v)));
        }
    }

    private static double? Number(BsonDocument doc, string key) =>
        doc.TryGetValue(key, out var v) && v.IsNumber ? v.AsDouble : null;

    private static double[]? Numbers(BsonDocument doc, string key) =>
        doc.TryGetValue(key, out var v) && v.IsArray ? v.AsArray.Select(x => x.AsDouble).ToArray() : null;
}
