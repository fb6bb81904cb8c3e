using System.Net;
using System.Text;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Server;

namespace Hub.Plugins.Coap.Protocol.Tests.Server;

/// <summary>A server on 127.0.0.1 with an OS-assigned port and an echo-ish /readings resource counting its calls.</summary>
public sealed class CoapTestServer : IAsyncDisposable
{
    private int _calls;

    public CoapTestServer(int maxBodyBytes = 4096, TimeSpan? handlerDelay = null)
    {
        var resource = new CoapResource("/readings", [new("rt", "smartmeter.reading"), new("ct", "110")], async (request, ct) =>
        {
            Interlocked.Increment(ref _calls);
            if (handlerDelay is { } delay)
            {
                await Task.Delay(delay, ct);
            }

            return new CoapResponse(CoapCode.Changed, Encoding.UTF8.GetBytes($"got {request.Body.Length} bytes, call {Volatile.Read(ref _calls)}"));
        });
        Server = new CoapServer(new CoapServerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), MaxBodyBytes = maxBodyBytes, BlockSize = 64 }, [resource]);
        Server.Start();
    }

    public CoapServer Server { get; }

    public int Calls => Volatile.Read(ref _calls);

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
