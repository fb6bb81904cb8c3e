using System.Text.Json;

namespace Hub.Plugins.Abstractions.Formats.Senml;

/// <summary>SenML JSON (RFC 8428 §5, content-format 110, <c>application/senml+json</c>). Throws only <see cref="ReadingFormatException"/>.</summary>
public static class SenmlJson
{
    public const int ContentFormat = 110;
    public const string MediaType = "application/senml+json";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 4 };

    public static IReadOnlyList<SenmlRawRecord> Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException ex)
        {
            throw new ReadingFormatException($"SenML JSON: not valid JSON: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new ReadingFormatException($"SenML JSON: not valid UTF-8 JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ReadingFormatException("SenML JSON: a pack must be a JSON array of records (RFC 8428 §5).");
            }

            var records = new List<SenmlRawRecord>();
            var index = 0;
            try
            {
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    records.Add(ReadRecord(element, index++));
                }
            }
            catch (InvalidOperationException ex)
            {
                // A string that is not valid UTF-8 fails only when it is read.
                throw new ReadingFormatException($"SenML JSON: record {index - 1}: {ex.Message}", ex);
            }

            return records;
        }
    }

    private static SenmlRawRecord ReadRecord(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ReadingFormatException($"SenML JSON: record {index} is not a JSON object.");
        }

        var record = new SenmlRawRecord();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var label = property.Name;
            record = label switch
            {
                "bn" => record with { BaseName = Text(value, label, index) },
                "bt" => record with { BaseTime = Number(value, label, index) },
                "bu" => record with { BaseUnit = Text(value, label, index) },
                "bv" => record with { BaseValue = Number(value, label, index) },
                "bs" => record with { BaseSum = Number(value, label, index) },
                "bver" => record with { BaseVersion = Number(value, label, index) },
                "n" => record with { Name = Text(value, label, index) },
                "u" => record with { Unit = Text(value, label, index) },
                "v" => record with { Value = Number(value, label, index) },
                "vs" => record with { StringValue = Text(value, label, index) },
                "vb" => record with { BoolValue = Bool(value, label, index) },
                "vd" => record with { DataValue = Text(value, label, index) },
                "s" => record with { Sum = Number(value, label, index) },
                "t" => record with { Time = Number(value, label, index) },
                "ut" => record with { UpdateTime = Number(value, label, index) },
                _ when label.EndsWith('_') => throw new ReadingFormatException($"SenML JSON: record {index} has the must-understand label '{label}' which this hub does not know (RFC 8428 §4.4)."),
                _ => record,
            };
        }

        return record;
    }

    private static string Text(JsonElement value, string label, int index) => value.ValueKind == JsonValueKind.String
        ? value.GetString()!
        : throw new ReadingFormatException($"SenML JSON: record {index}: '{label}' must be a string.");

    private static double Number(JsonElement value, string label, int index) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new ReadingFormatException($"SenML JSON: record {index}: '{label}' must be a finite number.");

    private static bool Bool(JsonElement value, string label, int index) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ReadingFormatException($"SenML JSON: record {index}: '{label}' must be true or false."),
    };
}
