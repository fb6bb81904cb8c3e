using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hub.Ledger;
using Hub.WebUi.Api;

namespace Hub.WebUi.Endpoints;

/// <summary>
/// Encodes hub events as server-sent event frames: <c>event: reading</c> or <c>event: alert</c>, then one
/// <c>data:</c> line of compact JSON (JSON escapes line breaks inside strings, so it is always one line).
/// </summary>
internal sealed class EventFrames(JsonSerializerOptions options)
{
    public static readonly ReadOnlyMemory<byte> KeepAlive = ": keepalive\n\n"u8.ToArray();

    private readonly JsonTypeInfo<ReadingView> _reading = (JsonTypeInfo<ReadingView>)options.GetTypeInfo(typeof(ReadingView));
    private readonly JsonTypeInfo<AlertRecord> _alert = (JsonTypeInfo<AlertRecord>)options.GetTypeInfo(typeof(AlertRecord));

    /// <summary>The frame for an event, or null for a kind the stream does not carry.</summary>
    public ReadOnlyMemory<byte>? Format(HubEvent hubEvent) => hubEvent switch
    {
        ReadingStoredEvent stored => Frame("event: reading\ndata: "u8, new ReadingView(stored.Reading), _reading),
        AlertRaisedEvent raised => Frame("event: alert\ndata: "u8, raised.Alert, _alert),
        _ => null,
    };

    private static ReadOnlyMemory<byte>? Frame<T>(ReadOnlySpan<byte> head, T? value, JsonTypeInfo<T> typeInfo)
    {
        if (value is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(head);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = typeInfo.Options.Encoder }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenMemory;
    }
}
