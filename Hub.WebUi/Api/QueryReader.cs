using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Hub.WebUi.Api;

/// <summary>
/// Checks query parameters (bound as plain strings, so that a bad one is reported here and not by a generic binder
/// error), collecting every mistake so that one 400 answer names them all. An empty value (<c>?meter=</c>) counts
/// as absent; a parameter given twice is a mistake.
/// </summary>
internal sealed partial class QueryReader(HttpRequest request)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    private const int MaxCursorLength = 512;

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    /// <summary>Parameter name to what was wrong with it; empty when every parameter was sound.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    public string? MeterId(string name, string? raw)
    {
        var text = Single(name, raw);
        if (text is not null && !Hub.Plugins.Abstractions.MeterId.IsValid(text))
        {
            return Fail<string>(name, $"expected a meter id of 1 to 64 characters a-z, 0-9 and '-', got '{Problems.Clip(text)}'.");
        }

        return text;
    }

    /// <summary>An ISO 8601 date or date-time; without an offset it is taken as UTC.</summary>
    public DateTimeOffset? Time(string name, string? raw)
    {
        var text = Single(name, raw);
        if (text is null)
        {
            return null;
        }

        // An unencoded '+' in a query string arrives as a space: "…T07:00:00 01:00" meant "…T07:00:00+01:00".
        var repaired = text.Replace(' ', '+');
        if (!IsoTimeRegex().IsMatch(repaired)
            || !DateTimeOffset.TryParse(repaired, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return Fail<DateTimeOffset?>(name, $"expected an ISO 8601 time such as 2026-11-24T07:22:00Z or 2026-11-24, got '{Problems.Clip(text)}'.");
        }

        return value.ToUniversalTime();
    }

    public int Limit(string name, string? raw)
    {
        var text = Single(name, raw);
        if (text is null)
        {
            return DefaultLimit;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > MaxLimit)
        {
            Fail<int>(name, $"expected a whole number from 1 to {MaxLimit}, got '{Problems.Clip(text)}'.");
            return DefaultLimit;
        }

        return limit;
    }

    /// <summary>An opaque cursor handed out by an earlier page.</summary>
    public string? Cursor(string name, string? raw)
    {
        var text = Single(name, raw);
        if (text is not null && text.Length > MaxCursorLength)
        {
            return Fail<string>(name, "expected the 'next' value of an earlier page; this one is too long to be one.");
        }

        return text;
    }

    /// <summary>A plain value given at most once; null when absent or empty.</summary>
    public string? Text(string name, string? raw) => Single(name, raw);

    /// <summary>Records a mistake found after parsing, e.g. a range that runs backwards.</summary>
    public void Reject(string name, string expected) => Fail<object>(name, expected);

    private string? Single(string name, string? raw)
    {
        // The binder joins repeated values with commas; the raw query tells a repeat from a value with a comma.
        var count = request.Query[name].Count;
        if (count > 1)
        {
            return Fail<string>(name, $"expected one value, got {count.ToString(CultureInfo.InvariantCulture)}; give '{name}' once.");
        }

        return string.IsNullOrEmpty(raw) ? null : raw;
    }

    private T? Fail<T>(string name, string message)
    {
        _errors.TryAdd(name, [message]);
        return default;
    }

    // Date, or date and time with optional seconds, fraction and offset (Z or ±hh:mm). Stricter than
    // DateTimeOffset.TryParse alone, which would also take "11/24/2026" and guess.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTimeRegex();
}
