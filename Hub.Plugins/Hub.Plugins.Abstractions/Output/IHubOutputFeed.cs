namespace Hub.Plugins.Abstractions;

/// <summary>
/// What the hub tells the outside world (Home Assistant state topics, alert topics, webhooks): stored readings, alerts
/// and meters' link state, after the change is durable. Implemented by the ledger; plugins that publish depend on this
/// interface only.
/// </summary>
public interface IHubOutputFeed
{
    /// <summary>
    /// Starts with a snapshot (every configured meter's link state and its last stored reading), then follows live
    /// changes until cancelled or the hub stops. A slow subscriber loses its oldest items; it never slows the writer.
    /// </summary>
    IAsyncEnumerable<HubOutput> SubscribeAsync(CancellationToken cancellationToken);
}
