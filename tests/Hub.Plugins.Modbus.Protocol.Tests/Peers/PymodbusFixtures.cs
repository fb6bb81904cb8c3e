using System.IO.Ports;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>A pymodbus TCP server on an OS-assigned loopback port, and our client connected to it.</summary>
public sealed class PymodbusTcpFixture : IAsyncLifetime
{
    private PeerProcess? _peer;

    public int Port { get; private set; }

    internal ModbusTcpClient Client { get; private set; } = null!;

    internal PeerProcess Peer => _peer!;

    public async Task InitializeAsync()
    {
        (_peer, Port) = await Pymodbus.StartTcpAsync();
        Client = new ModbusTcpClient(new ModbusTcpEndpoint("127.0.0.1", Port), PeerOptions.Client);
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
            PeerOptions.ThrowIfPeerLoggedErrors(_peer);
        }
    }
}

/// <summary>
/// A pymodbus RTU server on one end of a socat pseudo-terminal pair, and our RTU client on the other.
/// </summary>
public sealed class PymodbusRtuFixture : IAsyncLifetime
{
    public const int Baud = 19200;

    private PtyPair? _pty;
    private PeerProcess? _peer;

    internal ModbusRtuClient Client { get; private set; } = null!;

    internal PeerProcess Peer => _peer!;

    public async Task InitializeAsync()
    {
        _pty = await PtyPair.StartAsync();
        _peer = await Pymodbus.StartRtuAsync(_pty.A, Baud);
        Client = new ModbusRtuClient(new ModbusRtuEndpoint(_pty.B, Baud, Parity.None), PeerOptions.RtuClient);
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }

        if (_pty is not null)
        {
            await _pty.DisposeAsync();
        }

        if (_peer is not null)
        {
            PeerOptions.ThrowIfPeerLoggedErrors(_peer);
        }
    }
}

internal static class PeerOptions
{
    /// <summary>Loopback and pseudo-terminals answer in milliseconds; 1.5 s leaves room on a busy machine and keeps the silent-unit tests short.</summary>
    public static ModbusClientOptions Client { get; } = new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(1500),
        Retry = ModbusRetryPolicy.None,
    };

    /// <summary>
    /// Over the pseudo-terminal pair, one retry, as on a real serial line (the plugin's default policy has two): with
    /// the machine busy, pymodbus' RTU server once let one of 30 back-to-back requests go unanswered (CI, while the
    /// chain tests ran beside it). Every answer is still checked; a unit that never answers still times out.
    /// </summary>
    public static ModbusClientOptions RtuClient { get; } = new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(1500),
        Retry = new ModbusRetryPolicy(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)),
    };

    /// <summary>
    /// The peer runs with pymodbus logging at CRITICAL, so anything on its stderr (a traceback, a decode failure of
    /// one of our frames) fails the test class when the fixture is torn down.
    /// </summary>
    public static void ThrowIfPeerLoggedErrors(PeerProcess peer)
    {
        if (!string.IsNullOrWhiteSpace(peer.Stderr))
        {
            throw new InvalidOperationException("The pymodbus peer logged errors:\n" + peer.Stderr);
        }
    }
}
