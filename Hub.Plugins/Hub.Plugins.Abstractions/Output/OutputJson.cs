using System.Buffers;
using System.Text.Json;

namespace Hub.Plugins.Abstractions;

/// <summary>The JSON the hub sends out for an alert (MQTT <c>smartmeter/alerts</c>, the alert webhook).</summary>
public static class OutputJson
{
    /// <summary>
    /// <c>{"id","at","kind","meterId","message","readingId","plugin"}</c>, camelCase and timestamps as in the HTTP API,
    /// nulls written so that a consumer sees every key.
    /// </summary>
    public static byte[] Alert(AlertOutput alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", alert.Id);
            writer.WriteString("at", ReadingJson.FormatTimestamp(alert.At));
            writer.WriteString("kind", alert.Kind);
            WriteNullable(writer, "meterId", alert.MeterId);
            writer.WriteString("message", alert.Message);
            if (alert.ReadingId is { } readingId)
            {
                writer.WriteNumber("readingId", readingId);
            }
            else
            {
                writer.WriteNull("readingId");
            }

            WriteNullable(writer, "plugin", alert.Plugin);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
