using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Plugins.Coap.Protocol.Client;

/// <summary>
/// A CoAP client of one server over UDP (RFC 7252): confirmable requests retransmitted with exponential back-off
/// (§4.2: initial timeout random in [ACK_TIMEOUT, ACK_TIMEOUT*ACK_RANDOM_FACTOR], doubled, MAX_RETRANSMIT times),
/// piggybacked and separate responses (§5.2), and Observe (RFC 7641) with the freshness rule of §3.4.
/// </summary>
public sealed class CoapClient : IAsyncDisposable
{
    private readonly IPEndPoint _remote;
    private readonly CoapTransmission _transmission;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Socket _socket;
    private readonly Dictionary<ushort, TaskCompletionSource<CoapMessage>> _awaitingAck = [];
    private readonly Dictionary<ulong, Channel<CoapMessage>> _byToken = [];
    private readonly Queue<ushort> _seenOrder = new();
    private readonly HashSet<ushort> _seen = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private ushort _nextMessageId;

    public CoapClient(IPEndPoint remote, CoapTransmission? transmission = null, TimeProvider? time = null, ILogger? logger = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(remote);
        _remote = remote;
        _transmission = transmission ?? CoapTransmission.Default;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? Random.Shared;
        _nextMessageId = (ushort)_random.Next(ushort.MaxValue);
        _socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        _loop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Our own message ids sent again after a timeout; for tests and health.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Sends a request and returns its response. CON requests are retransmitted until acknowledged.</summary>
    /// <exception cref="CoapTimeoutException">No ACK after MAX_RETRANSMIT retransmissions, or no response in time.</exception>
    /// <exception cref="CoapResetException">The server answered with RST.</exception>
    public async Task<CoapMessage> SendAsync(CoapMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = NewToken();
        var responses = Channel.CreateUnbounded<CoapMessage>();
        lock (_lock)
        {
            _byToken[TokenKey(token)] = responses;
        }

        try
        {
            return await ExchangeAsync(request with { Token = token }, responses, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _byToken.Remove(TokenKey(token));
            }
        }
    }

    /// <summary>
    /// Registers as an observer of <paramref name="path"/> (GET with Observe 0, RFC 7641 §3.1) and calls
    /// <paramref name="onNotification"/> for the first response and every fresher notification until cancelled; then
    /// deregisters (GET with Observe 1, §3.6). Returns when the server ends the observation (a response without Observe).
    /// </summary>
    public async Task ObserveAsync(string path, Func<CoapMessage, CancellationToken, ValueTask> onNotification, CancellationToken cancellationToken, params IEnumerable<CoapOption> options)
    {
        ArgumentNullException.ThrowIfNull(onNotification);
        var token = NewToken();
        var notifications = Channel.CreateUnbounded<CoapMessage>();
        lock (_lock)
        {
            _byToken[TokenKey(token)] = notifications;
        }

        try
        {
            var register = CoapMessage.Request(CoapType.Confirmable, CoapCode.Get, 0, token, path, [CoapOption.FromUInt(CoapOptionNumber.Observe, 0), .. options]);
            var first = await ExchangeAsync(register, notifications, cancellationToken).ConfigureAwait(false);
            await onNotification(first, cancellationToken).ConfigureAwait(false);
            if (first.Observe is not { } lastSequence || !first.Code.IsSuccess)
            {
                return; // §3.1: the server did not add us to its observers.
            }

            var lastAt = _time.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                CoapMessage notification;
                try
                {
                    notification = await notifications.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (notification.Observe is not { } sequence)
                {
                    await onNotification(notification, cancellationToken).ConfigureAwait(false);
                    return; // §3.2: a response without Observe ends the observation.
                }

                var at = _time.GetUtcNow();
                if (!ObserveSequence.IsNewer(lastSequence, lastAt, sequence, at))
                {
                    continue; // §3.4: reordered, older than what we have.
                }

                lastSequence = sequence;
                lastAt = at;
                await onNotification(notification, cancellationToken).ConfigureAwait(false);
            }

            // §3.6 proactive cancellation; best effort, the RST for unknown tokens covers a lost one.
            try
            {
                var cancel = CoapMessage.Request(CoapType.NonConfirmable, CoapCode.Get, 0, token, path, [CoapOption.FromUInt(CoapOptionNumber.Observe, 1), .. options]);
                await SendRawAsync(cancel with { MessageId = NextMessageId() }).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // The server will learn from the RST to its next notification.
            }
        }
        finally
        {
            lock (_lock)
            {
                _byToken.Remove(TokenKey(token));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task<CoapMessage> ExchangeAsync(CoapMessage request, Channel<CoapMessage> responses, CancellationToken cancellationToken)
    {
        var messageId = NextMessageId();
        request = request with { MessageId = messageId };
        var datagram = CoapCodec.Encode(request);
        if (request.Type != CoapType.Confirmable)
        {
            await SendRawAsync(datagram).ConfigureAwait(false);
            return await ReadResponseAsync(responses, _transmission.MaxTransmitSpan, cancellationToken).ConfigureAwait(false);
        }

        var ack = new TaskCompletionSource<CoapMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _awaitingAck[messageId] = ack;
        }

        try
        {
            var timeout = _transmission.InitialTimeout(_random);
            for (var attempt = 0; ; attempt++)
            {
                await SendRawAsync(datagram).ConfigureAwait(false);
                var responseRead = responses.Reader.WaitToReadAsync(cancellationToken).AsTask();
                var delay = Task.Delay(timeout, _time, cancellationToken);
                var winner = await Task.WhenAny(ack.Task, responseRead, delay).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (winner == ack.Task)
                {
                    var reply = await ack.Task.ConfigureAwait(false);
                    if (reply.Type == CoapType.Reset)
                    {
                        throw new CoapResetException($"{_remote} rejected {request.Code} {request.UriPath} with RST.");
                    }

                    // §5.2.1 piggybacked; §5.2.2 an Empty ACK means the response follows separately.
                    return reply.Code.IsEmpty
                        ? await ReadResponseAsync(responses, _transmission.ExchangeLifetime, cancellationToken).ConfigureAwait(false)
                        : reply;
                }

                if (winner == responseRead && responses.Reader.TryRead(out var separate))
                {
                    return separate; // a separate response whose ACK was lost implies the ACK (§5.2.2).
                }

                if (attempt >= _transmission.MaxRetransmit)
                {
                    throw new CoapTimeoutException($"{_remote} did not acknowledge {request.Code} {request.UriPath} after {attempt + 1} transmissions.");
                }

                timeout *= 2;
                Retransmissions++;
                CoapClientLog.Retransmit(_logger, messageId, _remote.ToString(), attempt + 1, timeout.TotalMilliseconds);
            }
        }
        finally
        {
            lock (_lock)
            {
                _awaitingAck.Remove(messageId);
            }
        }
    }

    private async Task<CoapMessage> ReadResponseAsync(Channel<CoapMessage> responses, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linked.CancelAfter(timeout);
        try
        {
            return await responses.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CoapTimeoutException($"{_remote} sent no response within {timeout.TotalSeconds:0} s.");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from an earlier send: the retransmission logic copes.
            }

            if (!received.RemoteEndPoint.Equals(_remote))
            {
                continue;
            }

            if (!CoapCodec.TryDecode(buffer.AsSpan(0, received.ReceivedBytes), out var message, out var error))
            {
                CoapClientLog.Dropped(_logger, _remote.ToString(), error!.Message);
                continue;
            }

            await DispatchAsync(message!).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(CoapMessage message)
    {
        if (message.Type is CoapType.Acknowledgement or CoapType.Reset)
        {
            TaskCompletionSource<CoapMessage>? ack;
            lock (_lock)
            {
                _awaitingAck.TryGetValue(message.MessageId, out ack);
            }

            ack?.TrySetResult(message);
            return;
        }

        if (message.Code.IsEmpty)
        {
            if (message.Type == CoapType.Confirmable)
            {
                await SendRawAsync(EmptyMessage(CoapType.Reset, message.MessageId)).ConfigureAwait(false); // ping, §4.3
            }

            return;
        }

        Channel<CoapMessage>? route;
        bool duplicate;
        lock (_lock)
        {
            _byToken.TryGetValue(TokenKey(message.Token.Span), out route);
            duplicate = !Remember(message.MessageId);
        }

        if (route is null)
        {
            // §4.2/§4.3 and RFC 7641 §3.6: an unexpected response (e.g. a notification after we stopped observing) gets RST.
            await SendRawAsync(EmptyMessage(CoapType.Reset, message.MessageId)).ConfigureAwait(false);
            return;
        }

        if (message.Type == CoapType.Confirmable)
        {
            await SendRawAsync(EmptyMessage(CoapType.Acknowledgement, message.MessageId)).ConfigureAwait(false);
        }

        if (!duplicate)
        {
            route.Writer.TryWrite(message);
        }
    }

    // §4.5: remembers recent message ids of the server's CON/NON messages so that a retransmission is delivered once.
    private bool Remember(ushort messageId)
    {
        if (!_seen.Add(messageId))
        {
            return false;
        }

        _seenOrder.Enqueue(messageId);
        if (_seenOrder.Count > 1024)
        {
            _seen.Remove(_seenOrder.Dequeue());
        }

        return true;
    }

    private Task SendRawAsync(CoapMessage message) => SendRawAsync(CoapCodec.Encode(message));

    private async Task SendRawAsync(byte[] datagram)
    {
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, _remote).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while stopping.
        }
    }

    private static CoapMessage EmptyMessage(CoapType type, ushort messageId) => new() { Type = type, Code = CoapCode.Empty, MessageId = messageId };

    private ushort NextMessageId()
    {
        lock (_lock)
        {
            return _nextMessageId++;
        }
    }

    private byte[] NewToken()
    {
        var token = new byte[8];
        lock (_lock)
        {
            _random.NextBytes(token);
        }

        return token;
    }

    private static ulong TokenKey(ReadOnlySpan<byte> token)
    {
        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        token[..Math.Min(8, token.Length)].CopyTo(padded);
        return BinaryPrimitives.ReadUInt64BigEndian(padded) ^ (ulong)token.Length;
    }
}
