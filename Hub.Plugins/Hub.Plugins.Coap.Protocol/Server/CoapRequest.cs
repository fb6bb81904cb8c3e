using System.Net;
using Hub.Plugins.Coap.Protocol.Codec;

namespace Hub.Plugins.Coap.Protocol.Server;

/// <summary>A request as a resource sees it: the (last) message, who sent it, and the whole body after Block1 reassembly.</summary>
public sealed record CoapRequest(CoapMessage Message, IPEndPoint Remote, ReadOnlyMemory<byte> Body)
{
    public CoapCode Method => Message.Code;

    public uint? ContentFormat => Message.ContentFormat;
}
