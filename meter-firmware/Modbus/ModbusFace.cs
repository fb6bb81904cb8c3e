using System.Net;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Protocol;
using Microsoft.Extensions.Logging;

namespace MeterFirmware.Modbus;

/// <summary>
/// The firmware's Modbus face: a Modbus TCP server that serves the latest reading as an SDM630's input registers,
/// updated at each reading, so that the hub (or mbpoll) polls the meter like a DIN-rail meter.
/// </summary>
internal sealed class ModbusFace : IAsyncDisposable
{
    private readonly ModbusRegisterBank _registers = new();
    private readonly ModbusTcpServer _server;
    private readonly byte _unitId;
    private readonly ILogger _logger;

    public ModbusFace(IPEndPoint endPoint, byte unitId, ILogger logger)
    {
        _unitId = unitId;
        _logger = logger;

        // Mapped (as zeros) from the start, so that a poll before the first reading gets numbers, not exception 02.
        _registers.SetRegisters(unitId, ModbusRegisterTable.InputRegisters, 0, new ushort[Sdm630RegisterMap.Length]);
        _server = new ModbusTcpServer(_registers, endPoint);
    }

    public IPEndPoint LocalEndPoint => _server.LocalEndPoint;

    public void Start()
    {
        _server.Start();
        ModbusFaceLog.Serving(_logger, LocalEndPoint.ToString(), _unitId);
    }

    /// <summary>Publishes a reading to the registers (all of them at once: a poll sees one reading whole).</summary>
    public void Publish(Reading reading) =>
        _registers.SetRegisters(_unitId, ModbusRegisterTable.InputRegisters, 0, Sdm630RegisterMap.Encode(reading));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
