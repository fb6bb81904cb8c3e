using System.Net;
using System.Net.Sockets;
using System.Text;
using Hub.Plugins.Coap.Protocol.Blockwise;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Errors;
using Hub.Plugins.Coap.Protocol.LinkFormat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Plugins.Coap.Protocol.Server;

/// <summary>
/// A CoAP server over UDP (RFC 7252): piggybacked responses to CON requests (§5.2.1), NON responses to NON requests,
/// message-id deduplication (§4.5), RST for malformed CON and pings (§4.2, §4.3), 4.02 for unknown critical options
/// (§5.4.1), <c>/.well-known/core</c> (RFC 6690), Block1 reassembly and Block2 slicing with a size limit (RFC 7959).
/// </summary>
public sealed class CoapServer : IAsyncDisposable
{
    public const string WellKnownCore = "/.well-known/core";

    private readonly CoapServerOptions _options;
    private readonly Dictionary<string, CoapResource> _resources;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MessageDeduplicator _deduplicator;
    private readonly Block1Assembler _assembler;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _idLock = new();
    private Socket? _socket;
    private Task? _loop;
    private ushort _nextMessageId = (ushort)Random.Shared.Next(ushort.MaxValue);
    private long _malformed;

    public CoapServer(CoapServerOptions options, IEnumerable<CoapResource> resources, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resources);
        _options = options;
        _resources = resources.ToDictionary(r => r.Path, StringComparer.Ordinal);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _deduplicator = new MessageDeduplicator(_time, options.Transmission.ExchangeLifetime);
        _assembler = new Block1Assembler(_time, options.Transmission.ExchangeLifetime, options.MaxBodyBytes);
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests);
    }

    /// <summary>The bound address and port (the OS-assigned port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_socket?.LocalEndPoint ?? throw new InvalidOperationException("the server is not started."));

    /// <summary>Datagrams that were not CoAP messages.</summary>
    public long MalformedCount => Interlocked.Read(ref _malformed);

    /// <summary>Called (cheaply, never throwing) for every malformed datagram, with the sender and the reason.</summary>
    public Action<IPEndPoint, string>? OnMalformed { get; init; }

    /// <summary>Binds the socket (throws <see cref="SocketException"/> when the port is taken) and starts receiving.</summary>
    public void Start()
    {
        var socket = new Socket(_options.Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(_options.Endpoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var socket = _socket!;
        var buffer = new byte[65536];
        var anyAddress = new IPEndPoint(_options.Endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, anyAddress, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // An ICMP error from an earlier send can surface here; the socket itself is fine.
                CoapServerLog.ReceiveFailed(_logger, ex.Message);
                continue;
            }

            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            var remote = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                await _slots.WaitAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await HandleDatagramAsync(datagram, remote).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }
            });
        }
    }

    private async Task HandleDatagramAsync(byte[] datagram, IPEndPoint remote)
    {
        CoapMessage message;
        try
        {
            message = CoapCodec.Decode(datagram);
        }
        catch (CoapFormatException ex)
        {
            Interlocked.Increment(ref _malformed);
            CoapServerLog.Malformed(_logger, remote.ToString(), ex.Message);
            OnMalformed?.Invoke(remote, ex.Message);

            // §4.2: a CON with a format error is rejected with RST (when the message id can be read at all).
            if (datagram.Length >= 4 && datagram[0] >> 6 == 1 && ((datagram[0] >> 4) & 3) == (int)CoapType.Confirmable)
            {
                await SendAsync(Reset((ushort)((datagram[2] << 8) | datagram[3])), remote).ConfigureAwait(false);
            }

            return;
        }

        if (message.Code.IsEmpty)
        {
            // §4.3: an Empty CON is a ping, answered with RST; Empty ACK/RST need nothing from a server.
            if (message.Type == CoapType.Confirmable)
            {
                await SendAsync(Reset(message.MessageId), remote).ConfigureAwait(false);
            }

            return;
        }

        if (!message.Code.IsRequest || message.Type is CoapType.Acknowledgement or CoapType.Reset)
        {
            // A response to a server that sent no requests: §4.2/§4.3 reject a CON or NON we cannot process with RST.
            if (message.Type is CoapType.Confirmable or CoapType.NonConfirmable)
            {
                await SendAsync(Reset(message.MessageId), remote).ConfigureAwait(false);
            }

            return;
        }

        switch (_deduplicator.Begin(remote, message.MessageId, out var cached))
        {
            case MessageDeduplicator.State.Completed:
                await SendAsync(cached!, remote).ConfigureAwait(false);
                return;
            case MessageDeduplicator.State.InProgress:
                return;
            default:
                break;
        }

        CoapResponse response;
        try
        {
            response = await AnswerAsync(message, remote).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            _deduplicator.Abandon(remote, message.MessageId);
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CoapServerLog.HandlerFailed(_logger, ex, message.UriPath, remote.ToString());
            response = CoapResponse.Diagnostic(CoapCode.InternalServerError, "internal error; try again later");
        }

        if (response.Code == CoapCode.ServiceUnavailable)
        {
            // Nothing was done (e.g. the hub is stopping): a retransmission must be processed afresh, not answered from the cache.
            _deduplicator.Abandon(remote, message.MessageId);
        }

        var bytes = CoapCodec.Encode(ToMessage(message, response));
        _deduplicator.Complete(remote, message.MessageId, bytes);
        await SendAsync(bytes, remote).ConfigureAwait(false);
    }

    private async ValueTask<CoapResponse> AnswerAsync(CoapMessage message, IPEndPoint remote)
    {
        foreach (var option in message.Options)
        {
            if (CoapOptionNumber.IsCritical(option.Number) && !CoapOptionNumber.IsKnown(option.Number))
            {
                return CoapResponse.Diagnostic(CoapCode.BadOption, $"unrecognised critical option {option.Number}");
            }
        }

        var path = message.UriPath;
        if (path == WellKnownCore)
        {
            return message.Code == CoapCode.Get ? WellKnownCoreResponse(message) : MethodNotAllowed();
        }

        if (!_resources.TryGetValue(path, out var resource))
        {
            return CoapResponse.Diagnostic(CoapCode.NotFound, $"no resource at {path}; GET {WellKnownCore} lists them");
        }

        var body = message.Payload;
        CoapOption? block1Echo = null;
        if (message.First(CoapOptionNumber.Block1) is { } block1Option)
        {
            var block1 = BlockOption.Parse(block1Option);
            var step = _assembler.Add(remote, path, block1, message);
            switch (step.Outcome)
            {
                case Block1Assembler.Outcome.Continue:
                    return new CoapResponse(CoapCode.Continue) { Options = [block1.ToOption(CoapOptionNumber.Block1)] };
                case Block1Assembler.Outcome.TooLarge:
                    return TooLarge();
                case Block1Assembler.Outcome.Incomplete:
                    return CoapResponse.Diagnostic(CoapCode.RequestEntityIncomplete, step.Detail!);
                case Block1Assembler.Outcome.Invalid:
                    return CoapResponse.Diagnostic(CoapCode.BadOption, step.Detail!);
                default:
                    body = step.Body;
                    block1Echo = block1.ToOption(CoapOptionNumber.Block1);
                    break;
            }
        }
        else if (message.Payload.Length > _options.MaxBodyBytes
            || message.First(CoapOptionNumber.Size1)?.AsUInt() > (uint)_options.MaxBodyBytes)
        {
            return TooLarge();
        }

        var response = await resource.Handler(new CoapRequest(message, remote, body), _stopping.Token).ConfigureAwait(false);
        if (block1Echo is { } echo)
        {
            response = response with { Options = [.. response.Options, echo] };
        }

        return SliceBlock2(message, response);
    }

    private CoapResponse TooLarge() =>
        CoapResponse.Diagnostic(CoapCode.RequestEntityTooLarge, $"the body exceeds {_options.MaxBodyBytes} bytes")
            with { Options = [CoapOption.FromUInt(CoapOptionNumber.Size1, (uint)_options.MaxBodyBytes)] };

    private static CoapResponse MethodNotAllowed() => CoapResponse.Diagnostic(CoapCode.MethodNotAllowed, "method not allowed on this resource");

    private CoapResponse WellKnownCoreResponse(CoapMessage request)
    {
        var links = _resources.Values.Select(r => new CoreLink(r.Path, r.Attributes));
        var document = Encoding.UTF8.GetBytes(CoreLinkFormat.Write(links));
        return SliceBlock2(request, new CoapResponse(CoapCode.Content, document, CoreLinkFormat.ContentFormat));
    }

    // RFC 7959 §2.4: a payload longer than the block size (or a request naming a Block2) is served one block at a time.
    private CoapResponse SliceBlock2(CoapMessage request, CoapResponse response)
    {
        var requested = request.First(CoapOptionNumber.Block2) is { } option ? BlockOption.Parse(option) : (BlockOption?)null;
        var exponent = BlockOption.ExponentFor(_options.BlockSize);
        if (requested is { IsValid: true } r && r.SizeExponent < exponent)
        {
            exponent = r.SizeExponent;
        }

        var size = 1 << (exponent + 4);
        if (requested is null && response.Payload.Length <= size)
        {
            return response;
        }

        var number = requested?.Number ?? 0;
        var offset = (long)number * size;
        if (offset > response.Payload.Length || (offset == response.Payload.Length && offset > 0))
        {
            return CoapResponse.Diagnostic(CoapCode.BadOption, $"block {number} is past the end of the representation");
        }

        var length = (int)Math.Min(size, response.Payload.Length - offset);
        var more = offset + length < response.Payload.Length;
        var block = new BlockOption(number, more, exponent).ToOption(CoapOptionNumber.Block2);
        var size2 = CoapOption.FromUInt(CoapOptionNumber.Size2, (uint)response.Payload.Length);
        return response with
        {
            Payload = response.Payload.Slice((int)offset, length),
            Options = [.. response.Options, block, size2],
        };
    }

    private CoapMessage ToMessage(CoapMessage request, CoapResponse response)
    {
        var options = response.Options.ToList();
        if (response.ContentFormat is { } format)
        {
            options.Add(CoapOption.FromUInt(CoapOptionNumber.ContentFormat, format));
        }

        // §5.2.1 piggybacked response in the ACK of a CON; §5.2.3 a NON request gets a NON response with a new id.
        var piggybacked = request.Type == CoapType.Confirmable;
        return new CoapMessage
        {
            Type = piggybacked ? CoapType.Acknowledgement : CoapType.NonConfirmable,
            Code = response.Code,
            MessageId = piggybacked ? request.MessageId : NextMessageId(),
            Token = request.Token,
            Options = [.. options.OrderBy(o => o.Number)],
            Payload = response.Payload,
        };
    }

    private ushort NextMessageId()
    {
        lock (_idLock)
        {
            return _nextMessageId++;
        }
    }

    private static byte[] Reset(ushort messageId) =>
        CoapCodec.Encode(new CoapMessage { Type = CoapType.Reset, Code = CoapCode.Empty, MessageId = messageId });

    private async Task SendAsync(byte[] datagram, IPEndPoint remote)
    {
        try
        {
            await _socket!.SendToAsync(datagram, SocketFlags.None, remote).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            CoapServerLog.ReceiveFailed(_logger, $"sending to {remote}: {ex.Message}");
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
