using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

/// <summary>The seam where the ledger hands stored readings, alerts and meter status to the mqtt plugin: the test writes them.</summary>
public sealed class ChannelOutputFeed : IHubOutputFeed
{
    private readonly Channel<HubOutput> _items = Channel.CreateUnbounded<HubOutput>();

    public void Write(HubOutput item) => _items.Writer.TryWrite(item);

    public async IAsyncEnumerable<HubOutput> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _items.Reader.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }
}
