using System.Net;
using System.Net.Sockets;
using Hub.Plugins.Mqtt.Configuration;
using Hub.Plugins.Mqtt.Output;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// Runs the embedded MQTTnet broker. It listens before <see cref="StartAsync"/> returns, so the host's READY=1 (sent
/// after every hosted service has started) means meters can connect.
/// </summary>
internal sealed class EmbeddedBrokerService(
    MqttTopology topology,
    MqttPluginStatus status,
    BrokerConnectionRegistry registry,
    EmbeddedPublishPipeline pipeline,
    BrokerSessionEvents sessions,
    EmbeddedOutput output,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    /// <summary>Room for the topic, packet id and MQTT 5 properties of a PUBLISH around its payload.</summary>
    private const int HeaderAllowanceBytes = 8 * 1024;

    private readonly ILogger _logger = loggerFactory.CreateLogger<EmbeddedBrokerService>();
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (topology.Embedded is not { } options)
        {
            return;
        }

        var endPoint = new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port);
        var adapter = new GuardedTcpServerAdapter(
            endPoint,
            options.MaxPayloadBytes + HeaderAllowanceBytes,
            registry,
            (connection, length, type) => sessions.OnPacketTooLarge(connection, length, type, options.MaxPayloadBytes),
            sessions.OnConnectionClosedAsync,
            _logger);

        // Persistent sessions stay off: meters only publish, and a resumed session would share state across connections.
        var serverOptions = new MqttServerOptionsBuilder().WithPersistentSessions(false).Build();
        var server = new MqttServer(serverOptions, [adapter], new MqttNetLoggerAdapter(loggerFactory.CreateLogger("MQTTnet.Server")));
        server.ValidatingConnectionAsync += sessions.OnValidatingConnectionAsync;
        server.InterceptingInboundPacketAsync += pipeline.OnInboundPacketAsync;
        server.InterceptingPublishAsync += pipeline.OnInterceptingPublishAsync;
        server.InterceptingOutboundPacketAsync += pipeline.OnOutboundPacketAsync;
        server.InterceptingSubscriptionAsync += sessions.OnInterceptingSubscriptionAsync;
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            server.Dispose();
            throw new InvalidOperationException($"Mqtt:EmbeddedBroker:Port: cannot listen on {endPoint}: {ex.Message}", ex);
        }

        _server = server;
        await output.AttachAsync(server).ConfigureAwait(false);
        status.BrokerListening(adapter.Port);
        MqttLog.BrokerListening(_logger, options.BindAddress, adapter.Port, topology.EmbeddedMeters.Count, topology.Users.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not { } server)
        {
            return;
        }

        await output.DetachAsync().ConfigureAwait(false);
        status.BrokerStopped();
        pipeline.Stop();
        await server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        MqttLog.BrokerStopped(_logger);
    }

    public void Dispose() => _server?.Dispose();
}
