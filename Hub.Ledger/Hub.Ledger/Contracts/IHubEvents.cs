namespace Hub.Ledger;

/// <summary>Fan-out of live events. A slow subscriber loses its oldest events, never slows the writer.</summary>
public interface IHubEvents
{
    IAsyncEnumerable<HubEvent> SubscribeAsync(CancellationToken cancellationToken);
}
