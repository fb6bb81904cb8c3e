using System.Buffers;
using Hub.Plugins.Abstractions;

using Hub.Plugins.Mqtt.Formats;

namespace Hub.Plugins.Mqtt.Ingest;

/// <summary>A PUBLISH payload parsed as a canonical reading, or the problem that makes it none.</summary>
internal readonly record struct ParsedPayload(Reading? Reading, IngestProblemKind Problem, string? Detail)
{
    /// <summary>Parses without throwing; the caller reports the problem with its own source.</summary>
    public static ParsedPayload Parse(in ReadOnlySequence<byte> payload, string meterId, int maxPayloadBytes, DateTimeOffset receivedAt, string format = MeterFormats.Canonical)
    {
        if (payload.Length > maxPayloadBytes)
        {
            return new(null, IngestProblemKind.PayloadTooLarge, $"the payload has {payload.Length} bytes, more than the {maxPayloadBytes} allowed by Mqtt:EmbeddedBroker:MaxPayloadBytes; it was not stored.");
        }

        // A payload normally arrives as one segment; copying is needed only for a fragmented one.
        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        try
        {
            return new(MeterFormats.Parse(format, bytes, meterId, receivedAt), default, null);
        }
        catch (ReadingFormatException ex)
        {
            return new(null, IngestProblemKind.MalformedPayload, $"the payload is not a {format} reading: {ex.Message}");
        }
    }
}
