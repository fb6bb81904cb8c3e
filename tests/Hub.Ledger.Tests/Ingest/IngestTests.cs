using Hub.Plugins.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Tests.Ingest;

public sealed class IngestTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_stored_reading_is_served_back_with_its_exact_values_and_verdicts()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var reading = Readings.At("house", 1, 1234.5, seq: 1);
        var outcome = await ledger.Ingest.IngestAsync(reading);

        Assert.Equal(IngestStatus.Stored, outcome.Status);
        Assert.True(outcome.IsDurable);
        var stored = ledger.Store.GetReading(outcome.ReadingId!.Value);
        Assert.NotNull(stored);
        Assert.Equal(reading.Timestamp, stored.Reading.Timestamp);
        Assert.Equal(1234.5, stored.Reading.EnergyImportWh);
        Assert.Equal([230.1], stored.Reading.VoltageV!);
        Assert.Equal(1UL, stored.Reading.Seq);
        Assert.True(stored.Valid);
        Assert.Equal(7, stored.Verdicts.Count);
        Assert.Null(stored.BlockHeight);
    }

    [Fact]
    public async Task A_redelivered_reading_is_stored_once_by_seq_or_by_timestamp()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var first = await ledger.Ingest.IngestAsync(Readings.At("house", 1, 100, seq: 5));
        var again = await ledger.Ingest.IngestAsync(Readings.At("house", 1, 100, seq: 5));
        var noSeq = await ledger.Ingest.IngestAsync(Readings.At("solar", 1, 100));
        var noSeqAgain = await ledger.Ingest.IngestAsync(Readings.At("solar", 1, 100));

        Assert.Equal(IngestStatus.Duplicate, again.Status);
        Assert.True(again.IsDurable);
        Assert.Equal(first.ReadingId, again.ReadingId);
        Assert.Equal(IngestStatus.Duplicate, noSeqAgain.Status);
        Assert.Equal(noSeq.ReadingId, noSeqAgain.ReadingId);
        Assert.Equal(2, ledger.Store.GetStatus().Readings);
    }

    [Fact]
    public async Task Duplicates_within_one_batch_are_stored_once()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var tasks = Enumerable.Range(0, 50).Select(_ => ledger.Ingest.IngestAsync(Readings.At("house", 1, 100, seq: 9)).AsTask()).ToArray();
        var outcomes = await Task.WhenAll(tasks);
        Assert.Single(outcomes, o => o.Status == IngestStatus.Stored);
        Assert.All(outcomes, o => Assert.Equal(outcomes[0].ReadingId, o.ReadingId));
        Assert.Equal(1, ledger.Store.GetStatus().Readings);
    }

    [Fact]
    public async Task A_reading_of_an_unconfigured_meter_is_rejected_and_not_stored()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var outcome = await ledger.Ingest.IngestAsync(Readings.At("garage", 1, 100, seq: 1));
        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.False(outcome.IsDurable);
        Assert.Contains("'garage' is not configured", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, ledger.Store.GetStatus().Readings);
    }

    [Fact]
    public async Task An_invalid_reading_is_kept_flagged_and_raised_as_an_alert()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        await ledger.Ingest.IngestAsync(Readings.At("house", 1, 2000, seq: 1));
        var bad = await ledger.Ingest.IngestAsync(Readings.At("house", 2, 1500, seq: 2));

        Assert.Equal(IngestStatus.Stored, bad.Status);
        Assert.False(bad.Valid);
        var stored = ledger.Store.GetReading(bad.ReadingId!.Value)!;
        Assert.False(stored.Valid);
        Assert.Contains(stored.Verdicts, v => v.Rule == "counter-monotonic" && !v.Ok);
        var alert = Assert.Single(ledger.Store.QueryAlerts(null, 10));
        Assert.Equal("invalid-reading", alert.Kind);
        Assert.Equal(bad.ReadingId, alert.ReadingId);
        Assert.Equal("house", alert.MeterId);
        Assert.Contains("fell from 2000 Wh to 1500 Wh", alert.Message, StringComparison.Ordinal);
        Assert.Equal(1, ledger.Store.GetStatus().InvalidReadings);

        // The bad reading does not become the reference: the next one is judged against 2000 Wh.
        // 50 Wh in 2 s (90 kW) stays within the counter-rate rule's 100 kW.
        var next = await ledger.Ingest.IngestAsync(Readings.At("house", 3, 2050, seq: 3));
        Assert.True(next.Valid);
    }

    [Fact]
    public async Task Readings_page_newest_last_and_the_cursor_walks_back_without_gaps_or_repeats()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        for (var i = 0; i < 25; i++)
        {
            await ledger.Ingest.IngestAsync(Readings.At("house", i, 100 + i, seq: (ulong)i));
            await ledger.Ingest.IngestAsync(Readings.At("solar", i, 100 + i, seq: (ulong)i));
        }

        var seen = new List<ulong>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = ledger.Store.QueryReadings(new ReadingQuery("house", null, null, 10, cursor));
            Assert.All(page.Items, r => Assert.Equal("house", r.Reading.MeterId));
            Assert.Equal(page.Items.OrderBy(r => r.Reading.Timestamp).Select(r => r.Id), page.Items.Select(r => r.Id));
            seen.InsertRange(0, page.Items.Select(r => r.Reading.Seq!.Value));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (ulong)i), seen);
        Assert.Equal(50, ledger.Store.QueryReadings(new ReadingQuery(null, null, null, 1000, null)).Items.Count);
    }

    [Fact]
    public async Task A_time_range_is_from_inclusive_to_exclusive()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        for (var i = 0; i < 10; i++)
        {
            await ledger.Ingest.IngestAsync(Readings.At("house", i, 100 + i, seq: (ulong)i));
        }

        var page = ledger.Store.QueryReadings(new ReadingQuery("house", Readings.T0.AddSeconds(3), Readings.T0.AddSeconds(6), 100, null));
        Assert.Equal([3UL, 4UL, 5UL], page.Items.Select(r => r.Reading.Seq!.Value));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task A_cursor_that_is_not_one_is_refused_naming_the_cursor()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var ex = Assert.Throws<ArgumentException>(() => ledger.Store.QueryReadings(new ReadingQuery("house", null, null, 10, "not-a-cursor")));
        Assert.Contains("cursor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_readings_are_committed_in_groups_with_one_fsync_per_batch()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var syncsBefore = ledger.Ledger.Store.LogSyncs;
        var tasks = Enumerable.Range(0, 2000).Select(i => ledger.Ingest.IngestAsync(Readings.At(i % 2 == 0 ? "house" : "solar", i, 100 + i, seq: (ulong)i)).AsTask());
        var outcomes = await Task.WhenAll(tasks);

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Stored, o.Status));
        var syncs = ledger.Ledger.Store.LogSyncs - syncsBefore;
        Assert.InRange(syncs, 1, 1000);
        Assert.Equal(2000, ledger.Store.GetStatus().Readings);
    }

    [Fact]
    public async Task Readings_survive_a_restart_and_the_rules_remember_each_meters_counters()
    {
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path))
        {
            await ledger.Ingest.IngestAsync(Readings.At("house", 1, 5000, seq: 1));
        }

        await using var reopened = await LedgerHost.StartAsync(_dir.Path);
        Assert.Equal(1, reopened.Store.GetStatus().Readings);
        Assert.Equal(IngestStatus.Duplicate, (await reopened.Ingest.IngestAsync(Readings.At("house", 1, 5000, seq: 1))).Status);
        var lower = await reopened.Ingest.IngestAsync(Readings.At("house", 2, 4000, seq: 2));
        Assert.False(lower.Valid);
        Assert.Equal(lower.ReadingId, reopened.Store.LastReading("house")!.Id);
    }

    [Fact]
    public async Task On_stop_every_queued_reading_is_written_before_the_store_closes()
    {
        Task<IngestOutcome[]> pending;
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path))
        {
            pending = Task.WhenAll(Enumerable.Range(0, 3000).Select(i => ledger.Ingest.IngestAsync(Readings.At("house", i, i, seq: (ulong)i)).AsTask()));
            await ledger.StopAsync();
        }

        var outcomes = await pending;
        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Stored, o.Status));
        await using var reopened = await LedgerHost.StartAsync(_dir.Path);
        Assert.Equal(3000, reopened.Store.GetStatus().Readings);
    }

    [Fact]
    public async Task After_stop_the_ingest_refuses_readings_so_that_meters_retry()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        await ledger.StopAsync();
        await Assert.ThrowsAsync<IngestClosedException>(async () => await ledger.Ingest.IngestAsync(Readings.At("house", 1, 1, seq: 1)));
    }

    [Fact]
    public async Task The_log_file_stays_bounded_by_checkpoints()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path, extra: new Dictionary<string, string?> { ["Hub:CheckpointLogMegabytes"] = "1", ["Hub:MaxBatchSize"] = "16" });
        for (var round = 0; round < 40; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i => ledger.Ingest.IngestAsync(Readings.At("house", (round * 100) + i, (round * 100) + i, seq: (ulong)((round * 100) + i))).AsTask()));
        }

        Assert.Equal(4000, ledger.Store.GetStatus().Readings);
        Assert.True(ledger.Ledger.Store.LogFileBytes < 2 * 1024 * 1024, $"log is {ledger.Ledger.Store.LogFileBytes} bytes");
    }

    [Fact]
    public async Task A_second_hub_on_the_same_data_dir_fails_to_start()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        using var second = LedgerHost.Build(_dir.Path);
        await Assert.ThrowsAsync<IOException>(() => second.StartAsync());
    }

    [Fact]
    public async Task Plugin_problems_are_counted_and_raised_as_alerts_at_a_bounded_rate()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var events = ledger.Events.SubscribeAsync(CancellationToken.None).GetAsyncEnumerator();
        var next = events.MoveNextAsync().AsTask();
        for (var i = 0; i < 5; i++)
        {
            ledger.Problems.Report(new IngestProblem("mqtt", IngestProblemKind.MalformedPayload, "house", "payload is not JSON", "client house"));
        }

        Assert.True(await next);
        var raised = Assert.IsType<AlertRaisedEvent>(events.Current);
        Assert.Equal("malformed-payload", raised.Alert.Kind);
        Assert.Equal(5, ledger.Board.ProblemCounts()["mqtt"]["malformed-payload"]);
        var alert = Assert.Single(ledger.Store.QueryAlerts(null, 10));
        Assert.Equal("mqtt", alert.Plugin);
        Assert.Equal("payload is not JSON", alert.Message);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Live_events_follow_durable_readings()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = ledger.Events.SubscribeAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync().AsTask();
        var outcome = await ledger.Ingest.IngestAsync(Readings.At("house", 1, 100, seq: 1));
        Assert.True(await next);
        var stored = Assert.IsType<ReadingStoredEvent>(events.Current);
        Assert.Equal(outcome.ReadingId, stored.Reading.Id);
        Assert.NotNull(ledger.Store.GetReading(stored.Reading.Id));
        await events.DisposeAsync();
    }

    [Theory]
    [InlineData("Hub:DataDir", "", "Hub:DataDir: is missing")]
    [InlineData("Hub:BlockSeconds", "0", "Hub:BlockSeconds: 0 is out of range")]
    [InlineData("Rules:MaxPowerW", "-5", "Rules:MaxPowerW: -5 must be a positive number")]
    public void Bad_settings_fail_at_start_naming_the_key(string key, string value, string expected)
    {
        using var host = LedgerHost.Build(_dir.Path, extra: new Dictionary<string, string?> { [key] = value });
        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
