using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Hub.Ledger;

/// <summary>Fans live events out to subscribers; each has its own small buffer that drops its oldest events when full.</summary>
internal sealed class HubEventBroadcaster : IHubEvents
{
    private const int SubscriberBuffer = 1024;
    private readonly Lock _gate = new();
    private Channel<HubEvent>[] _subscribers = [];

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public void Publish(HubEvent hubEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(hubEvent);
        }
    }

    public async IAsyncEnumerable<HubEvent> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<HubEvent>(new BoundedChannelOptions(SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        try
        {
            await foreach (var hubEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return hubEvent;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers = [.. _subscribers.Where(c => c != channel)];
            }
        }
    }

    /// <summary>Ends every subscription (the hub is stopping).</summary>
    public void Complete()
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryComplete();
        }
    }
}
