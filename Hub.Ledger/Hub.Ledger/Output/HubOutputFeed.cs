using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>
/// <see cref="IHubOutputFeed"/> over the ledger: live events from <see cref="IHubEvents"/>, meters' link state from
/// <see cref="IMeterStatusBoard"/> (which has no change event, so it is compared every <see cref="StatusPollInterval"/>,
/// and every status is sent again every <see cref="StatusRepeatInterval"/>),
/// and a snapshot first so a publisher that starts (or restarts) after readings were stored still has every meter's
/// last reading.
/// </summary>
internal sealed class HubOutputFeed(
    IHubEvents events,
    IMeterStatusBoard board,
    IReadingStore store,
    MeterCatalog catalog,
    TimeProvider time) : IHubOutputFeed
{
    public static readonly TimeSpan StatusPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Every meter's status is sent again this often even when it has not changed. A publisher can lose a change for
    /// good: MQTTnet copies a new subscription's retained messages before it registers the subscription, so a status
    /// injected in between reaches that subscriber neither live nor retained — and an http push meter's status never
    /// changes again, so Home Assistant would show it unavailable until the hub restarts.
    /// </summary>
    public static readonly TimeSpan StatusRepeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>Per subscriber, like the broadcaster's: a slow publisher drops its oldest items.</summary>
    private const int Buffer = 1024;

    public async IAsyncEnumerable<HubOutput> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = Channel.CreateBounded<HubOutput>(new BoundedChannelOptions(Buffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        // The first MoveNextAsync subscribes at once; the broadcaster then buffers what is stored while the snapshot is
        // read, and the pump below drains it after the snapshot, so a newer live reading never precedes an older one.
        var live = events.SubscribeAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var first = live.MoveNextAsync();
        var known = WriteSnapshot(output.Writer);
        var pumps = Task.WhenAll(PumpEventsAsync(live, first, output.Writer), PollStatusAsync(known, output.Writer, stop.Token));
        try
        {
            await foreach (var item in output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pumps.ConfigureAwait(false);
            await live.DisposeAsync().ConfigureAwait(false);
        }
    }

    public static HubOutput? Map(HubEvent hubEvent) => hubEvent switch
    {
        ReadingStoredEvent { Reading: var r } => new ReadingOutput(r.Id, r.Reading, r.ReceivedAt, r.Valid),
        AlertRaisedEvent { Alert: var a } => new AlertOutput(a.Id, a.At, a.Kind, a.MeterId, a.Message, a.ReadingId, a.Plugin),
        _ => null,
    };

    private Dictionary<string, MeterStatusSnapshot> WriteSnapshot(ChannelWriter<HubOutput> writer)
    {
        var known = new Dictionary<string, MeterStatusSnapshot>(StringComparer.Ordinal);
        foreach (var meter in catalog.All)
        {
            var status = board.StatusOf(meter.Id);
            known[meter.Id] = status;
            writer.TryWrite(new MeterStatusOutput(meter.Id, status.State, status.Since, status.Reason));
            if (store.LastReading(meter.Id) is { } last)
            {
                writer.TryWrite(new ReadingOutput(last.Id, last.Reading, last.ReceivedAt, last.Valid));
            }
        }

        return known;
    }

    private static async Task PumpEventsAsync(IAsyncEnumerator<HubEvent> live, ValueTask<bool> first, ChannelWriter<HubOutput> writer)
    {
        try
        {
            var more = await first.ConfigureAwait(false);
            while (more)
            {
                if (Map(live.Current) is { } item)
                {
                    writer.TryWrite(item);
                }

                more = await live.MoveNextAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The subscriber left.
        }

        // The broadcaster completed (the hub stops) or the subscriber left: either way this feed ends.
        writer.TryComplete();
    }

    private async Task PollStatusAsync(Dictionary<string, MeterStatusSnapshot> known, ChannelWriter<HubOutput> writer, CancellationToken cancellationToken)
    {
        var repeatEvery = (int)(StatusRepeatInterval / StatusPollInterval);
        var ticks = 0;
        using var timer = new PeriodicTimer(StatusPollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var repeat = ++ticks % repeatEvery == 0;
                foreach (var meter in catalog.All)
                {
                    var meterId = meter.Id;
                    var now = board.StatusOf(meterId);
                    if (repeat || !known.TryGetValue(meterId, out var before) || now.State != before.State || now.Since != before.Since)
                    {
                        known[meterId] = now;
                        writer.TryWrite(new MeterStatusOutput(meterId, now.State, now.Since, now.Reason));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The subscriber left.
        }
    }
}
