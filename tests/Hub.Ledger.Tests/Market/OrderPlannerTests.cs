using FsCheck;
using FsCheck.Fluent;
using Hub.Ledger.Market;

namespace Hub.Ledger.Tests.Market;

public sealed class OrderPlannerTests
{
    private static readonly DeliveryIntervals Quarter = new(900);

    // A summer noon, UTC.
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static MarketOptions Policy(MarketMode mode) => new()
    {
        Mode = mode,
        Meter = "house",
        SellThresholdWh = 50,
        MinSellPricePerKwh = 0.12m,
        MaxBuyWhPerInterval = 300,
        MaxBuyPricePerKwh = 0.25m,
        LookbackIntervals = 2,
        OrderLeadSeconds = 60,
    };

    [Fact]
    public void Intervals_follow_unix_time_like_the_contract()
    {
        var index = Quarter.IndexOf(Noon);
        Assert.Equal(Noon.ToUnixTimeSeconds() / 900, index);
        Assert.Equal(Noon, Quarter.StartOf(index));
        Assert.Equal(index - 1, Quarter.IndexOf(Noon.AddTicks(-1)));
        Assert.Equal(Noon.AddMinutes(15), Quarter.EndOf(index));
    }

    [Fact]
    public void The_next_open_interval_skips_one_whose_order_deadline_has_passed()
    {
        var index = Quarter.IndexOf(Noon);
        Assert.Equal(index + 1, Quarter.NextOpen(Noon.AddMinutes(13), 60));   // 2 min before the next start
        Assert.Equal(index + 2, Quarter.NextOpen(Noon.AddMinutes(14).AddSeconds(1), 60)); // 59 s before: too late
        Assert.Equal(index + 2, Quarter.NextOpen(Noon.AddMinutes(14), 60));   // exactly at the deadline: too late
    }

    [Fact]
    public void A_surplus_is_offered_above_the_threshold_at_the_minimum_price()
    {
        var now = Noon.AddMinutes(5);
        var current = Quarter.IndexOf(now);
        IntervalEnergy[] history = [new(current - 2, 10, 400), new(current - 1, 20, 610), new(current, 0, 5000)];

        var plan = OrderPlanner.Plan(Policy(MarketMode.Both), history, now);

        // The current interval is still filling and does not count: mean of (390, 590) = 490, minus 50 kept back.
        Assert.Equal(current + 1, plan.Interval);
        Assert.Equal(440, plan.SellWh);
        Assert.Equal(0.12m, plan.MinPricePerKwh);
        Assert.Equal(0, plan.BuyWh);
        Assert.Equal(490, plan.ForecastNetExportWh);
        Assert.Contains("offer 440 Wh", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shortfall_is_bid_for_up_to_the_limit_and_a_seller_only_policy_bids_nothing()
    {
        var now = Noon.AddMinutes(5);
        var current = Quarter.IndexOf(now);
        IntervalEnergy[] history = [new(current - 2, 500, 0), new(current - 1, 300, 0)];

        var both = OrderPlanner.Plan(Policy(MarketMode.Both), history, now);
        Assert.Equal(300, both.BuyWh); // shortfall 400, capped at 300
        Assert.Equal(0.25m, both.MaxPricePerKwh);
        Assert.Equal(0, both.SellWh);

        var sellOnly = OrderPlanner.Plan(Policy(MarketMode.Sell), history, now);
        Assert.True(sellOnly.IsEmpty);
        Assert.Contains("nothing to trade", sellOnly.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_or_without_history_there_are_no_orders_and_the_reason_says_why()
    {
        var off = OrderPlanner.Plan(Policy(MarketMode.Off), [new(Quarter.IndexOf(Noon) - 1, 0, 1000)], Noon);
        Assert.True(off.IsEmpty);
        Assert.Contains("off", off.Reason, StringComparison.Ordinal);

        var empty = OrderPlanner.Plan(Policy(MarketMode.Both), [], Noon);
        Assert.True(empty.IsEmpty);
        Assert.Contains("no complete interval", empty.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Interval_energy_interpolates_boundaries_and_leaves_out_gaps()
    {
        var start = Quarter.StartOf(Quarter.IndexOf(Noon));
        CounterSample[] samples =
        [
            new(start.AddMinutes(-5), 1000, 2000),
            new(start.AddMinutes(5), 1100, 2100),   // 10 Wh/min import and export
            new(start.AddMinutes(20), 1250, 2400),  // 10 Wh/min import, 20 Wh/min export
            new(start.AddMinutes(31), 1360, 2620),
            new(start.AddHours(3), 3000, 9000),     // after a gap longer than 1 h
        ];

        var energy = IntervalEnergy.FromCounters(samples, Quarter, TimeSpan.FromHours(1));

        var first = Assert.Single(energy, e => e.Index == Quarter.IndexOf(Noon));
        Assert.Equal(150, first.ImportWh, 6); // 1050 → 1200
        Assert.Equal(250, first.ExportWh, 6); // 2050 → 2300
        var second = Assert.Single(energy, e => e.Index == Quarter.IndexOf(Noon) + 1);
        Assert.Equal(150, second.ImportWh, 6); // 1200 → 1350
        Assert.Equal(300, second.ExportWh, 6); // 2300 → 2600
        Assert.Equal(2, energy.Count); // the intervals inside the gap are not guessed
    }

    [Fact]
    public void Interval_energies_add_up_to_the_counter_difference_between_covered_boundaries()
    {
        Prop.ForAll(
            Gen.Choose(1, 600).ListOf().Where(l => l.Count >= 2).ToArbitrary(),
            steps =>
            {
                var t = Quarter.StartOf(Quarter.IndexOf(Noon));
                var import = 0.0;
                var samples = new List<CounterSample>();
                foreach (var step in steps)
                {
                    t = t.AddSeconds(step);
                    import += step * 0.5;
                    samples.Add(new CounterSample(t, import, import * 2));
                }

                var energy = IntervalEnergy.FromCounters(samples, Quarter, TimeSpan.FromHours(1));
                var total = energy.Sum(e => e.ImportWh);
                var covered = energy.Count == 0 ? 0 : (Quarter.EndOf(energy[^1].Index) - Quarter.StartOf(energy[0].Index)).TotalSeconds * 0.5;
                return Math.Abs(total - covered) < 1e-6 && energy.All(e => Math.Abs(e.ExportWh - (2 * e.ImportWh)) < 1e-6);
            }).QuickCheckThrowOnFailure();
    }
}
