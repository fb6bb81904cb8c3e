using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Api;

namespace Hub.WebUi.Json;

/// <summary>
/// Writes a <see cref="ReadingView"/>: the canonical fields through <see cref="ReadingJson.WriteFields"/> (so a
/// reading looks the same on MQTT, in the store and here), then what the hub added. Write-only: the API never
/// accepts a stored reading.
/// </summary>
public sealed class ReadingViewJsonConverter : JsonConverter<ReadingView>
{
    public override ReadingView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A stored reading is output only; send new readings through a meter plugin.");

    public override void Write(Utf8JsonWriter writer, ReadingView value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var stored = value.Stored;
        writer.WriteStartObject();
        writer.WriteNumber("id", stored.Id);
        ReadingJson.WriteFields(writer, stored.Reading);
        writer.WriteString("receivedAt", ReadingJson.FormatTimestamp(stored.ReceivedAt));
        writer.WriteBoolean("valid", stored.Valid);
        writer.WriteStartArray("verdicts");
        foreach (var verdict in stored.Verdicts)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", verdict.Rule);
            writer.WriteBoolean("ok", verdict.Ok);
            writer.WriteString("detail", verdict.Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (stored.BlockHeight is { } height)
        {
            writer.WriteNumber("blockHeight", height);
        }
        else
        {
            writer.WriteNull("blockHeight");
        }

        writer.WriteEndObject();
    }
}
