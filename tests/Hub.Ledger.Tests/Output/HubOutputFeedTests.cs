using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Output;

/// <summary>The ledger's <see cref="IHubOutputFeed"/>: a snapshot of every meter first, then stored readings, alerts and link changes.</summary>
public sealed class HubOutputFeedTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_subscriber_gets_the_snapshot_then_readings_alerts_and_status_changes_in_order()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var before = await ledger.Ingest.IngestAsync(Readings.At("house", 1, 1000, seq: 1));
        using var cts = new CancellationTokenSource(Wait);
        await using var feed = ledger.Output.SubscribeAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        // Snapshot: each configured meter's status, then its last reading (house has one, solar none).
        Assert.True(await feed.MoveNextAsync());
        Assert.Equal(new MeterStatusOutput("house", MeterLinkState.Unknown, null, null), feed.Current);
        Assert.True(await feed.MoveNextAsync());
        var last = Assert.IsType<ReadingOutput>(feed.Current);
        Assert.Equal(before.ReadingId, last.Id);
        Assert.True(last.Valid);
        Assert.True(await feed.MoveNextAsync());
        Assert.Equal(new MeterStatusOutput("solar", MeterLinkState.Unknown, null, null), feed.Current);

        // Live: a valid reading, an invalid one (lower counter) with its alert, and a status change.
        var valid = await ledger.Ingest.IngestAsync(Readings.At("house", 60, 1010, seq: 2));
        var invalid = await ledger.Ingest.IngestAsync(Readings.At("house", 120, 900, seq: 3));
        ledger.Status.MarkOnline("solar");

        var live = new List<HubOutput>();
        while (live.Count < 4 && await feed.MoveNextAsync())
        {
            live.Add(feed.Current);
        }

        var readings = live.OfType<ReadingOutput>().ToList();
        Assert.Equal([valid.ReadingId!.Value, invalid.ReadingId!.Value], readings.Select(r => r.Id));
        Assert.Equal([true, false], readings.Select(r => r.Valid));
        var alert = Assert.Single(live.OfType<AlertOutput>());
        Assert.Equal("invalid-reading", alert.Kind);
        Assert.Equal("house", alert.MeterId);
        Assert.Equal(invalid.ReadingId, alert.ReadingId);
        Assert.Equal(ledger.Store.QueryAlerts(null, 10).Single().Id, alert.Id);
        var status = Assert.Single(live.OfType<MeterStatusOutput>());
        Assert.Equal("solar", status.MeterId);
        Assert.Equal(MeterLinkState.Online, status.State);
        Assert.NotNull(status.Since);
    }

    [Fact]
    public async Task The_feed_ends_when_the_hub_stops()
    {
        var ledger = await LedgerHost.StartAsync(_dir.Path, ["house"]);
        try
        {
            using var cts = new CancellationTokenSource(Wait);
            await using var feed = ledger.Output.SubscribeAsync(cts.Token).GetAsyncEnumerator(cts.Token);
            Assert.True(await feed.MoveNextAsync());
            Assert.IsType<MeterStatusOutput>(feed.Current);

            await ledger.StopAsync();

            Assert.False(await feed.MoveNextAsync().AsTask().WaitAsync(Wait));
        }
        finally
        {
            await ledger.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_status_is_sent_again_after_the_repeat_interval_though_unchanged()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path, ["house"]);
        ledger.Status.MarkOnline("house");
        using var cts = new CancellationTokenSource(Wait + HubOutputFeed.StatusRepeatInterval);
        await using var feed = ledger.Output.SubscribeAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await feed.MoveNextAsync());
        var snapshot = Assert.IsType<MeterStatusOutput>(feed.Current);
        Assert.Equal(MeterLinkState.Online, snapshot.State);
        var subscribed = TimeProvider.System.GetTimestamp();

        // Nothing changes; the same status comes again, not before the repeat interval (a lower bound only).
        Assert.True(await feed.MoveNextAsync());
        Assert.Equal(snapshot, feed.Current);
        Assert.True(TimeProvider.System.GetElapsedTime(subscribed) >= HubOutputFeed.StatusRepeatInterval - HubOutputFeed.StatusPollInterval);
    }
}
