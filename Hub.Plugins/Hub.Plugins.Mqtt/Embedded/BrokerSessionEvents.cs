using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Ingest;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>The embedded broker's connection life cycle: log-in, subscriptions, oversized packets, and closing.</summary>
internal sealed class BrokerSessionEvents(
    BrokerAccessRules rules,
    BrokerConnectionRegistry registry,
    EmbeddedPublishPipeline pipeline,
    MeterPresence presence,
    MqttProblemReporter problems,
    ILogger<BrokerSessionEvents> logger)
{
    /// <summary>ValidatingConnection: every meter logs in as its own user; anything else is refused and reported.</summary>
    public Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            // MQTT 5 §3.1.3.1: the server assigns an id to a client that sent none (3.1.1 clients get theirs in ClientIdAssigningStream).
            e.AssignedClientIdentifier = GuardedTcpServerAdapter.NewClientId();
        }

        var source = $"client '{(string.IsNullOrEmpty(e.ClientId) ? e.AssignedClientIdentifier : e.ClientId)}' at {e.RemoteEndPoint}";
        if (e.ClientId == Output.EmbeddedOutput.SenderClientId)
        {
            // Reserved for the hub's injected messages, which pass the access rules; a client must not borrow it.
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            problems.Report(IngestProblemKind.AuthenticationFailed, null, $"connection refused: the client id '{e.ClientId}' is reserved for the hub.", source);
            return Task.CompletedTask;
        }

        var connection = registry.Find(e.RemoteEndPoint);
        if (connection is null)
        {
            e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            return Task.CompletedTask;
        }

        var identity = rules.Authenticate(e.UserName, e.RawPassword, out var meterId, out var failure);
        if (identity is null)
        {
            // MQTT 3.1.1 CONNACK return code 4 / MQTT 5 reason 0x86 (§3.2.2.3); 5/0x87 when no user name was given.
            e.ReasonCode = string.IsNullOrEmpty(e.UserName) ? MqttConnectReasonCode.NotAuthorized : MqttConnectReasonCode.BadUserNameOrPassword;
            problems.Report(IngestProblemKind.AuthenticationFailed, meterId, $"connection refused: {failure}", source);
            return Task.CompletedTask;
        }

        registry.Authenticated(connection, string.IsNullOrEmpty(e.ClientId) ? e.AssignedClientIdentifier : e.ClientId, identity);
        if (identity.Meter is { } meter)
        {
            presence.Connected(meter.Id);
        }

        MqttLog.ClientConnected(logger, source, identity.ToString());
        return Task.CompletedTask;
    }

    /// <summary>InterceptingSubscription: users subscribe within their filters; meters do not subscribe.</summary>
    public Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        var identity = rules.IdentityOf(e.UserName);
        if (BrokerAccessRules.CheckSubscription(identity, filter) is { } refusal)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            problems.Report(IngestProblemKind.TopicNotAllowed, identity.Meter?.Id, $"subscription refused: {refusal}", $"client '{e.ClientId}'");
        }

        return Task.CompletedTask;
    }

    /// <summary>From <see cref="PacketSizeGuardStream"/>: a packet announced itself too large; the connection is closed unread.</summary>
    public void OnPacketTooLarge(BrokerConnection connection, long length, int packetType, int maxPayloadBytes)
    {
        var what = packetType == 3 ? "a PUBLISH" : string.Create(CultureInfo.InvariantCulture, $"a packet of type {packetType}");
        problems.Report(
            IngestProblemKind.PayloadTooLarge,
            connection.Identity?.Meter?.Id,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{what} of {length} bytes exceeds Mqtt:EmbeddedBroker:MaxPayloadBytes ({maxPayloadBytes}); the connection was closed without reading it."),
            connection.Describe());
        connection.Abort();
    }

    /// <summary>After a connection has closed: settle its pending readings and mark its meter offline when it was the last.</summary>
    public async Task OnConnectionClosedAsync(BrokerConnection connection)
    {
        await pipeline.DrainAsync(connection).ConfigureAwait(false);
        if (connection.Identity is { } identity)
        {
            MqttLog.ClientDisconnected(logger, connection.Describe());
            if (identity.Meter is { } meter)
            {
                presence.Disconnected(meter.Id, $"its MQTT connection closed ({connection.Describe()})");
            }
        }
    }
}
