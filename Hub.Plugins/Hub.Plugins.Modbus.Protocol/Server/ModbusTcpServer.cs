using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// A small Modbus TCP server (Messaging on TCP/IP Implementation Guide V1.0b) answering 0x03, 0x04, 0x06 and 0x10
/// from a <see cref="ModbusRegisterBank"/>, for several clients at once. Each connection's requests are answered in
/// order; a frame that is not Modbus (protocol id not 0, impossible length) closes that connection. Unmapped
/// addresses get exception 02, unknown unit ids 0B, other functions 01.
/// </summary>
public sealed class ModbusTcpServer : IAsyncDisposable
{
    /// <summary>Clients served at once unless set otherwise; more are accepted and closed at once.</summary>
    public const int DefaultMaxConnections = 16;

    private readonly ModbusRegisterBank _registers;
    private readonly IPEndPoint _endPoint;
    private readonly int _maxConnections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private Socket? _listener;
    private Task? _acceptLoop;

    /// <param name="registers">What to serve; the caller keeps updating it while the server runs.</param>
    /// <param name="localEndPoint">Where to listen; port 0 lets the OS choose (see <see cref="LocalEndPoint"/>).</param>
    /// <param name="maxConnections">Clients served at once.</param>
    public ModbusTcpServer(ModbusRegisterBank registers, IPEndPoint localEndPoint, int maxConnections = DefaultMaxConnections)
    {
        ArgumentNullException.ThrowIfNull(registers);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _registers = registers;
        _endPoint = localEndPoint;
        _maxConnections = maxConnections;
    }

    /// <summary>The address and port listened on; after <see cref="Start"/> the real port, also when 0 was asked for.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listener?.LocalEndPoint ?? _endPoint;

    /// <summary>Clients connected now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Binds and starts accepting clients; throws <see cref="SocketException"/> if the port is taken.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_listener is not null)
        {
            throw new InvalidOperationException("The Modbus TCP server is already started.");
        }

        var listener = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(_endPoint);
            listener.Listen(_maxConnections);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
    }

    /// <summary>Stops listening, closes every connection and waits for their handlers to end.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // E.g. out of file descriptors: back off rather than spin.
                await Task.Delay(TimeSpan.FromMilliseconds(100), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (_connections.Count >= _maxConnections)
            {
                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            _connections[client] = Task.CompletedTask;
            var served = ServeAsync(client, stopping);

            // The handler removes its entry when it ends; only record its task if it is still running.
            _connections.TryUpdate(client, served, Task.CompletedTask);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            var header = new byte[MbapFrame.HeaderLength];
            while (await StreamReading.ReadExactlyAsync(stream, header, "MBAP header", true, stopping).ConfigureAwait(false))
            {
                var mbap = MbapFrame.ParseHeader(header);
                if (mbap.ProtocolId != 0 || mbap.Length is < MbapFrame.MinLengthField or > MbapFrame.MaxLengthField)
                {
                    return;
                }

                var request = new byte[mbap.PduLength];
                await StreamReading.ReadExactlyAsync(stream, request, "request PDU", false, stopping).ConfigureAwait(false);
                var response = ModbusRequestHandler.Handle(_registers, mbap.UnitId, request);
                await stream.WriteAsync(MbapFrame.Encode(mbap.TransactionId, mbap.UnitId, response), stopping).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, sent half a frame, or the server is stopping: this connection ends.
        }
        finally
        {
            _connections.TryRemove(socket, out _);
            socket.Dispose();
        }
    }
}
