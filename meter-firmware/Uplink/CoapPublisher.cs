using System.Net;
using Hub.Plugins.Coap.Protocol.Client;
using Hub.Plugins.Coap.Protocol.Codec;
using Microsoft.Extensions.Logging;

namespace MeterFirmware.Uplink;

/// <summary>
/// Publishes each reading as a confirmable POST /readings with a SenML JSON body (content-format 110), retransmitted
/// by <see cref="CoapClient"/> (RFC 7252 §4.2). Only 2.04 Changed acknowledges the reading (docs/coap-http.md).
/// </summary>
internal sealed class CoapPublisher : IUplinkPublisher
{
    private const uint SenmlJsonFormat = 110;
    private readonly IPEndPoint _remote;
    private readonly ILogger _logger;
    private CoapClient? _client;

    public CoapPublisher(IPEndPoint remote, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(logger);
        _remote = remote;
        _logger = logger;
    }

    public string Endpoint => $"coap://{_remote}";

    public bool IsConnected => _client is not null;

    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        // UDP has no connection; a client socket is all there is to set up.
        _client ??= new CoapClient(_remote, logger: _logger);
        return Task.CompletedTask;
    }

    public async Task<(PublishOutcome Outcome, string Reason)> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var client = _client ?? throw new InvalidOperationException("not connected");
        var request = CoapMessage.Request(CoapType.Confirmable, CoapCode.Post, 0, ReadOnlyMemory<byte>.Empty, "/readings",
            CoapOption.FromUInt(CoapOptionNumber.ContentFormat, SenmlJsonFormat)) with { Payload = SenmlPack.FromCanonical(payload) };
        CoapMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Hub.Plugins.Coap.Protocol.Errors.CoapResetException ex)
        {
            throw new IOException($"the hub answered RST: {ex.Message}", ex);
        }

        var reason = response.Payload.IsEmpty ? response.Code.ToString() : $"{response.Code} ({response.PayloadText})";
        if (response.Code == CoapCode.Changed)
        {
            return (PublishOutcome.Acknowledged, reason);
        }

        // 4.00/4.15: this reading can never be taken; 4.03/4.04 (meter not configured yet) and 5.xx may clear up.
        return response.Code == CoapCode.BadRequest || response.Code == CoapCode.UnsupportedContentFormat || response.Code == CoapCode.RequestEntityTooLarge
            ? (PublishOutcome.Rejected, reason)
            : (PublishOutcome.RefusedForNow, reason);
    }

    public async Task AbortAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(AbortAsync());
}
