using FsCheck;
using FsCheck.Xunit;
using Hub.Ledger.Series;
using Hub.Ledger.Storage;

namespace Hub.Ledger.Tests.Series;

public sealed class RollupProperties
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddDays(-12);

    [Property(MaxTest = 20)]
    public void Rollups_in_any_batch_size_equal_a_direct_computation_from_the_raw_readings(int seed, PositiveInt count, PositiveInt batch)
    {
        using var dir = new TempDir();
        var readings = GeneratedReadings.Make(seed, Math.Min(count.Get, 300), Start);
        using var store = new LiteStore(dir.Path, 64L * 1024 * 1024);
        GeneratedReadings.Commit(store, readings);
        var size = Math.Min(batch.Get, 120);
        while (store.Transact(db => Rollup.RunBatch(db, new RuleOptions(), size)).Rolled > 0)
        {
        }

        Assert.Equal(readings.Count, Rollup.RolledThrough(store.Database));
        DirectSeries.AssertEqual(DirectSeries.Compute(readings, SeriesCollections.HourMs), DirectSeries.Stored(store.Database, SeriesCollections.Hourly));
        DirectSeries.AssertEqual(DirectSeries.Compute(readings, SeriesCollections.DayMs), DirectSeries.Stored(store.Database, SeriesCollections.Daily));
    }

    [Fact]
    public void Hourly_energy_adds_up_exactly_to_the_counter_difference()
    {
        using var dir = new TempDir();
        var readings = GeneratedReadings.Make(7, 400, Start);
        using var store = new LiteStore(dir.Path, 64L * 1024 * 1024);
        GeneratedReadings.Commit(store, readings);
        while (store.Transact(db => Rollup.RunBatch(db, new RuleOptions(), 50)).Rolled > 0)
        {
        }

        var house = readings.Where(r => r.Valid && r.Reading.MeterId == "house" && r.Reading.EnergyImportWh is not null).ToList();
        var hourly = DirectSeries.Stored(store.Database, SeriesCollections.Hourly).Values.Where(b => b.MeterId == "house").Sum(b => b.ImportWh ?? 0);
        var daily = DirectSeries.Stored(store.Database, SeriesCollections.Daily).Values.Where(b => b.MeterId == "house").Sum(b => b.ImportWh ?? 0);
        var total = house[^1].Reading.EnergyImportWh!.Value - house[0].Reading.EnergyImportWh!.Value;
        Assert.True(total > 0);
        Assert.Equal(total, hourly, 6);
        Assert.Equal(total, daily, 6);
    }
}
