using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Rules;

public sealed class RuleEngineTests
{
    private static readonly RuleOptions Defaults = new();
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Reading Reading(double import = 1000, double power = 500, int secondsFromNow = 0, double voltage = 230) => new()
    {
        MeterId = "house",
        Timestamp = Now.AddSeconds(secondsFromNow),
        EnergyImportWh = import,
        EnergyExportWh = 0,
        PowerW = power,
        VoltageV = [voltage],
        FrequencyHz = 50,
        Seq = 7,
    };

    private static Verdict Of(IReadOnlyList<Verdict> verdicts, string rule) => Assert.Single(verdicts, v => v.Rule == rule);

    [Fact]
    public void A_plausible_first_reading_passes_every_rule()
    {
        var verdicts = RuleEngine.Evaluate(Reading(), Now, null, Defaults);
        Assert.Equal([RuleNames.Range, RuleNames.CounterMonotonic, RuleNames.CounterReset, RuleNames.CounterRate, RuleNames.Timestamp, RuleNames.TimestampOrder, RuleNames.Duplicate], verdicts.Select(v => v.Rule));
        Assert.All(verdicts, v => Assert.True(v.Ok, v.Detail));
        Assert.Equal("first reading of this meter", Of(verdicts, RuleNames.CounterMonotonic).Detail);
    }

    [Fact]
    public void A_falling_import_counter_fails_counter_monotonic_and_says_by_how_much()
    {
        var history = new MeterHistory(Now.AddSeconds(-10), 6, 1500, 0);
        var verdict = Of(RuleEngine.Evaluate(Reading(import: 1200), Now, history, Defaults), RuleNames.CounterMonotonic);
        Assert.False(verdict.Ok);
        Assert.Contains("energyImportWh fell from 1500 Wh to 1200 Wh", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_equal_counter_is_not_a_decrease()
    {
        var history = new MeterHistory(Now.AddSeconds(-10), 6, 1000, 0);
        Assert.True(Of(RuleEngine.Evaluate(Reading(import: 1000), Now, history, Defaults), RuleNames.CounterMonotonic).Ok);
    }

    [Theory]
    [InlineData(150_000, 230, "powerW 150000 W")]
    [InlineData(-150_000, 230, "powerW -150000 W")]
    [InlineData(500, 612, "voltageV L1 612 V")]
    public void Values_beyond_their_range_fail_the_range_rule_naming_the_field(double power, double voltage, string expected)
    {
        var verdict = Of(RuleEngine.Evaluate(Reading(power: power, voltage: voltage), Now, null, Defaults), RuleNames.Range);
        Assert.False(verdict.Ok);
        Assert.Contains(expected, verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_come_from_the_options()
    {
        var strict = new RuleOptions { MaxPowerW = 400 };
        Assert.False(Of(RuleEngine.Evaluate(Reading(power: 500), Now, null, strict), RuleNames.Range).Ok);
        Assert.True(Of(RuleEngine.Evaluate(Reading(power: 500), Now, null, Defaults), RuleNames.Range).Ok);
    }

    [Theory]
    [InlineData(301, false)]
    [InlineData(299, true)]
    [InlineData(-29 * 86400, true)]
    [InlineData(-31 * 86400, false)]
    public void Timestamps_too_far_ahead_or_too_old_fail(int secondsFromNow, bool ok)
    {
        var verdict = Of(RuleEngine.Evaluate(Reading(secondsFromNow: secondsFromNow), Now, null, Defaults), RuleNames.Timestamp);
        Assert.Equal(ok, verdict.Ok);
    }

    [Fact]
    public void A_second_reading_for_the_same_instant_fails_duplicate()
    {
        var history = new MeterHistory(Now, 6, 900, 0);
        var verdict = Of(RuleEngine.Evaluate(Reading(), Now, history, Defaults), RuleNames.Duplicate);
        Assert.False(verdict.Ok);
        Assert.Contains("seq 6", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_inputs_always_give_the_same_verdicts()
    {
        var history = new MeterHistory(Now.AddSeconds(-1), 6, 1500, 0);
        var first = RuleEngine.Evaluate(Reading(import: 1200, power: 200_000), Now, history, Defaults);
        var second = RuleEngine.Evaluate(Reading(import: 1200, power: 200_000), Now, history, Defaults);
        Assert.Equal(first, second);
    }

    [Fact]
    public void History_remembers_only_valid_counters()
    {
        var history = new MeterHistory(Now, 1, 1500, 0);
        var after = MeterHistory.After(history, Reading(import: 1200) with { Timestamp = Now.AddSeconds(1) }, valid: false);
        Assert.Equal(1500, after.ImportWh);
        Assert.Equal(Now.AddSeconds(1), after.LastTimestamp);
        var afterValid = MeterHistory.After(after, Reading(import: 1600), valid: true);
        Assert.Equal(1600, afterValid.ImportWh);
    }
}
