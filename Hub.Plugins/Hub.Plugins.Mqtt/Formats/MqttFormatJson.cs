using System.Text.Json;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Formats;

/// <summary>JSON helpers of the device formats; every failure is a <see cref="ReadingFormatException"/>.</summary>
internal static class MqttFormatJson
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new ReadingFormatException("the payload is not a JSON object.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new ReadingFormatException($"not valid JSON: {ex.Message}", ex);
        }
    }

    public static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : null;

    /// <summary>A number (one channel) or an array of numbers (per channel).</summary>
    public static double[]? NumberOrList(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var one) && double.IsFinite(one))
        {
            return [one];
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() is > 0 and <= 3
            && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number && double.IsFinite(v.GetDouble())))
        {
            return [.. value.EnumerateArray().Select(v => v.GetDouble())];
        }

        throw new ReadingFormatException($"ENERGY.{name}: expected a number or an array of up to 3 numbers.");
    }
}
