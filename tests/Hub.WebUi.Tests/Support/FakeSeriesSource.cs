using Hub.Ledger;

namespace Hub.WebUi.Tests.Support;

/// <summary>
/// Series from the fake store's readings, one point per reading whatever the step (the roll-ups themselves are
/// tested against LiteDB in Hub.Ledger.Tests); records the last request so tests see what reached the source.
/// </summary>
public sealed class FakeSeriesSource(FakeReadingStore store) : ISeriesSource
{
    public (string Meter, SeriesQuantity Quantity, DateTimeOffset From, DateTimeOffset To, SeriesStep Step)? LastRequest { get; private set; }

    public bool TooMany { get; set; }

    public bool HasMeter(string meterId) =>
        store.QueryReadings(new ReadingQuery(meterId, null, null, 1, null)).Items.Count > 0;

    public SeriesAnswer Read(string meterId, SeriesQuantity quantity, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, SeriesStep resolution)
    {
        LastRequest = (meterId, quantity, rangeStart, rangeEnd, resolution);
        if (TooMany)
        {
            return new SeriesAnswer([], true, null);
        }

        var page = store.QueryReadings(new ReadingQuery(meterId, rangeStart, rangeEnd, 1000, null));
        var points = page.Items.Select(r => new SeriesPoint(r.Reading.Timestamp, r.Reading.PowerW, r.Reading.PowerW, r.Reading.PowerW, 1, r.Valid ? 0 : 1)).ToList();
        return new SeriesAnswer(points, false, null);
    }
}
