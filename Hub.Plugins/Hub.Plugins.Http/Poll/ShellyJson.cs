using System.Text.Json;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Http.Poll;

/// <summary>Small JSON helpers for the Shelly formats; every failure is a <see cref="ReadingFormatException"/> naming the field.</summary>
internal static class ShellyJson
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new ReadingFormatException("the Shelly answer is not a JSON object.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new ReadingFormatException($"the Shelly answer is not valid JSON: {ex.Message}", ex);
        }
    }

    public static double Number(JsonElement element, string name, string field) =>
        OptionalNumber(element, name) ?? throw new ReadingFormatException($"{field}: missing or not a number.");

    public static double? OptionalNumber(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : null;

    public static DateTimeOffset Time(JsonElement element, string name, DateTimeOffset fallback) =>
        OptionalNumber(element, name) is { } seconds and > 1_000_000_000 and < 10_000_000_000
            ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
            : fallback;
}
