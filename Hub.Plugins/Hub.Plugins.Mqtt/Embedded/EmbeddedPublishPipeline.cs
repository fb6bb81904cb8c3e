using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Ingest;
using Microsoft.Extensions.Logging;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// Takes readings from PUBLISH packets and holds back each PUBACK until the reading is durable.
/// <para>
/// How MQTTnet 5.2 (MqttConnectedClient) handles a PUBLISH, read from its source: the connection's receive loop reads
/// a packet, awaits the InterceptingInboundPacket event, then in HandleIncomingPublishPacket awaits
/// DispatchApplicationMessage (which awaits the InterceptingPublish event and queues the message to subscribers) and
/// only then enqueues the PUBACK (QoS 1) or PUBREC (QoS 2) into the session's control-packet queue. A separate send
/// loop dequeues packets one at a time and, before writing each, awaits the InterceptingOutboundPacket event, which
/// may drop the packet (ProcessPacket = false). Awaiting ingest inside InterceptingPublish would already make the
/// PUBACK wait, but would also stop the receive loop, so a connection would have only one reading in flight and the
/// store could never batch more readings than there are clients.
/// </para>
/// <para>
/// So this pipeline splits the two: the inbound interceptor parses the reading, starts
/// <see cref="IReadingIngest.IngestAsync"/> without awaiting it and queues it on the connection in arrival order;
/// the receive loop goes on with the next packet (up to <see cref="BrokerConnection.MaxInFlight"/> per connection),
/// so readings from one client are committed together. The outbound interceptor, on the send loop, takes the
/// connection's oldest pending reading for each PUBACK/PUBREC (MQTTnet enqueues exactly one per QoS 1/2 PUBLISH, in
/// order, and MQTT §4.6 requires that order), checks that the packet identifiers match, and awaits the ingest. The
/// PUBACK is written only if the outcome is durable (Stored or Duplicate); if ingest throws (IngestClosedException
/// while the hub stops, or any failure) the PUBACK is dropped, every later one on that connection is dropped too,
/// and the connection is closed, so the meter sends the reading again (the store recognises a duplicate). Because
/// the send loop is sequential, a later PUBACK can never overtake an earlier one that still waits.
/// </para>
/// <para>
/// Refused messages (wrong topic, too large, malformed) are reported and acknowledged (MQTT 3.1.1 §3.3.5 allows a
/// server to acknowledge what it will not deliver), with an MQTT 5 reason code; re-sending them would never help.
/// </para>
/// </summary>
internal sealed class EmbeddedPublishPipeline(
    IReadingIngest ingest,
    BrokerAccessRules rules,
    BrokerConnectionRegistry registry,
    ReadingOutcomes outcomes,
    MqttProblemReporter problems,
    TimeProvider time,
    ILogger<EmbeddedPublishPipeline> logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Ends waits for the store when the broker stops; a cancelled reading is not acknowledged.</summary>
    public void Stop() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    /// <summary>InterceptingInboundPacket: runs on the connection's receive loop for every packet it reads.</summary>
    public Task OnInboundPacketAsync(InterceptingPacketEventArgs e)
    {
        if (e.Packet is not MqttPublishPacket publish)
        {
            return Task.CompletedTask;
        }

        var connection = registry.Find(e.RemoteEndPoint);
        if (connection?.Identity is not { } identity)
        {
            // Not a connection of this broker's listener, or not logged in: MQTTnet never gets here, but refuse to guess.
            e.ProcessPacket = false;
            return Task.CompletedTask;
        }

        if (connection.InFlight.TryEnter())
        {
            Accept(connection, identity, publish);
            return Task.CompletedTask;
        }

        return AcceptWhenRoomAsync(connection, identity, publish, e.CancellationToken);
    }

    /// <summary>InterceptingPublish: keeps refused messages from reaching subscribers (e.g. a meter spoofing another's topic).</summary>
    public Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (e.ClientId == Output.EmbeddedOutput.SenderClientId)
        {
            // The hub's own state, availability and alert messages, injected (no client can connect with this id).
            return Task.CompletedTask;
        }

        if (message is not null && !rules.MayForward(e.UserName, message.Topic ?? string.Empty, message.Payload.Length))
        {
            e.ProcessPublish = false;
        }

        return Task.CompletedTask;
    }

    /// <summary>InterceptingOutboundPacket: runs on the connection's send loop before each packet is written.</summary>
    public Task OnOutboundPacketAsync(InterceptingPacketEventArgs e)
    {
        ushort packetId;
        switch (e.Packet)
        {
            case MqttPubAckPacket ack:
                packetId = ack.PacketIdentifier;
                break;
            case MqttPubRecPacket rec:
                packetId = rec.PacketIdentifier;
                break;
            default:
                return Task.CompletedTask;
        }

        var connection = registry.Find(e.RemoteEndPoint);
        if (connection is null)
        {
            // The connection is gone (closed while this packet waited); nothing was ingested for it through here.
            e.ProcessPacket = false;
            return Task.CompletedTask;
        }

        if (!connection.TryDequeue(out var pending) || pending.PacketId != packetId)
        {
            // Never acknowledge a PUBLISH whose reading this pipeline did not see become durable.
            e.ProcessPacket = false;
            if (connection.TryFail())
            {
                MqttLog.AckOutOfStep(logger, connection.Describe(), pending.PacketId, packetId);
                connection.Abort();
            }

            return Task.CompletedTask;
        }

        if (pending.MeterId is null)
        {
            connection.InFlight.Release();
            Acknowledge(e, connection, pending.Refusal);
            return Task.CompletedTask;
        }

        if (pending.Ingest.IsCompletedSuccessfully)
        {
            connection.InFlight.Release();
            Decide(e, connection, pending.MeterId, pending.Ingest.Result);
            return Task.CompletedTask;
        }

        return AwaitDurableAsync(e, connection, pending);
    }

    /// <summary>Called once a connection has closed: the readings still pending were (or will be) stored but are not acknowledged.</summary>
    public async Task DrainAsync(BrokerConnection connection)
    {
        while (connection.TryDequeue(out var pending))
        {
            if (pending.MeterId is null)
            {
                continue;
            }

            try
            {
                var outcome = await pending.Ingest.ConfigureAwait(false);
                outcomes.Record(pending.MeterId, outcome, connection, DescribeConnection);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not durable and not acknowledged: the client sends it again when it reconnects.
                outcomes.Counters.CountIngestFailure();
            }
        }
    }

    private static readonly Func<BrokerConnection, string> DescribeConnection = c => c.Describe();

    private static void SetReason(MqttPacket packet, MqttPubAckReasonCode reason)
    {
        switch (packet)
        {
            case MqttPubAckPacket ack:
                ack.ReasonCode = reason;
                break;
            case MqttPubRecPacket rec:
                rec.ReasonCode = (MqttPubRecReasonCode)(int)reason;
                break;
        }
    }

    private static void Acknowledge(InterceptingPacketEventArgs e, BrokerConnection connection, MqttPubAckReasonCode reason)
    {
        if (connection.Failed)
        {
            // An earlier reading was not stored; acknowledging later ones would let the client forget it in MQTT 5 flow control.
            e.ProcessPacket = false;
            return;
        }

        // MQTT 5 only; MQTTnet would otherwise say NoMatchingSubscribers, which reads like a failure.
        SetReason(e.Packet, reason);
    }

    private async Task AcceptWhenRoomAsync(BrokerConnection connection, ClientIdentity identity, MqttPublishPacket publish, CancellationToken cancellationToken)
    {
        await connection.InFlight.EnterAsync(cancellationToken).ConfigureAwait(false);
        Accept(connection, identity, publish);
    }

    /// <summary>Checks, parses and starts ingesting one PUBLISH; holds one in-flight slot until its acknowledgement is decided.</summary>
    private void Accept(BrokerConnection connection, ClientIdentity identity, MqttPublishPacket publish)
    {
        var topic = connection.ResolveTopic(publish);
        var qos = publish.QualityOfServiceLevel;
        var meter = rules.AuthorizePublish(identity, topic, out var problem, out var detail);
        if (meter is null)
        {
            problems.Report(problem, identity.Meter?.Id, detail, connection.Describe(topic));
            Refuse(connection, publish, MqttPubAckReasonCode.NotAuthorized);
            return;
        }

        var parsed = ParsedPayload.Parse(publish.Payload, meter.Id, rules.MaxPayloadBytes, time.GetUtcNow(), meter.Format);
        if (parsed.Reading is not { } reading)
        {
            problems.Report(parsed.Problem, meter.Id, parsed.Detail!, connection.Describe(topic));
            Refuse(
                connection,
                publish,
                parsed.Problem == IngestProblemKind.PayloadTooLarge ? MqttPubAckReasonCode.ImplementationSpecificError : MqttPubAckReasonCode.PayloadFormatInvalid);
            return;
        }

        ValueTask<IngestOutcome> pending;
        try
        {
            pending = ingest.IngestAsync(reading, _stopping.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            pending = ValueTask.FromException<IngestOutcome>(ex);
        }

        if (qos == MqttQualityOfServiceLevel.AtMostOnce)
        {
            _ = ObserveAsync(connection, meter.Id, pending);
        }
        else
        {
            connection.Enqueue(PendingAck.ForReading(publish.PacketIdentifier, meter.Id, pending));
        }
    }

    private static void Refuse(BrokerConnection connection, MqttPublishPacket publish, MqttPubAckReasonCode reason)
    {
        if (publish.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce)
        {
            connection.InFlight.Release();
        }
        else
        {
            connection.Enqueue(PendingAck.ForRefusal(publish.PacketIdentifier, reason));
        }
    }

    /// <summary>A QoS 0 reading has no acknowledgement; it is still stored, counted and marks the meter online.</summary>
    private async Task ObserveAsync(BrokerConnection connection, string meterId, ValueTask<IngestOutcome> pending)
    {
        try
        {
            var outcome = await pending.ConfigureAwait(false);
            outcomes.Record(meterId, outcome, connection, DescribeConnection);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            outcomes.Counters.CountIngestFailure();
            if (ex is not (IngestClosedException or OperationCanceledException))
            {
                MqttLog.IngestFailed(logger, ex, meterId, connection.Describe());
            }
        }
        finally
        {
            connection.InFlight.Release();
        }
    }

    private async Task AwaitDurableAsync(InterceptingPacketEventArgs e, BrokerConnection connection, PendingAck pending)
    {
        try
        {
            var outcome = await pending.Ingest.ConfigureAwait(false);
            Decide(e, connection, pending.MeterId!, outcome);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            e.ProcessPacket = false;
            outcomes.Counters.CountIngestFailure();
            if (connection.TryFail())
            {
                if (ex is IngestClosedException or OperationCanceledException)
                {
                    MqttLog.IngestClosed(logger, pending.MeterId!, connection.Describe());
                }
                else
                {
                    MqttLog.IngestFailed(logger, ex, pending.MeterId!, connection.Describe());
                }

                connection.Abort();
            }
        }
        finally
        {
            connection.InFlight.Release();
        }
    }

    private void Decide(InterceptingPacketEventArgs e, BrokerConnection connection, string meterId, in IngestOutcome outcome)
    {
        outcomes.Record(meterId, outcome, connection, DescribeConnection);
        Acknowledge(e, connection, outcome.IsDurable ? MqttPubAckReasonCode.Success : MqttPubAckReasonCode.ImplementationSpecificError);
    }
}
