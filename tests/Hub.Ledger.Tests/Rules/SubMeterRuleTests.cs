using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;

namespace Hub.Ledger.Tests.Rules;

public sealed class SubMeterRuleTests
{
    private static readonly RuleOptions Rules = new() { SubMeterTolerancePercent = 5, SubMeterSlackWh = 2 };
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static MeterCatalog Catalog(params (string Id, string? Parent)[] meters)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < meters.Length; i++)
        {
            settings[$"Meters:{i}:Id"] = meters[i].Id;
            settings[$"Meters:{i}:Plugin"] = "mqtt";
            settings[$"Meters:{i}:Parent"] = meters[i].Parent;
        }

        return new MeterCatalog(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    private static Reading R(string meter, int second, double importWh) => new()
    {
        MeterId = meter,
        Timestamp = T0.AddSeconds(second),
        EnergyImportWh = importWh,
        EnergyExportWh = 0,
        Seq = (ulong)second + 1,
    };

    /// <summary>Judges the readings in order, as the writer and verify do; returns each reading's sub-meter verdict (or null).</summary>
    private static List<Verdict?> Judge(MeterCatalog catalog, params Reading[] readings)
    {
        var judge = new ReadingJudge(Rules, catalog);
        var verdicts = new List<Verdict?>();
        foreach (var reading in readings)
        {
            var all = judge.Judge(reading, reading.Timestamp);
            verdicts.Add(all.SingleOrDefault(v => v.Rule == RuleNames.SubMeter));
            judge.Accept(reading, all.All(v => v.Ok));
        }

        return verdicts;
    }

    [Fact]
    public void Sub_meters_within_their_parent_pass_and_the_verdict_gives_the_numbers()
    {
        var catalog = Catalog(("house", null), ("garage", "house"), ("ev", "house"));
        var verdicts = Judge(catalog,
            R("house", 0, 1000), R("garage", 0, 100), R("ev", 0, 50),
            R("house", 60, 1100), R("ev", 60, 80), R("garage", 60, 150));
        Assert.Null(verdicts[0]);
        Assert.True(verdicts[1]!.Ok); // first garage reading: nothing to compare yet
        Assert.Contains("starts its first interval", verdicts[1]!.Detail, StringComparison.Ordinal);
        var last = verdicts[5]!;
        Assert.True(last.Ok, last.Detail);
        Assert.Contains("from 2026-11-25T12:00:00.000Z to 2026-11-25T12:01:00.000Z the sub-meters of 'house' imported 80 Wh (garage 50 Wh, ev 30 Wh), within the parent's 100 Wh", last.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Sub_meters_together_above_their_parent_fail_on_the_sub_meter_reading()
    {
        var catalog = Catalog(("house", null), ("garage", "house"), ("ev", "house"));
        var verdicts = Judge(catalog,
            R("house", 0, 1000), R("garage", 0, 100), R("ev", 0, 50),
            R("house", 60, 1100), R("ev", 60, 110), R("garage", 60, 160));

        // ev alone (60 Wh) fits; with garage (60 Wh) the sub-meters used 120 Wh, the parent only 100 Wh (+5% +2 Wh = 107 Wh).
        Assert.True(verdicts[4]!.Ok, verdicts[4]!.Detail);
        var garage = verdicts[5]!;
        Assert.False(garage.Ok);
        Assert.Contains("imported 120 Wh (garage 60 Wh, ev 60 Wh), more than the parent's 100 Wh allows (107 Wh", garage.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parent_counter_is_interpolated_and_the_interval_ends_at_the_parents_newest_reading()
    {
        var catalog = Catalog(("house", null), ("garage", "house"));

        // The parent reports every 20 s at 1 Wh/s; garage at 0 s and 50 s. The parent's newest is at 40 s, so the
        // interval is 0–40 s: the parent used 40 Wh, garage (interpolated) 40 of its 50 Wh.
        var verdicts = Judge(catalog,
            R("house", 0, 0), R("garage", 0, 0), R("house", 20, 20), R("house", 40, 40), R("garage", 50, 50));
        Assert.True(verdicts[4]!.Ok, verdicts[4]!.Detail);
        Assert.Contains("to 2026-11-25T12:00:40.000Z the sub-meters of 'house' imported 40 Wh (garage 40 Wh), within the parent's 40 Wh", verdicts[4]!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_parent_readings_covering_the_interval_it_is_not_checked_and_says_why()
    {
        var catalog = Catalog(("house", null), ("garage", "house"));
        var verdicts = Judge(catalog, R("garage", 0, 0), R("house", 10, 0), R("garage", 60, 500));
        Assert.True(verdicts[2]!.Ok);
        Assert.Contains("the parent 'house' has no remembered valid import reading at or before 2026-11-25T12:00:00.000Z", verdicts[2]!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_meter_without_a_parent_gets_no_sub_meter_verdict()
    {
        var catalog = Catalog(("house", null), ("solar", null));
        Assert.All(Judge(catalog, R("house", 0, 0), R("house", 60, 10)), Assert.Null);
    }

    [Theory]
    [InlineData("nowhere", null, "Meters:1:Parent: 'nowhere' is not the Id of a configured meter.")]
    [InlineData("garage", null, "Meters:1:Parent: meter 'garage' cannot be its own parent.")]
    [InlineData("ev", "garage", "Meters:1:Parent: the parents form a cycle (garage → ev → garage)")]
    public void A_bad_parent_is_a_config_error_naming_the_key(string garageParent, string? evParent, string message)
    {
        var catalog = Catalog(("house", null), ("garage", garageParent), ("ev", evParent));
        var ex = Assert.Throws<InvalidDataException>(() => MeterTopology.From(catalog));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trail_keeps_the_newest_valid_import_readings_in_time_order_and_at_most_TrailLength()
    {
        MeterHistory? history = null;
        for (var i = 0; i < MeterHistory.TrailLength + 10; i++)
        {
            history = MeterHistory.After(history, R("house", i, i), valid: true, keepTrail: true);
        }

        history = MeterHistory.After(history, R("house", 5000, 1), valid: false, keepTrail: true);
        history = MeterHistory.After(history, R("house", 3, 9999), valid: true, keepTrail: true); // earlier than the newest: not kept
        Assert.Equal(MeterHistory.TrailLength, history.Trail!.Count);
        Assert.Equal(T0.AddSeconds(10), history.Trail[0].At);
        Assert.Equal(MeterHistory.TrailLength + 9, history.Trail[^1].Wh);
    }
}
