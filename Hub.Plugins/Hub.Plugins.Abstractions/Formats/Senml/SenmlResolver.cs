namespace Hub.Plugins.Abstractions.Formats.Senml;

/// <summary>RFC 8428 §4.6 resolution: base fields carry forward to later records; times below 2^28 are relative to now (§4.5.3).</summary>
public static class SenmlResolver
{
    /// <summary>Time values below this are relative to the receive time (§4.5.3: 2**28 seconds).</summary>
    public const double RelativeTimeLimit = 268_435_456;

    /// <exception cref="ReadingFormatException">A record breaks RFC 8428's rules; the message names it.</exception>
    public static IReadOnlyList<SenmlRecord> Resolve(IReadOnlyList<SenmlRawRecord> raw, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var resolved = new List<SenmlRecord>(raw.Count);
        string baseName = string.Empty;
        string? baseUnit = null;
        double baseTime = 0, baseValue = 0, baseSum = 0;
        for (var i = 0; i < raw.Count; i++)
        {
            var record = raw[i];
            if (record.BaseVersion is > 10)
            {
                throw new ReadingFormatException($"SenML record {i}: bver {record.BaseVersion} is newer than this hub understands (10).");
            }

            baseName = record.BaseName ?? baseName;
            baseUnit = record.BaseUnit ?? baseUnit;
            baseTime = record.BaseTime ?? baseTime;
            baseValue = record.BaseValue ?? baseValue;
            baseSum = record.BaseSum ?? baseSum;

            var hasValue = record.Value is not null || record.StringValue is not null || record.BoolValue is not null || record.DataValue is not null;
            if (!hasValue && record.Sum is null)
            {
                if (record.Name is not null || record.Unit is not null || record.Time is not null)
                {
                    throw new ReadingFormatException($"SenML record {i}: no value; a record needs v, vs, vb, vd or s (RFC 8428 §4.3).");
                }

                continue; // a record of base fields only
            }

            var name = baseName + (record.Name ?? string.Empty);
            if (!IsValidName(name))
            {
                throw new ReadingFormatException($"SenML record {i}: name '{Shorten(name)}' is not a valid SenML name (RFC 8428 §4.5.1: starts with a letter or digit; letters, digits, '-', ':', '.', '/', '_').");
            }

            var seconds = baseTime + (record.Time ?? 0);
            var time = ToTime(seconds, now, i);
            double? value = record.Value is { } v ? baseValue + v : null;
            double? sum = record.Sum is { } s ? baseSum + s : null;
            if (value is { } checkedValue && !double.IsFinite(checkedValue))
            {
                throw new ReadingFormatException($"SenML record {i}: value is not a finite number.");
            }

            resolved.Add(new SenmlRecord(baseName, name, record.Unit ?? baseUnit, value, record.StringValue, record.BoolValue, record.DataValue, sum, time));
        }

        return resolved;
    }

    private static DateTimeOffset ToTime(double seconds, DateTimeOffset now, int index)
    {
        if (!double.IsFinite(seconds))
        {
            throw new ReadingFormatException($"SenML record {index}: time is not a finite number.");
        }

        var absolute = seconds < RelativeTimeLimit ? now.ToUnixTimeMilliseconds() / 1000.0 + seconds : seconds;
        var milliseconds = Math.Round(absolute * 1000);
        if (milliseconds is < 0 or > 253_402_300_799_000)
        {
            throw new ReadingFormatException($"SenML record {index}: time {seconds} is outside years 1970-9999.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 256 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ':' or '.' or '/' or '_');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
