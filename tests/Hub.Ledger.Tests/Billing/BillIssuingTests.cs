using Hub.Ledger.Billing;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Ledger.Tests.Billing;

/// <summary>The issuing service in a real ledger host on a real LiteDB file, with hourly periods.</summary>
public sealed class BillIssuingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Ended_periods_are_issued_once_and_never_change_across_a_restart()
    {
        var hour = await HourStartAsync();
        var first = hour.AddHours(-3).AddSeconds(150);
        List<Bill> issued;
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, ["house"], Settings()))
        {
            await IngestMinutesAsync(ledger, first, DateTimeOffset.UtcNow.AddSeconds(-1), 1_000_000);
            var book = ledger.Services.GetRequiredService<IBillBook>();
            var all = await WaitForAsync(book, bills => bills.Count(b => b.PeriodEnd <= hour) == 3);
            issued = [.. all.Where(b => b.PeriodEnd <= hour).OrderBy(b => b.Sequence)];
            Assert.Equal([hour.AddHours(-3), hour.AddHours(-2), hour.AddHours(-1)], issued.Select(b => b.PeriodStart));
            Assert.All(issued, b =>
            {
                Assert.Equal(Bill.BillKind, b.Kind);
                Assert.Equal(b.Lines.Sum(l => l.Amount), b.Total);
                Assert.Equal(BillEncoding.Hash(b with { Hash = [] }), b.Hash);
                Assert.True(b.LastBlockHeight > 0);
            });

            // 20 Wh a minute from the first reading (2.5 minutes into the first hour) to the end of the third hour.
            Assert.Equal(3.55m, issued.SelectMany(b => b.Lines).Where(l => l.Kind == BillLine.Import).Sum(l => l.Quantity));
            // 1.15 kWh × 0.30 = 0.345 rounds away from zero to 0.35; then 0.36 twice; 0.48 a day is 0.02 an hour.
            Assert.Equal([0.37m, 0.38m, 0.38m], issued.Select(b => b.Total));
        }

        await using var again = await LedgerHost.StartAsync(_dir.Path, ["house"], Settings());
        await Task.Delay(3000); // three rounds of the issuing service
        var after = again.Services.GetRequiredService<IBillBook>().List(null, 100);
        foreach (var bill in issued)
        {
            var stored = Assert.Single(after, b => b.Id == bill.Id);
            Assert.Equal(bill.Hash, stored.Hash);
            Assert.Equal(bill.IssuedAt, stored.IssuedAt);
            Assert.Single(after, b => b.Kind == Bill.BillKind && b.PeriodStart == bill.PeriodStart);
        }
    }

    [Fact]
    public async Task A_late_reading_that_changes_an_issued_period_gives_a_credit_note_and_a_new_bill()
    {
        var hour = await HourStartAsync();
        await using var ledger = await LedgerHost.StartAsync(_dir.Path, ["house"], Settings(issueDelaySeconds: 2));
        var book = ledger.Services.GetRequiredService<IBillBook>();
        var last = await IngestMinutesAsync(ledger, hour.AddHours(-3).AddSeconds(150), hour.AddHours(-2).AddMinutes(30), 1_000_000);

        // The meter fell silent half-way through hour H-2; once Tariff:IssueDelaySeconds passed, H-2 is issued without the tail.
        var bills = await WaitForAsync(book, b => b.Any(x => x.PeriodStart == hour.AddHours(-2)));
        var original = Assert.Single(bills, b => b.PeriodStart == hour.AddHours(-2));
        Assert.DoesNotContain(original.Lines, l => l.Estimated);

        // It reports again: the counter grew 10 kWh across the gap, part of which belongs to H-2.
        Assert.True((await ledger.Ingest.IngestAsync(Reading(DateTimeOffset.UtcNow.AddSeconds(-1), last + 10_000))).IsDurable);
        bills = await WaitForAsync(book, b => b.Any(x => x.Refers == original.Id && x.Kind == Bill.CreditNoteKind));
        var credit = Assert.Single(bills, b => b.Refers == original.Id && b.Kind == Bill.CreditNoteKind);
        var replacement = Assert.Single(bills, b => b.Refers == original.Id && b.Kind == Bill.BillKind);
        Assert.Equal(-original.Total, credit.Total);
        Assert.Equal(original.Lines.Select(l => -l.Amount), credit.Lines.Select(l => l.Amount));
        Assert.True(replacement.Sequence > credit.Sequence);
        var estimate = Assert.Single(replacement.Lines, l => l.Estimated);
        Assert.Equal("gap", estimate.EstimateReason);
        Assert.Equal(hour.AddHours(-2).AddMinutes(29).AddSeconds(30), estimate.From); // the last minute reading
        Assert.Equal(hour.AddHours(-1), estimate.To);
        Assert.True(replacement.Total > original.Total);

        // The original never changed, and the API lists what refers to it.
        var stored = book.Find(original.Id)!;
        Assert.Equal(original.Hash, stored.Hash);
        Assert.Equal(original.Total, stored.Total);
        Assert.Equal([credit.Id, replacement.Id], book.ReferringTo(original.Id).Select(b => b.Id));

        // The chain sync sees every bill once, in issue order, the credit note as a negative amount.
        var feed = ledger.Services.GetRequiredService<IBillSettlementFeed>().IssuedAfter(0, 1000);
        Assert.Equal(Enumerable.Range(1, feed.Count).Select(i => (long)i), feed.Select(f => f.Sequence));
        var settled = Assert.Single(feed, f => f.BillId == credit.Id);
        Assert.Equal(-original.TotalMinorUnits, settled.AmountMinorUnits);
        Assert.Equal(credit.Hash, settled.BillHash);
        Assert.Equal("EUR", settled.Currency);
    }

    private static Dictionary<string, string?> Settings(double issueDelaySeconds = 3600) => new()
    {
        ["Hub:BlockSeconds"] = "1",
        ["Tariff:IssueDelaySeconds"] = issueDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tariff:Currency"] = "EUR",
        ["Tariff:TimeZone"] = "Europe/Berlin",
        ["Tariff:Period"] = "Hourly",
        ["Tariff:ImportPricePerKwh"] = "0.30",
        ["Tariff:StandingChargePerDay"] = "0.48",
        ["Tariff:Rounding"] = "AwayFromZero",
    };

    /// <summary>The start of the current UTC hour, at least 35 s ago (so a minute reading 30 s past it exists by now).</summary>
    private static async Task<DateTimeOffset> HourStartAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        if (now - hour < TimeSpan.FromSeconds(35))
        {
            await Task.Delay(TimeSpan.FromSeconds(35) - (now - hour));
        }

        return hour;
    }

    /// <summary>A reading a minute from <paramref name="from"/> to <paramref name="to"/>, 20 Wh each; returns the last counter.</summary>
    private static async Task<double> IngestMinutesAsync(LedgerHost ledger, DateTimeOffset from, DateTimeOffset to, double import)
    {
        for (var t = from; t <= to; t = t.AddMinutes(1), import += 20)
        {
            Assert.True((await ledger.Ingest.IngestAsync(Reading(t, import))).IsDurable);
        }

        return import - 20;
    }

    private static Reading Reading(DateTimeOffset at, double importWh) => new()
    {
        MeterId = "house",
        Timestamp = ReadingJson.TruncateToMilliseconds(at),
        EnergyImportWh = importWh,
        EnergyExportWh = 0,
        PowerW = 1200,
    };

    private static async Task<IReadOnlyList<Bill>> WaitForAsync(IBillBook book, Func<IReadOnlyList<Bill>, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var bills = book.List(null, 1000);
            if (done(bills))
            {
                return bills;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"no such bills within 30 s; issued: {string.Join(", ", bills.Select(b => $"{b.Id} {b.PeriodStart:o}"))}");
            await Task.Delay(100);
        }
    }
}
