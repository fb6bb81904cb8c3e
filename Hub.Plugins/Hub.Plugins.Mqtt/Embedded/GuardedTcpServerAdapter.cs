using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// The TCP listener of the embedded broker, in place of MQTTnet's own so that (1) every connection reads through a
/// <see cref="PacketSizeGuardStream"/>, (2) each connection gets a <see cref="BrokerConnection"/> the interceptors can
/// find, and (3) the socket is bound inside <see cref="StartAsync"/>, which MQTTnet's StartAsync awaits: once the
/// hosted service has started, the broker listens (and port 0 is resolved to the real port).
/// </summary>
internal sealed class GuardedTcpServerAdapter(
    IPEndPoint endPoint,
    int maxPacketBytes,
    BrokerConnectionRegistry registry,
    Action<BrokerConnection, long, int> onPacketTooLarge,
    Func<BrokerConnection, Task> onClosed,
    ILogger logger) : IMqttServerAdapter
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connectionTasks = [];
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private MqttServerOptions _options = new();
    private IMqttNetLogger _mqttLogger = MqttNetNullLogger.Instance;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>The port actually listened on.</summary>
    public int Port { get; private set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _mqttLogger = logger;
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(endPoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, _stopping.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Task[] running;
        lock (_connectionTasks)
        {
            running = [.. _connectionTasks];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>A client id for a client that sent none: unique, and short enough for MQTT 3.1's 23 characters.</summary>
    internal static string NewClientId() => $"hub-{Guid.NewGuid():N}"[..20];

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // E.g. the client reset the connection before it was accepted, or the process is out of descriptors.
                MqttLog.MqttNetWarning(logger, ex, nameof(GuardedTcpServerAdapter), "accepting a TCP connection failed");
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            var task = Task.Run(() => HandleConnectionAsync(socket), CancellationToken.None);
            lock (_connectionTasks)
            {
                _connectionTasks.RemoveAll(t => t.IsCompleted);
                _connectionTasks.Add(task);
            }
        }
    }

    private async Task HandleConnectionAsync(Socket socket)
    {
        BrokerConnection? connection = null;
        try
        {
            socket.NoDelay = true;
            var remote = socket.RemoteEndPoint!;
            connection = new BrokerConnection(socket, remote);
            registry.Add(connection);
            var guard = new PacketSizeGuardStream(
                new NetworkStream(socket, ownsSocket: true),
                maxPacketBytes,
                (length, type) => onPacketTooLarge(connection, length, type));
            var stream = new ClientIdAssigningStream(guard, NewClientId);
            var channel = new MqttTcpChannel(stream, socket.LocalEndPoint, remote, null);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_options.WriterBufferSize, _options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, _mqttLogger);
            if (ClientHandler is { } handler)
            {
                await handler(adapter).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            MqttLog.MqttNetDebug(logger, ex, nameof(GuardedTcpServerAdapter), "connection ended");
        }
        finally
        {
            socket.Dispose();
            if (connection is not null)
            {
                registry.Remove(connection);
                await onClosed(connection).ConfigureAwait(false);
            }
        }
    }
}
