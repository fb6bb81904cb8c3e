using Hub.Ledger.Series;
using Hub.Ledger.Tests.Blocks;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Series;

/// <summary>The roll-up service in a real host on a real LiteDB file: incremental, durable, rebuilt when missing.</summary>
public sealed class SeriesServiceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, string?> Settings(int rollupSeconds) => new() { ["Hub:RollupSeconds"] = rollupSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Hub:RollupBatch"] = "7" };

    [Fact]
    public async Task Readings_are_rolled_up_while_ingest_goes_on_and_the_series_reads_them()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings(1));
        // Yesterday 06:00–10:50 UTC: the five hours lie in one UTC day whenever the test runs (now − 5 h crossed
        // midnight in runs between 00:00 and 05:00, and the day's maximum then missed the last readings).
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(6), TimeSpan.Zero);
        for (var i = 0; i < 30; i++)
        {
            var outcome = await ledger.Ingest.IngestAsync(Reading("house", start.AddMinutes(10 * i), 1000 + (i * 10), 100 + i));
            Assert.True(outcome.IsDurable);
        }

        await WaitRolledUpAsync(ledger);
        DirectSeries.AssertEqual(
            DirectSeries.Compute(DirectSeries.All(ledger.Ledger.Store.Database), SeriesCollections.HourMs),
            DirectSeries.Stored(ledger.Ledger.Store.Database, SeriesCollections.Hourly));

        var series = ledger.Series.Read("house", SeriesQuantity.EnergyImportWh, start, start.AddHours(5), SeriesStep.Hour);
        Assert.Equal(5, series.Points.Count);
        Assert.Equal(start, series.Points[0].Start);
        Assert.Equal(50, series.Points[0].Value); // readings at :00 … :50, 10 Wh apart
        Assert.Equal(60, series.Points[1].Value); // the step from :50 into the next hour counts in the next hour
        Assert.Equal(290, series.Points.Sum(p => p.Value));
        Assert.Equal(start.AddMinutes(290), series.RolledThrough);

        var power = ledger.Series.Read("house", SeriesQuantity.PowerW, start, start.AddHours(1), SeriesStep.Day);
        Assert.Equal(start.AddHours(-start.Hour), power.Points.Single().Start);
        Assert.Equal(129, power.Points.Single().Max);

        var minutes = ledger.Series.Read("house", SeriesQuantity.EnergyImportWh, start.AddMinutes(5), start.AddMinutes(35), SeriesStep.Minute);
        Assert.Equal([10.0, 10.0, 10.0], minutes.Points.Select(p => p.Value!.Value));
        var raw = ledger.Series.Read("house", SeriesQuantity.EnergyImportWh, start, start.AddMinutes(25), SeriesStep.Raw);
        Assert.Equal([1000.0, 1010.0, 1020.0], raw.Points.Select(p => p.Value!.Value));
    }

    [Fact]
    public async Task Rollups_survive_a_restart_catch_up_at_start_and_are_rebuilt_when_missing()
    {
        var start = Hour(DateTimeOffset.UtcNow.AddHours(-8));
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings(1)))
        {
            for (var i = 0; i < 20; i++)
            {
                await ledger.Ingest.IngestAsync(Reading("house", start.AddMinutes(7 * i), 500 + (i * 3), 10));
            }

            await WaitRolledUpAsync(ledger);
        }

        // The tick is an hour away: only the run at start can roll up what arrives now.
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings(3600)))
        {
            for (var i = 20; i < 45; i++)
            {
                await ledger.Ingest.IngestAsync(Reading("house", start.AddMinutes(7 * i), 500 + (i * 3), 10));
            }
        }

        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings(3600)))
        {
            await WaitRolledUpAsync(ledger);
            var db = ledger.Ledger.Store.Database;
            DirectSeries.AssertEqual(DirectSeries.Compute(DirectSeries.All(db), SeriesCollections.HourMs), DirectSeries.Stored(db, SeriesCollections.Hourly));
            Assert.Equal(44 * 3, ledger.Series.Read("house", SeriesQuantity.EnergyImportWh, start, start.AddDays(1), SeriesStep.Hour).Points.Sum(p => p.Value));
        }

        LedgerFiles.Edit(_dir.Path, db =>
        {
            db.DropCollection(SeriesCollections.Hourly);
            db.DropCollection(SeriesCollections.Daily);
            db.DropCollection(SeriesCollections.State);
        });

        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings(3600)))
        {
            await WaitRolledUpAsync(ledger);
            var db = ledger.Ledger.Store.Database;
            DirectSeries.AssertEqual(DirectSeries.Compute(DirectSeries.All(db), SeriesCollections.HourMs), DirectSeries.Stored(db, SeriesCollections.Hourly));
            DirectSeries.AssertEqual(DirectSeries.Compute(DirectSeries.All(db), SeriesCollections.DayMs), DirectSeries.Stored(db, SeriesCollections.Daily));
        }
    }

    internal static async Task WaitRolledUpAsync(LedgerHost ledger)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (Rollup.RolledThrough(ledger.Ledger.Store.Database) < ledger.Ledger.Store.Counters.NextReadingId - 1)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the readings were not rolled up within 30 s");
            await Task.Delay(20);
        }
    }

    internal static Reading Reading(string meter, DateTimeOffset at, double importWh, double powerW) => new()
    {
        MeterId = meter,
        Timestamp = at,
        EnergyImportWh = importWh,
        EnergyExportWh = 0,
        PowerW = powerW,
        VoltageV = [230],
        CurrentA = [1],
        FrequencyHz = 50,
    };

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);
}
