namespace Hub.Plugins.Modbus.Protocol;

/// <summary>Makes the client for an endpoint, e.g. one parsed from configuration with <see cref="ModbusEndpoint.Parse"/>.</summary>
public static class ModbusClientFactory
{
    public static IModbusClient Create(ModbusEndpoint endpoint, ModbusClientOptions? options = null) => endpoint switch
    {
        ModbusTcpEndpoint tcp => new ModbusTcpClient(tcp, options),
        ModbusRtuEndpoint rtu => new ModbusRtuClient(rtu, options),
        null => throw new ArgumentNullException(nameof(endpoint)),
        _ => throw new ArgumentException($"No client for the endpoint type {endpoint.GetType().Name}.", nameof(endpoint)),
    };
}
