using System.Globalization;
using System.Text.Json;

namespace Hub.Plugins.Abstractions;

/// <summary>
/// The canonical JSON form of a reading (DESIGN.md): camelCase fields, timestamp as ISO 8601 with an offset (or
/// Unix milliseconds), energy in Wh, power in W. <c>voltageV</c> and <c>currentA</c> take a number (one phase) or
/// an array (L1, L2, L3). Unknown fields are ignored so that meters may send extras.
/// </summary>
public static class ReadingJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8 };

    /// <summary>Parses one canonical reading.</summary>
    /// <param name="utf8">The payload.</param>
    /// <param name="meterId">The meter the transport has authenticated or addressed; the payload's own
    /// <c>meterId</c>, if present, must match it. When null, the payload must name its meter.</param>
    /// <param name="receivedAt">The hub's receive time, used when the payload has no timestamp.</param>
    /// <exception cref="ReadingFormatException">The payload is not a canonical reading; the message says why.</exception>
    public static Reading Parse(ReadOnlyMemory<byte> utf8, string? meterId, DateTimeOffset receivedAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new ReadingFormatException($"not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            return FromElement(document.RootElement, meterId, receivedAt);
        }
    }

    /// <summary>Reads a canonical reading from an already parsed JSON object.</summary>
    public static Reading FromElement(JsonElement root, string? meterId, DateTimeOffset receivedAt)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ReadingFormatException($"a reading must be a JSON object, not {Describe(root.ValueKind)}.");
        }

        string? payloadMeter = null;
        DateTimeOffset? timestamp = null;
        double? import = null, export = null, power = null, frequency = null;
        IReadOnlyList<double>? voltage = null, current = null;
        ulong? seq = null;
        string? signature = null;

        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "meterId":
                    payloadMeter = RequireString(value, "meterId");
                    break;
                case "timestamp":
                    timestamp = ParseTimestamp(value);
                    break;
                case "energyImportWh":
                    import = OptionalNumber(value, "energyImportWh");
                    break;
                case "energyExportWh":
                    export = OptionalNumber(value, "energyExportWh");
                    break;
                case "powerW":
                    power = OptionalNumber(value, "powerW");
                    break;
                case "frequencyHz":
                    frequency = OptionalNumber(value, "frequencyHz");
                    break;
                case "voltageV":
                    voltage = OptionalPhases(value, "voltageV");
                    break;
                case "currentA":
                    current = OptionalPhases(value, "currentA");
                    break;
                case "seq":
                    seq = OptionalSeq(value);
                    break;
                case "signature":
                    signature = OptionalHex(value);
                    break;
                default:
                    break;
            }
        }

        var id = payloadMeter ?? meterId ?? throw new ReadingFormatException("meterId: missing; the reading must name its meter.");
        if (meterId is not null && payloadMeter is not null && !string.Equals(payloadMeter, meterId, StringComparison.Ordinal))
        {
            throw new ReadingFormatException($"meterId: the payload says '{payloadMeter}' but it arrived as meter '{meterId}'.");
        }

        if (!MeterId.IsValid(id))
        {
            throw new ReadingFormatException($"meterId: '{Truncate(id)}' is not a valid meter id ({MeterId.Pattern}).");
        }

        if (import is null && export is null && power is null && voltage is null && current is null && frequency is null)
        {
            throw new ReadingFormatException("the reading carries no quantity; send at least one of energyImportWh, energyExportWh, powerW, voltageV, currentA, frequencyHz.");
        }

        return new Reading
        {
            MeterId = id,
            Timestamp = TruncateToMilliseconds(timestamp ?? receivedAt),
            EnergyImportWh = import,
            EnergyExportWh = export,
            PowerW = power,
            VoltageV = voltage,
            CurrentA = current,
            FrequencyHz = frequency,
            Seq = seq,
            Signature = signature,
        };
    }

    /// <summary>Writes the canonical JSON of a reading.</summary>
    public static void Write(Utf8JsonWriter writer, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(reading);
        writer.WriteStartObject();
        WriteFields(writer, reading);
        writer.WriteEndObject();
    }

    /// <summary>Writes the canonical fields of a reading into an object the caller has opened.</summary>
    public static void WriteFields(Utf8JsonWriter writer, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(reading);
        writer.WriteString("meterId", reading.MeterId);
        writer.WriteString("timestamp", FormatTimestamp(reading.Timestamp));
        WriteOptional(writer, "energyImportWh", reading.EnergyImportWh);
        WriteOptional(writer, "energyExportWh", reading.EnergyExportWh);
        WriteOptional(writer, "powerW", reading.PowerW);
        WritePhases(writer, "voltageV", reading.VoltageV);
        WritePhases(writer, "currentA", reading.CurrentA);
        WriteOptional(writer, "frequencyHz", reading.FrequencyHz);
        if (reading.Seq is { } seq)
        {
            writer.WriteNumber("seq", seq);
        }

        if (reading.Signature is { } signature)
        {
            writer.WriteString("signature", signature);
        }
    }

    /// <summary>The canonical JSON of a reading as UTF-8 bytes.</summary>
    public static byte[] ToUtf8Bytes(Reading reading)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, reading);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>ISO 8601 UTC with milliseconds, e.g. <c>2026-11-24T07:22:00.123Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    private static DateTimeOffset ParseTimestamp(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var ms):
                if (ms < 0 || ms > 253402300799999)
                {
                    throw new ReadingFormatException($"timestamp: {ms} is out of range for Unix milliseconds.");
                }

                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
                {
                    throw new ReadingFormatException($"timestamp: '{Truncate(text)}' is not an ISO 8601 time with 'Z' or an offset, e.g. 2026-11-24T07:22:00.000Z.");
                }

                return parsed.ToUniversalTime();
            default:
                throw new ReadingFormatException($"timestamp: expected an ISO 8601 string or Unix milliseconds, got {Describe(value.ValueKind)}.");
        }
    }

    private static bool HasOffset(string text)
    {
        var t = text.AsSpan().Trim();
        if (t.Length < 11)
        {
            return false;
        }

        if (t[^1] is 'Z' or 'z')
        {
            return true;
        }

        var time = t[10..];
        var sign = time.LastIndexOfAny('+', '-');
        return sign > 0 && time.Length - sign is 6 or 5 or 3;
    }

    private static string RequireString(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ReadingFormatException($"{field}: expected a string, got {Describe(value.ValueKind)}.");

    private static double? OptionalNumber(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw new ReadingFormatException($"{field}: expected a number, got {Describe(value.ValueKind)}.");
        }

        return number;
    }

    private static double[]? OptionalPhases(JsonElement value, string field)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number:
                return [OptionalNumber(value, field)!.Value];
            case JsonValueKind.Array:
                var length = value.GetArrayLength();
                if (length is < 1 or > 3)
                {
                    throw new ReadingFormatException($"{field}: expected 1 to 3 phase values, got {length}.");
                }

                var phases = new double[length];
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    phases[i] = OptionalNumber(item, $"{field}[{i}]") ?? throw new ReadingFormatException($"{field}[{i}]: expected a number, got null.");
                    i++;
                }

                return phases;
            default:
                throw new ReadingFormatException($"{field}: expected a number or an array of per-phase numbers, got {Describe(value.ValueKind)}.");
        }
    }

    private static ulong? OptionalSeq(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out var seq))
        {
            throw new ReadingFormatException($"seq: expected a whole number from 0 to 18446744073709551615, got {Describe(value.ValueKind)}.");
        }

        return seq;
    }

    private static string? OptionalHex(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = RequireString(value, "signature");
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        if (digits.Length == 0 || digits.Length > 260 || digits.Length % 2 != 0 || !IsHex(digits))
        {
            throw new ReadingFormatException("signature: expected an even number of hex digits (at most 130 bytes).");
        }

        return text;
    }

    private static bool IsHex(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void WritePhases(Utf8JsonWriter writer, string name, IReadOnlyList<double>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number out of range",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
