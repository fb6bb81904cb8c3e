using LiteDB;

namespace Hub.Ledger.Storage;

internal static class AlertDocument
{
    public const string Collection = "alerts";

    public static BsonDocument ToDocument(AlertRecord alert)
    {
        var doc = new BsonDocument
        {
            ["_id"] = alert.Id,
            ["at"] = alert.At.ToUnixTimeMilliseconds(),
            ["kind"] = alert.Kind,
            ["msg"] = alert.Message,
        };
        if (alert.MeterId is not null)
        {
            doc["m"] = alert.MeterId;
        }

        if (alert.ReadingId is { } rid)
        {
            doc["rid"] = rid;
        }

        if (alert.Plugin is not null)
        {
            doc["pl"] = alert.Plugin;
        }

        return doc;
    }

    public static AlertRecord FromDocument(BsonDocument doc) => new(
        doc["_id"].AsInt64,
        DateTimeOffset.FromUnixTimeMilliseconds(doc["at"].AsInt64),
        doc["kind"].AsString,
        doc.TryGetValue("m", out var m) && m.IsString ? m.AsString : null,
        doc["msg"].AsString,
        doc.TryGetValue("rid", out var r) && r.IsInt64 ? r.AsInt64 : null,
        doc.TryGetValue("pl", out var p) && p.IsString ? p.AsString : null);
}
