using System.Globalization;
using Hub.Ledger;

namespace Hub.WebUi.Tests.Support;

/// <summary>An in-memory store that follows the <see cref="IReadingStore"/> contract (pages newest last, cursor to older).</summary>
public sealed class FakeReadingStore : IReadingStore
{
    private readonly object _gate = new();
    private readonly List<StoredReading> _readings = [];
    private readonly List<AlertRecord> _alerts = [];

    public StoreStatus Status { get; set; } = new(true, "/tmp/hub.db", 0, 0, 0, null, null);

    public ReadingQuery? LastQuery { get; private set; }

    public (DateTimeOffset? Since, int Limit)? LastAlertQuery { get; private set; }

    public void Add(params StoredReading[] readings)
    {
        lock (_gate)
        {
            _readings.AddRange(readings);
        }
    }

    public void Add(params AlertRecord[] alerts)
    {
        lock (_gate)
        {
            _alerts.AddRange(alerts);
        }
    }

    public ReadingPage QueryReadings(ReadingQuery query)
    {
        lock (_gate)
        {
            LastQuery = query;
            long? before = null;
            if (query.Cursor is not null)
            {
                before = long.TryParse(query.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new FormatException($"'{query.Cursor}' is not a cursor of this store.");
            }

            var matching = _readings
                .Where(r => query.MeterId is null || r.Reading.MeterId == query.MeterId)
                .Where(r => query.From is null || r.Reading.Timestamp >= query.From)
                .Where(r => query.To is null || r.Reading.Timestamp < query.To)
                .Where(r => before is null || r.Id < before)
                .OrderByDescending(r => r.Id)
                .ToList();
            var page = matching.Take(query.Limit).Reverse().ToList();
            var next = matching.Count > query.Limit ? page[0].Id.ToString(CultureInfo.InvariantCulture) : null;
            return new ReadingPage(page, next);
        }
    }

    public StoredReading? GetReading(long id)
    {
        lock (_gate)
        {
            return _readings.FirstOrDefault(r => r.Id == id);
        }
    }

    public StoredReading? LastReading(string meterId)
    {
        lock (_gate)
        {
            return _readings.Where(r => r.Reading.MeterId == meterId).MaxBy(r => r.Id);
        }
    }

    public IReadOnlyList<AlertRecord> QueryAlerts(DateTimeOffset? since, int limit)
    {
        lock (_gate)
        {
            LastAlertQuery = (since, limit);
            return _alerts.Where(a => since is null || a.At >= since).OrderByDescending(a => a.Id).Take(limit).ToList();
        }
    }

    public StoreStatus GetStatus() => Status;
}
