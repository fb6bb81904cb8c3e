using System.Globalization;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// What both clients share: request encoding, one request at a time on the transport, the per-attempt timeout,
/// retries with backoff, and response decoding.
/// </summary>
internal sealed class ModbusClientCore : IAsyncDisposable
{
    private readonly IModbusTransport _transport;
    private readonly ModbusClientOptions _options;
    private readonly bool _serialLine;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="transport">The wire, used one request at a time.</param>
    /// <param name="options">Timeout and retry settings.</param>
    /// <param name="serialLine">Serial lines address units 1..247; 0 is broadcast, which gets no answer (V1.02 §2.2).</param>
    public ModbusClientCore(IModbusTransport transport, ModbusClientOptions options, bool serialLine)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _transport = transport;
        _options = options;
        _serialLine = serialLine;
    }

    public Task<ushort[]> ReadRegistersAsync(
        ModbusFunctionCode function, byte unitId, ushort address, ushort count, CancellationToken cancellationToken)
    {
        CheckUnit(unitId);
        var pdu = ModbusRequestEncoder.ReadRegisters(function, address, count);
        return ExecuteAsync(
            unitId, pdu, ModbusResponseDecoder.Describe(function, address, count),
            response => ModbusResponseDecoder.ReadRegisters(response, unitId, function, address, count),
            cancellationToken);
    }

    public Task WriteSingleRegisterAsync(byte unitId, ushort address, ushort value, CancellationToken cancellationToken)
    {
        CheckUnit(unitId);
        var pdu = ModbusRequestEncoder.WriteSingleRegister(address, value);
        return ExecuteAsync(
            unitId, pdu, ModbusResponseDecoder.Describe(ModbusFunctionCode.WriteSingleRegister, address, 1),
            response =>
            {
                ModbusResponseDecoder.WriteSingleRegister(response, unitId, address, value);
                return true;
            },
            cancellationToken);
    }

    public Task WriteMultipleRegistersAsync(byte unitId, ushort address, ReadOnlyMemory<ushort> values, CancellationToken cancellationToken)
    {
        CheckUnit(unitId);
        var pdu = ModbusRequestEncoder.WriteMultipleRegisters(address, values.Span);
        var count = (ushort)values.Length;
        return ExecuteAsync(
            unitId, pdu, ModbusResponseDecoder.Describe(ModbusFunctionCode.WriteMultipleRegisters, address, count),
            response =>
            {
                ModbusResponseDecoder.WriteMultipleRegisters(response, unitId, address, count);
                return true;
            },
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<T> ExecuteAsync<T>(
        byte unitId, byte[] requestPdu, string request, Func<byte[], T> decode, CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(unitId, requestPdu, request, decode, cancellationToken).ConfigureAwait(false);
            }
            catch (ModbusCommunicationException) when (attempt <= retry.MaxRetries)
            {
                await Task.Delay(retry.BackoffBefore(attempt), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<T> AttemptAsync<T>(
        byte unitId, byte[] requestPdu, string request, Func<byte[], T> decode, CancellationToken cancellationToken)
    {
        // Waiting for the bus is not part of the request's own timeout.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            byte[] response;
            try
            {
                response = await _transport.TransceiveAsync(unitId, requestPdu, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                _transport.Reset();
                throw new ModbusTimeoutException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Unit {unitId} at {_transport.Description} did not answer {request} within {_options.RequestTimeout.TotalMilliseconds:0} ms; check that the device is powered, the unit id and the line settings."),
                    ex);
            }
            catch (Exception ex) when (ex is ModbusCommunicationException or OperationCanceledException)
            {
                _transport.Reset();
                throw;
            }

            try
            {
                return decode(response);
            }
            catch (ModbusFrameException)
            {
                _transport.Reset();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void CheckUnit(byte unitId)
    {
        if (_serialLine && unitId is 0 or > 247)
        {
            throw new ArgumentOutOfRangeException(
                nameof(unitId), unitId, "A serial Modbus unit id is 1..247; 0 is broadcast, which no device answers.");
        }
    }
}
