namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// A Modbus master for one TCP connection or one serial bus, shared by every unit id behind it. Requests are sent
/// one at a time; each attempt is bounded by <see cref="ModbusClientOptions.RequestTimeout"/> and failed attempts
/// are retried per <see cref="ModbusClientOptions.Retry"/>. Addresses are zero-based PDU addresses
/// (a manual's 40001 or 30001 is address 0).
/// </summary>
/// <remarks>
/// Errors: <see cref="ModbusException"/> when the device answers with an exception code (not retried);
/// <see cref="ModbusCommunicationException"/> and its subclasses <see cref="ModbusTimeoutException"/>,
/// <see cref="ModbusFrameException"/> and <see cref="ModbusCrcException"/> when no valid answer came after the
/// retries; <see cref="ArgumentOutOfRangeException"/> for a count outside the spec's limits;
/// <see cref="OperationCanceledException"/> when the caller's token is cancelled.
/// </remarks>
public interface IModbusClient : IAsyncDisposable
{
    /// <summary>Function 0x03: reads 1..125 holding registers.</summary>
    Task<ushort[]> ReadHoldingRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken = default);

    /// <summary>Function 0x04: reads 1..125 input registers.</summary>
    Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken = default);

    /// <summary>Function 0x06: writes one holding register.</summary>
    Task WriteSingleRegisterAsync(byte unitId, ushort address, ushort value, CancellationToken cancellationToken = default);

    /// <summary>Function 0x10: writes 1..123 contiguous holding registers.</summary>
    Task WriteMultipleRegistersAsync(byte unitId, ushort address, ReadOnlyMemory<ushort> values, CancellationToken cancellationToken = default);
}
