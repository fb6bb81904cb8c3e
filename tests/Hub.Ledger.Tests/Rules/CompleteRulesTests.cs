using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Rules;

public sealed class CompleteRulesTests
{
    private static readonly RuleOptions Defaults = new();
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Reading Reading(double import, int secondsFromNow = 0, string? signature = null) => new()
    {
        MeterId = "house",
        Timestamp = Now.AddSeconds(secondsFromNow),
        EnergyImportWh = import,
        EnergyExportWh = 0,
        PowerW = 500,
        Seq = 7,
        Signature = signature,
    };

    private static MeterHistory After(double import, int secondsFromNow) =>
        new(Now.AddSeconds(secondsFromNow), 6, import, 0) { CountersAt = Now.AddSeconds(secondsFromNow) };

    private static Verdict Of(IReadOnlyList<Verdict> verdicts, string rule) => Assert.Single(verdicts, v => v.Rule == rule);

    [Fact]
    public void A_counter_growing_faster_than_the_rated_power_fails_counter_rate()
    {
        // 60 s at 100 kW is 1666.7 Wh; 3000 Wh is 180 kW on average.
        var verdict = Of(RuleEngine.Evaluate(Reading(13_000), Now, After(10_000, -60), Defaults), RuleNames.CounterRate);
        Assert.False(verdict.Ok);
        Assert.Contains("grew 3000 Wh in 60 s (180000 W on average)", verdict.Detail, StringComparison.Ordinal);
        Assert.True(Of(RuleEngine.Evaluate(Reading(11_600), Now, After(10_000, -60), Defaults), RuleNames.CounterRate).Ok);
    }

    [Fact]
    public void A_meters_own_rated_power_overrides_the_default()
    {
        var meter = new MeterRules(3_000, null);
        var verdict = Of(RuleEngine.Evaluate(Reading(10_200), Now, After(10_000, -60), Defaults, meter), RuleNames.CounterRate);
        Assert.False(verdict.Ok);
        Assert.Contains("the meter's MaxPowerW", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_counter_falling_to_zero_is_a_reset_and_a_wrap_at_the_configured_rollover_is_not_a_decrease()
    {
        var reset = RuleEngine.Evaluate(Reading(3), Now, After(10_000, -60), Defaults);
        Assert.False(Of(reset, RuleNames.CounterReset).Ok);
        Assert.False(Of(reset, RuleNames.CounterMonotonic).Ok);

        var rollover = new RuleOptions { CounterRolloverWh = 100_000 };
        var wrapped = RuleEngine.Evaluate(Reading(200), Now, After(99_900, -60), rollover);
        Assert.True(Of(wrapped, RuleNames.CounterReset).Ok);
        Assert.Contains("rolled over", Of(wrapped, RuleNames.CounterReset).Detail, StringComparison.Ordinal);
        Assert.True(Of(wrapped, RuleNames.CounterMonotonic).Ok);
        Assert.True(Of(wrapped, RuleNames.CounterRate).Ok);
    }

    [Fact]
    public void A_reading_older_than_the_previous_one_fails_timestamp_order()
    {
        var verdict = Of(RuleEngine.Evaluate(Reading(10_000, -120), Now, After(10_000, -60), Defaults), RuleNames.TimestampOrder);
        Assert.False(verdict.Ok);
        Assert.Contains("earlier than the meter's previous reading", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_meter_needs_its_own_keys_signature_over_the_reading_encoding()
    {
        var meterKey = Secp256k1Key.Generate();
        var meter = new MeterRules(null, meterKey.Address);
        var unsigned = Reading(10_000);
        var signed = unsigned with { Signature = meterKey.Sign(CanonicalEncoding.ReadingHash(unsigned)).ToHex() };
        var byOther = unsigned with { Signature = Secp256k1Key.Generate().Sign(CanonicalEncoding.ReadingHash(unsigned)).ToHex() };
        var altered = signed with { EnergyImportWh = 10_001 };

        Assert.True(Of(RuleEngine.Evaluate(signed, Now, null, Defaults, meter), RuleNames.Signature).Ok);
        Assert.False(Of(RuleEngine.Evaluate(unsigned, Now, null, Defaults, meter), RuleNames.Signature).Ok);
        Assert.Contains("not by the meter's registered key", Of(RuleEngine.Evaluate(byOther, Now, null, Defaults, meter), RuleNames.Signature).Detail, StringComparison.Ordinal);
        Assert.False(Of(RuleEngine.Evaluate(altered, Now, null, Defaults, meter), RuleNames.Signature).Ok);
        Assert.DoesNotContain(RuleEngine.Evaluate(signed, Now, null, Defaults), v => v.Rule == RuleNames.Signature);
    }

    [Fact]
    public void The_verdicts_are_identical_across_two_runs()
    {
        var readings = Enumerable.Range(0, 200).Select(i => Reading(10_000 + (i % 17 == 0 ? -50 : i * 30), i % 23 == 0 ? i - 5 : i)).ToList();
        IReadOnlyList<IReadOnlyList<Verdict>> Run()
        {
            MeterHistory? history = null;
            var all = new List<IReadOnlyList<Verdict>>();
            foreach (var r in readings)
            {
                var v = RuleEngine.Evaluate(r, Now.AddSeconds(300), history, Defaults);
                all.Add(v);
                history = MeterHistory.After(history, r, v.All(x => x.Ok));
            }

            return all;
        }

        var first = Run();
        var second = Run();
        Assert.Equal(first.Select(v => string.Join("|", v)), second.Select(v => string.Join("|", v)));
        Assert.Contains(first, v => !v.All(x => x.Ok));
    }
}
