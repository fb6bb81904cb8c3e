namespace Hub.Plugins.Abstractions;

/// <summary>
/// The one way into the hub: a bounded ingest channel behind a single writer. A plugin acknowledges a meter
/// (MQTT PUBACK, CoAP ACK, HTTP 2xx) only after <see cref="IngestAsync"/> has returned a durable outcome.
/// </summary>
public interface IReadingIngest
{
    /// <summary>
    /// Queues the reading, waits while the channel is full (back-pressure), and completes once the batch holding
    /// it has been committed and fsynced, or once it was found to be a duplicate or was rejected.
    /// </summary>
    /// <exception cref="IngestClosedException">The hub is shutting down; do not acknowledge, the meter will retry.</exception>
    ValueTask<IngestOutcome> IngestAsync(Reading reading, CancellationToken cancellationToken = default);
}
