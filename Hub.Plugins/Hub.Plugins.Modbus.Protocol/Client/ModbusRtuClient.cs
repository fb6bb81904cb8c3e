namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// A Modbus RTU master on one serial bus, for every unit id (1..247) on it. Create one per bus and share it: it
/// sends one request at a time and keeps the bus's inter-frame silence. The port opens on the first request and
/// again after an I/O error. A corrupted answer is a <see cref="ModbusCrcException"/>.
/// </summary>
public sealed class ModbusRtuClient : IModbusClient
{
    private readonly ModbusClientCore _core;

    public ModbusRtuClient(ModbusRtuEndpoint endpoint, ModbusClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new ModbusClientOptions();
        Endpoint = endpoint;
        var transport = new RtuTransport(endpoint.ToString(), () => SerialPortLink.Open(endpoint), endpoint.InterFrameDelay, options.TimeProvider);
        _core = new ModbusClientCore(transport, options, serialLine: true);
    }

    internal ModbusRtuClient(ModbusRtuEndpoint endpoint, IModbusTransport transport, ModbusClientOptions options)
    {
        Endpoint = endpoint;
        _core = new ModbusClientCore(transport, options, serialLine: true);
    }

    public ModbusRtuEndpoint Endpoint { get; }

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
