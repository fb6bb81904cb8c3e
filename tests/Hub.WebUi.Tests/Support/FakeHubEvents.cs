using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hub.Ledger;

namespace Hub.WebUi.Tests.Support;

/// <summary>
/// Live events for tests, shaped like the real fan-out: an async iterator that registers its subscriber on the
/// first MoveNextAsync and unregisters when it is disposed or cancelled.
/// </summary>
public sealed class FakeHubEvents : IHubEvents
{
    private readonly object _gate = new();
    private readonly List<Channel<HubEvent>> _subscribers = [];
    private int _started;

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>How many subscriptions were ever started (a reconnect adds one).</summary>
    public int SubscriptionsStarted
    {
        get
        {
            lock (_gate)
            {
                return _started;
            }
        }
    }

    public async IAsyncEnumerable<HubEvent> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<HubEvent>();
        lock (_gate)
        {
            _subscribers.Add(channel);
            _started++;
        }

        try
        {
            await foreach (var hubEvent in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return hubEvent;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    public void Publish(HubEvent hubEvent)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(hubEvent);
            }
        }
    }

    /// <summary>Ends every current subscription, as the real feed does when the hub stops.</summary>
    public void CompleteAll()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
        }
    }

    public Task WaitForSubscribersAsync(int count, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => SubscriberCount == count, timeout);

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
