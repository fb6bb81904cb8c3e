using System.Globalization;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// Modbus RTU on one serial bus (Modbus over Serial Line V1.02 §2.5.1): keeps 3.5 character times of silence
/// before each request, flushes stale input, reads exactly one response frame (its length worked out from the
/// function code and byte count), checks the CRC and the unit id. The port opens on first use and again after an
/// I/O error.
/// </summary>
internal sealed class RtuTransport : IModbusTransport
{
    private readonly Func<ISerialLink> _open;
    private readonly TimeSpan _interFrameDelay;
    private readonly TimeProvider _timeProvider;
    private ISerialLink? _link;
    private long? _lastActivity;

    public RtuTransport(string description, Func<ISerialLink> open, TimeSpan interFrameDelay, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Description = description;
        _open = open;
        _interFrameDelay = interFrameDelay;
        _timeProvider = timeProvider;
    }

    public string Description { get; }

    public async Task<byte[]> TransceiveAsync(byte unitId, ReadOnlyMemory<byte> requestPdu, CancellationToken cancellationToken)
    {
        var link = _link ??= Open();
        try
        {
            await WaitForSilenceAsync(cancellationToken).ConfigureAwait(false);
            link.DiscardInput();
            var request = RtuFrame.Encode(unitId, requestPdu.Span);
            await link.Stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await link.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);

            var buffer = new byte[RtuFrame.MaxLength];
            var received = 0;
            int? expected = null;
            while (expected is null || received < expected)
            {
                var wanted = (expected ?? RtuFrame.MinHeader) - received;
                var n = await link.Stream.ReadAsync(buffer.AsMemory(received, wanted), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new ModbusCommunicationException($"The serial port {Description} closed while waiting for unit {unitId}.");
                }

                received += n;
                expected ??= RtuFrame.ExpectedResponseLength(buffer.AsSpan(0, received));
            }

            var pdu = RtuFrame.Unwrap(buffer.AsSpan(0, received));
            if (buffer[0] != unitId)
            {
                throw new ModbusFrameException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Malformed response on {Description}: unit {buffer[0]} answered a request to unit {unitId}; are two devices set to the same id?"));
            }

            return pdu.ToArray();
        }
        catch (IOException ex) when (ex is not ModbusCommunicationException)
        {
            Close();
            throw new ModbusCommunicationException($"The serial port {Description} failed: {ex.Message}", ex);
        }
        finally
        {
            _lastActivity = _timeProvider.GetTimestamp();
        }
    }

    public void Reset()
    {
        try
        {
            _link?.DiscardInput();
        }
        catch (IOException)
        {
            Close();
        }
        catch (InvalidOperationException)
        {
            // The port was closed under us: open it again next time.
            Close();
        }

        _lastActivity = _timeProvider.GetTimestamp();
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private ISerialLink Open()
    {
        try
        {
            return _open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModbusCommunicationException($"Cannot open the serial port {Description}: {ex.Message}", ex);
        }
    }

    private async Task WaitForSilenceAsync(CancellationToken cancellationToken)
    {
        if (_lastActivity is not { } last)
        {
            return;
        }

        var remaining = _interFrameDelay - _timeProvider.GetElapsedTime(last);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Close()
    {
        var link = _link;
        _link = null;
        link?.Dispose();
    }
}
