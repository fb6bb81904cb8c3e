namespace MeterFirmware.Uplink;

/// <summary>
/// One way to hand a reading to the hub (MQTT, CoAP, HTTP). <see cref="UplinkWorker"/> removes a reading from the
/// outbox only when <see cref="PublishAsync"/> says <see cref="PublishOutcome.Acknowledged"/>.
/// </summary>
internal interface IUplinkPublisher : IAsyncDisposable
{
    /// <summary>Where readings go, for the log (no secrets).</summary>
    string Endpoint { get; }

    bool IsConnected { get; }

    Task ConnectAsync(CancellationToken cancellationToken);

    /// <param name="topic">The MQTT topic; connectionless publishers ignore it.</param>
    /// <param name="payload">The reading's canonical JSON.</param>
    /// <param name="cancellationToken">Gives up on the reading (it stays in the outbox).</param>
    Task<(PublishOutcome Outcome, string Reason)> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken);

    /// <summary>Drops a connection that stopped answering, so the next attempt starts afresh.</summary>
    Task AbortAsync();
}
