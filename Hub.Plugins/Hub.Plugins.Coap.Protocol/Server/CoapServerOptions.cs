using System.Net;

namespace Hub.Plugins.Coap.Protocol.Server;

public sealed record CoapServerOptions
{
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Any, 5683);

    /// <summary>The largest request body accepted, whole or reassembled from Block1 blocks; larger gets 4.13 (RFC 7959 §2.9.3).</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Responses longer than this are sent block-wise (Block2); also the preferred Block1 size. A power of two, 16-1024.</summary>
    public int BlockSize { get; init; } = 1024;

    /// <summary>Requests handled at once; further datagrams wait in the socket buffer (back-pressure).</summary>
    public int MaxConcurrentRequests { get; init; } = 512;

    public CoapTransmission Transmission { get; init; } = CoapTransmission.Default;
}
