using System.Text;
using Hub.Plugins.Coap.Protocol.Codec;

namespace Hub.Plugins.Coap.Protocol.Server;

/// <summary>What a resource answers: a response code, an optional payload with its content format, extra options.</summary>
public sealed record CoapResponse(CoapCode Code, ReadOnlyMemory<byte> Payload = default, uint? ContentFormat = null)
{
    public IReadOnlyList<CoapOption> Options { get; init; } = [];

    /// <summary>A response with a diagnostic payload (RFC 7252 §5.5.2: UTF-8 text for a person, no content format).</summary>
    public static CoapResponse Diagnostic(CoapCode code, string text) => new(code, Encoding.UTF8.GetBytes(text));
}
