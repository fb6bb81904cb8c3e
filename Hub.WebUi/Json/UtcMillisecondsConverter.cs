using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Plugins.Abstractions;

namespace Hub.WebUi.Json;

/// <summary>
/// Every time on the wire is ISO 8601 UTC with milliseconds and <c>Z</c> (COMMON.md "HTTP API"), the same form as
/// the canonical reading's timestamp; System.Text.Json's default would write <c>+00:00</c> and seven fraction digits.
/// </summary>
public sealed class UtcMillisecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new JsonException($"expected an ISO 8601 time such as 2026-11-24T07:22:00.000Z, got '{text}'.");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ReadingJson.FormatTimestamp(value));
    }
}
