using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Rules;

public sealed class PowerEnergyRuleTests
{
    private static readonly RuleOptions On = new() { PowerEnergyTolerancePercent = 20, PowerEnergySlackW = 50 };
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Reading Reading(double import, double export, double? power) => new()
    {
        MeterId = "house",
        Timestamp = Now,
        EnergyImportWh = import,
        EnergyExportWh = export,
        PowerW = power,
        Seq = 7,
    };

    // The meter's last valid reading, 60 s ago, at 10 000 Wh import / 500 Wh export.
    private static MeterHistory Before(double? power, int secondsAgo = 60) =>
        new(Now.AddSeconds(-secondsAgo), 6, 10_000, 500) { CountersAt = Now.AddSeconds(-secondsAgo), PowerW = power };

    private static Verdict PowerEnergy(Reading reading, MeterHistory? history, RuleOptions? rules = null) =>
        Assert.Single(RuleEngine.Evaluate(reading, Now, history, rules ?? On), v => v.Rule == RuleNames.PowerEnergy);

    [Fact]
    public void Import_growth_matching_the_reported_power_passes_and_says_the_average()
    {
        // 60 s at 2 kW → 2 kW: 33.333 Wh.
        var verdict = PowerEnergy(Reading(10_033.333, 500, 2000), Before(2000));
        Assert.True(verdict.Ok, verdict.Detail);
        Assert.Contains("average import 2000 W and export 0 W over 60 s", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_growing_far_faster_than_the_power_fails_with_the_numbers()
    {
        // 100 Wh in 60 s is 6 kW on average, but the meter said 500 W and 600 W.
        var verdict = PowerEnergy(Reading(10_100, 500, 600), Before(500));
        Assert.False(verdict.Ok);
        Assert.Contains("energyImportWh grew 100 Wh in 60 s, an average import of 6000 W", verdict.Detail, StringComparison.Ordinal);
        Assert.Contains("at most 830 W fits (600 W +20% Rules:PowerEnergyTolerancePercent, +50 W Rules:PowerEnergySlackW, +60 W for a 1 Wh counter step)", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stuck_counter_while_the_power_says_3_kW_fails_the_lower_bound()
    {
        var verdict = PowerEnergy(Reading(10_000, 500, 3000), Before(3000));
        Assert.False(verdict.Ok);
        Assert.Contains("grew only 0 Wh in 60 s", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_power_is_export_and_is_checked_against_the_export_counter()
    {
        // Exporting 1.2 kW for 60 s: export grows 20 Wh, import stays.
        Assert.True(PowerEnergy(Reading(10_000, 520, -1200), Before(-1200)).Ok);

        // The same growth on the import counter contradicts the sign of the power.
        var wrongWay = PowerEnergy(Reading(10_020, 500, -1200), Before(-1200));
        Assert.False(wrongWay.Ok);
        Assert.Contains("average import of 1200 W", wrongWay.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_interval_a_missing_power_or_no_history_is_not_checked_and_says_why()
    {
        var longGap = PowerEnergy(Reading(10_100, 500, 600), Before(500, secondsAgo: 3600));
        Assert.True(longGap.Ok);
        Assert.Contains("longer than 900 s (Rules:PowerEnergyMaxIntervalSeconds)", longGap.Detail, StringComparison.Ordinal);

        var noPower = PowerEnergy(Reading(10_100, 500, null), Before(500));
        Assert.True(noPower.Ok);
        Assert.StartsWith("not checked", noPower.Detail, StringComparison.Ordinal);

        Assert.True(PowerEnergy(Reading(10_100, 500, 600), null).Ok);
    }

    [Fact]
    public void Without_a_tolerance_in_config_the_rule_does_not_run()
    {
        Assert.DoesNotContain(RuleEngine.Evaluate(Reading(10_100, 500, 600), Now, Before(500), new RuleOptions()), v => v.Rule == RuleNames.PowerEnergy);
    }

    [Fact]
    public void The_history_remembers_the_power_of_the_last_valid_counter_reading_only()
    {
        var first = Reading(10_000, 500, 700) with { Timestamp = Now.AddSeconds(-60) };
        var history = MeterHistory.After(null, first, valid: true);
        Assert.Equal(700, history.PowerW);
        Assert.Equal(700, MeterHistory.After(history, Reading(9_000, 500, 99), valid: false).PowerW);
    }
}
