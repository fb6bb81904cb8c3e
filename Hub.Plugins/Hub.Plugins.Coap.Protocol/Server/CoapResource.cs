namespace Hub.Plugins.Coap.Protocol.Server;

/// <summary>A resource served at <paramref name="Path"/>, listed in /.well-known/core with its attributes.</summary>
/// <param name="Path">E.g. <c>/readings</c>.</param>
/// <param name="Attributes">RFC 6690 attributes (rt, if, ct…); a null value is a flag.</param>
/// <param name="Handler">Answers a request; runs concurrently with other requests.</param>
public sealed record CoapResource(
    string Path,
    IReadOnlyList<KeyValuePair<string, string?>> Attributes,
    Func<CoapRequest, CancellationToken, ValueTask<CoapResponse>> Handler);
