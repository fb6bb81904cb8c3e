using System.Globalization;
using System.Net.Sockets;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// Modbus TCP over one connection: MBAP framing, a fresh transaction id per request, responses checked for
/// transaction id, protocol id, length and unit id. The connection opens on first use and again after a failure.
/// </summary>
internal sealed class TcpTransport : IModbusTransport
{
    private readonly Func<CancellationToken, ValueTask<Stream>> _connect;
    private Stream? _stream;
    private ushort _transactionId;

    public TcpTransport(string description, Func<CancellationToken, ValueTask<Stream>> connect)
    {
        ArgumentNullException.ThrowIfNull(connect);
        Description = description;
        _connect = connect;
    }

    public string Description { get; }

    /// <summary>The id the last request carried.</summary>
    public ushort LastTransactionId => _transactionId;

    public static TcpTransport Connecting(ModbusTcpEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new TcpTransport(endpoint.ToString(), async ct =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });
    }

    public async Task<byte[]> TransceiveAsync(byte unitId, ReadOnlyMemory<byte> requestPdu, CancellationToken cancellationToken)
    {
        var stream = _stream ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var transactionId = unchecked(++_transactionId);
        var request = MbapFrame.Encode(transactionId, unitId, requestPdu.Span);
        try
        {
            await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

            var headerBytes = new byte[MbapFrame.HeaderLength];
            if (!await StreamReading.ReadExactlyAsync(stream, headerBytes, "MBAP header", true, cancellationToken).ConfigureAwait(false))
            {
                throw new ModbusCommunicationException($"{Description} closed the connection without answering unit {unitId}.");
            }

            var header = MbapFrame.ParseHeader(headerBytes);
            if (header.ProtocolId != 0)
            {
                throw Malformed($"protocol id {header.ProtocolId} in the MBAP header, expected 0 (Modbus)");
            }

            if (header.Length < MbapFrame.MinLengthField)
            {
                throw Malformed($"short frame: the MBAP length field is {header.Length}, at least {MbapFrame.MinLengthField} expected");
            }

            if (header.Length > MbapFrame.MaxLengthField)
            {
                throw Malformed($"over-long frame: the MBAP length field is {header.Length}, at most {MbapFrame.MaxLengthField} allowed");
            }

            var pdu = new byte[header.PduLength];
            await StreamReading.ReadExactlyAsync(stream, pdu, "response PDU", false, cancellationToken).ConfigureAwait(false);

            if (header.TransactionId != transactionId)
            {
                throw Malformed($"transaction id {header.TransactionId} does not match the request's {transactionId}; the answer belongs to another request");
            }

            if (header.UnitId != unitId)
            {
                throw Malformed($"unit id {header.UnitId} does not match the request's unit {unitId}");
            }

            return pdu;
        }
        catch (IOException ex) when (ex is not ModbusCommunicationException)
        {
            throw new ModbusCommunicationException($"The connection to {Description} failed: {ex.Message}", ex);
        }
    }

    public void Reset()
    {
        var stream = _stream;
        _stream = null;
        stream?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Reset();
        return ValueTask.CompletedTask;
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _connect(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new ModbusCommunicationException($"Cannot connect to {Description}: {ex.Message} ({ex.SocketErrorCode}).", ex);
        }
        catch (IOException ex)
        {
            throw new ModbusCommunicationException($"Cannot connect to {Description}: {ex.Message}", ex);
        }
    }

    private ModbusFrameException Malformed(string detail) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Malformed response from {Description}: {detail}."));
}
