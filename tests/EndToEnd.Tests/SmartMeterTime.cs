using Hub.Plugins.Abstractions;

namespace EndToEnd.Tests;

/// <summary>Timestamps in the canonical form (ISO 8601 UTC, ms, Z).</summary>
public static class SmartMeterTime
{
    public static string Iso(DateTimeOffset time) => ReadingJson.FormatTimestamp(time);
}
