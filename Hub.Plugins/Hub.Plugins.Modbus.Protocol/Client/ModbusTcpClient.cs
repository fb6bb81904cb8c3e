namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// A Modbus TCP master on one connection, for every unit id behind it (a meter, or a gateway to an RS-485 bus).
/// It connects on the first request and reconnects on the next request after a connection error or a timeout.
/// Responses are matched by transaction id and unit id; a mismatch is a <see cref="ModbusFrameException"/>.
/// </summary>
public sealed class ModbusTcpClient : IModbusClient
{
    private readonly ModbusClientCore _core;

    public ModbusTcpClient(ModbusTcpEndpoint endpoint, ModbusClientOptions? options = null)
        : this(endpoint, TcpTransport.Connecting(endpoint), options ?? new ModbusClientOptions())
    {
    }

    internal ModbusTcpClient(ModbusTcpEndpoint endpoint, IModbusTransport transport, ModbusClientOptions options)
    {
        Endpoint = endpoint;
        _core = new ModbusClientCore(transport, options, serialLine: false);
    }

    public ModbusTcpEndpoint Endpoint { get; }

    public Task<ushort[]> ReadHoldingRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken = default) =>
        _core.ReadRegistersAsync(ModbusFunctionCode.ReadHoldingRegisters, unitId, address, count, cancellationToken);

    public Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken = default) =>
        _core.ReadRegistersAsync(ModbusFunctionCode.ReadInputRegisters, unitId, address, count, cancellationToken);

    public Task WriteSingleRegisterAsync(byte unitId, ushort address, ushort value, CancellationToken cancellationToken = default) =>
        _core.WriteSingleRegisterAsync(unitId, address, value, cancellationToken);

    public Task WriteMultipleRegistersAsync(byte unitId, ushort address, ReadOnlyMemory<ushort> values, CancellationToken cancellationToken = default) =>
        _core.WriteMultipleRegistersAsync(unitId, address, values, cancellationToken);

    public ValueTask DisposeAsync() => _core.DisposeAsync();
}
