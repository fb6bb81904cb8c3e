using Microsoft.Extensions.Logging;

namespace MeterFirmware.Uplink;

/// <summary>
/// Drains the outbox to the broker in seq order, one PUBLISH in flight at a time so the order on the wire is the
/// order of the readings. Reconnects with backoff while the broker is away; the outbox keeps filling meanwhile.
/// </summary>
internal sealed class UplinkWorker
{
    private static readonly TimeSpan PubackTimeout = TimeSpan.FromSeconds(10);
    private readonly Outbox _outbox;
    private readonly IUplinkPublisher _publisher;
    private readonly string _topic;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private long _acknowledged;

    public UplinkWorker(Outbox outbox, IUplinkPublisher publisher, string topic, TimeProvider time, ILogger logger, ReconnectBackoff backoff)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(backoff);
        _outbox = outbox;
        _publisher = publisher;
        _topic = topic;
        _time = time;
        _logger = logger;
        _backoff = backoff;
    }

    /// <summary>Readings acknowledged by the broker since start.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>
    /// Runs until cancelled, or until <paramref name="finished"/> says so after an acknowledgement or when woken with
    /// nothing to send (<see cref="Outbox.Ring"/>).
    /// </summary>
    public async Task RunAsync(Func<bool> finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finished);
        var failedAttempts = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!_publisher.IsConnected)
            {
                if (!await TryConnectAsync(failedAttempts, cancellationToken).ConfigureAwait(false))
                {
                    failedAttempts++;
                    await Task.Delay(_backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                failedAttempts = 0;
            }

            await _outbox.WaitForEntryAsync(cancellationToken).ConfigureAwait(false);
            if (!_outbox.TryPeek(out var entry))
            {
                if (finished())
                {
                    return;
                }

                continue;
            }

            if (await SendAsync(entry, cancellationToken).ConfigureAwait(false) && finished())
            {
                return;
            }
        }
    }

    private async Task<bool> TryConnectAsync(int failedAttempts, CancellationToken cancellationToken)
    {
        try
        {
            await _publisher.ConnectAsync(cancellationToken).ConfigureAwait(false);
            _backoff.Reset();
            Log.Connected(_logger, _publisher.Endpoint, _outbox.Count);
            return true;
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            // One line per outage, not per attempt; --verbose shows every attempt.
            if (failedAttempts == 0)
            {
                Log.ConnectFailed(_logger, _publisher.Endpoint, Describe(ex), _outbox.Count);
            }
            else
            {
                Log.ConnectRetryFailed(_logger, _publisher.Endpoint, failedAttempts + 1, Describe(ex));
            }

            return false;
        }
    }

    /// <summary>Publishes one entry; true when it was acknowledged and removed.</summary>
    private async Task<bool> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PubackTimeout);
        try
        {
            var (outcome, reason) = await _publisher.PublishAsync(_topic, entry.Payload, timeout.Token).ConfigureAwait(false);
            switch (outcome)
            {
                case PublishOutcome.Acknowledged:
                    _outbox.Remove(entry);
                    Interlocked.Increment(ref _acknowledged);
                    Log.Acknowledged(_logger, entry.Seq);
                    return true;
                case PublishOutcome.Rejected:
                    // Resending a reading the broker calls malformed would block every later one behind it.
                    Log.PublishRejected(_logger, entry.Seq, reason);
                    _outbox.Remove(entry);
                    return false;
                default:
                    Log.PublishRefused(_logger, entry.Seq, reason);
                    await Task.Delay(_backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
                    return false;
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            // Lost mid-flight: the entry stays first in the outbox and goes again after the reconnect; if the broker
            // did get it, the hub recognises the repeat by meterId + seq.
            Log.PublishFailed(_logger, entry.Seq, Describe(ex));
            await _publisher.AbortAsync().ConfigureAwait(false);
            return false;
        }
    }

    private static bool IsConnectionFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttProtocolViolationException
            or System.Net.Sockets.SocketException or IOException or InvalidOperationException
            or System.Net.Http.HttpRequestException or Hub.Plugins.Coap.Protocol.Errors.CoapTimeoutException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception ex) =>
        ex is OperationCanceledException ? "timed out" : ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
}
