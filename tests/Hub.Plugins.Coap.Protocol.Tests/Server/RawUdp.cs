using System.Net;
using System.Net.Sockets;
using Hub.Plugins.Coap.Protocol.Codec;

namespace Hub.Plugins.Coap.Protocol.Tests.Server;

/// <summary>A bare UDP socket for sending hand-made datagrams and reading what comes back.</summary>
public sealed class RawUdp : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint LocalEndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public Task SendAsync(byte[] datagram, IPEndPoint to) => _udp.SendAsync(datagram, to).AsTask();

    public Task SendAsync(CoapMessage message, IPEndPoint to) => SendAsync(CoapCodec.Encode(message), to);

    public async Task<(byte[] Datagram, IPEndPoint From)> ReceiveRawAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var result = await _udp.ReceiveAsync(cts.Token);
        return (result.Buffer, result.RemoteEndPoint);
    }

    public async Task<CoapMessage> ReceiveAsync(TimeSpan? timeout = null) => CoapCodec.Decode((await ReceiveRawAsync(timeout)).Datagram);

    /// <summary>True when nothing arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> IsQuietAsync(TimeSpan wait)
    {
        try
        {
            await ReceiveRawAsync(wait);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public void Dispose() => _udp.Dispose();
}
