using System.Net;
using System.Net.Sockets;
using Hub.Plugins.Coap.Configuration;
using Hub.Plugins.Coap.Ingest;
using Hub.Plugins.Coap.Protocol.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Coap;

/// <summary>Runs the hub's CoAP server for the plugin's lifetime.</summary>
internal sealed class CoapServerService(
    IOptions<CoapOptions> options,
    CoapMeterDirectory meters,
    ReadingsResource readings,
    CoapProblemReporter problems,
    CoapPluginStatus status,
    TimeProvider time,
    IConfiguration configuration,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<CoapServerService>();
    private CoapServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // No Coap section and no push meter: no server, so that a hub without CoAP meters does not claim UDP 5683.
        if (!configuration.GetSection(CoapOptions.SectionName).Exists() && !meters.Meters.Any(m => m.Mode == CoapMeterMode.Push))
        {
            status.Disabled();
            return Task.CompletedTask;
        }

        var settings = options.Value;
        var endpoint = new IPEndPoint(IPAddress.Parse(settings.BindAddress), settings.Port);
        var server = new CoapServer(
            new CoapServerOptions { Endpoint = endpoint, MaxBodyBytes = settings.MaxPayloadBytes },
            [readings.ToResource()],
            time,
            loggers.CreateLogger<CoapServer>())
        {
            OnMalformed = (remote, reason) => problems.Report(Abstractions.IngestProblemKind.MalformedPayload, null, reason, remote.ToString()),
        };
        try
        {
            server.Start();
        }
        catch (SocketException ex)
        {
            // HubEntryPoint turns an IOException into "cannot start" with this message, naming the key.
            throw new IOException($"Coap:Port: cannot listen on udp {endpoint}: {ex.Message}", ex);
        }

        _server = server;
        status.Listening(server.LocalEndPoint.Port, () => server.MalformedCount);
        CoapLog.Listening(_logger, settings.BindAddress, server.LocalEndPoint.Port, meters.Meters.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        status.Stopped();
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
