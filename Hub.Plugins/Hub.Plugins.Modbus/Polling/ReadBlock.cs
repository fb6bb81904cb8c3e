using System.Globalization;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>One read request: <paramref name="Count"/> registers of one function from <paramref name="Start"/>.</summary>
public readonly record struct ReadBlock(ModbusFunctionCode Function, ushort Start, ushort Count)
{
    public int End => Start + Count;

    public bool Contains(ModbusFunctionCode function, int address, int width) =>
        function == Function && address >= Start && address + width <= End;

    public Task<ushort[]> ReadAsync(IModbusClient client, byte unitId, CancellationToken cancellationToken) =>
        Function == ModbusFunctionCode.ReadInputRegisters
            ? client.ReadInputRegistersAsync(unitId, Start, Count, cancellationToken)
            : client.ReadHoldingRegistersAsync(unitId, Start, Count, cancellationToken);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"fc{(int)Function:X2} {Start}+{Count}");
}
