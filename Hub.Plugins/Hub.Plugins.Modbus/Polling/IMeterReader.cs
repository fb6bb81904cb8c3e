using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>Reads one meter's quantities through a client: a fixed register map or a discovered (SunSpec) one.</summary>
public interface IMeterReader
{
    /// <summary>Requests the last full read took (for health and the benchmark).</summary>
    int LastRequestCount { get; }

    /// <summary>Reads and decodes; throws the client's typed errors (<see cref="ModbusException"/>, <see cref="ModbusCommunicationException"/>).</summary>
    Task<ReadingBuilder> ReadAsync(IModbusClient client, byte unitId, CancellationToken cancellationToken);
}
