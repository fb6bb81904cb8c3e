using System.Globalization;

namespace Hub.Ledger.Series;

/// <summary>Where the roll-ups live in the store, and how bucket ids are made (docs/ledger.md "History at scale").</summary>
internal static class SeriesCollections
{
    public const string Hourly = "series_hour";
    public const string Daily = "series_day";
    public const string State = "series_state";
    public const string StateId = "rollup";

    /// <summary>Bumped when the bucket layout changes: a store with another version is rolled up again from scratch.</summary>
    public const int Version = 1;

    public const long HourMs = 3_600_000;
    public const long DayMs = 86_400_000;

    /// <summary><c>house|001764000000000</c>: sorts by meter, then time, so one meter's range is one index range.</summary>
    public static string BucketId(string meterId, long startMs) =>
        string.Create(CultureInfo.InvariantCulture, $"{meterId}|{startMs:D15}");

    /// <summary>The start of the bucket holding <paramref name="ms"/>: UTC hours and UTC days (not the hub's zone).</summary>
    public static long Floor(long ms, long stepMs) => ms - (((ms % stepMs) + stepMs) % stepMs);
}
