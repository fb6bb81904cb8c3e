using Hub.Plugins.Modbus.Profiles;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Configuration;

/// <summary>A validated <c>"Plugin": "modbus"</c> meter.</summary>
/// <param name="Id">The meter id.</param>
/// <param name="Endpoint">Where it is; meters with equal endpoints share one client (one request at a time).</param>
/// <param name="UnitId">Its unit (slave) id, 1..247.</param>
/// <param name="Profile">Its device profile.</param>
/// <param name="PollInterval">Time between polls.</param>
public sealed record ModbusMeter(string Id, ModbusEndpoint Endpoint, byte UnitId, DeviceProfile Profile, TimeSpan PollInterval)
{
    /// <summary>The bus this meter is on: a TCP host:port or a serial device.</summary>
    public string BusKey => Endpoint switch
    {
        ModbusTcpEndpoint tcp => $"tcp://{tcp.Host.ToLowerInvariant()}:{tcp.Port}",
        ModbusRtuEndpoint rtu => $"rtu://{rtu.PortName}",
        _ => Endpoint.ToString(),
    };
}
