using System.Globalization;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// The registers a <see cref="ModbusTcpServer"/> serves: per unit id, a sparse map of holding and input registers.
/// Only registers that were set exist; a request touching any other address gets exception 02. Thread-safe: a
/// multi-register update (e.g. a float) is seen by readers whole or not at all.
/// </summary>
public sealed class ModbusRegisterBank
{
    private readonly Lock _lock = new();
    private readonly Dictionary<byte, UnitRegisters> _units = [];

    /// <summary>Maps (if new) and sets consecutive registers of a unit, starting at <paramref name="address"/>.</summary>
    public void SetRegisters(byte unitId, ModbusRegisterTable table, ushort address, ReadOnlySpan<ushort> values)
    {
        if (address + values.Length > ModbusLimits.AddressSpace)
        {
            throw new ArgumentOutOfRangeException(
                nameof(values), values.Length, $"Address {address} + {values.Length} registers runs past the last register address 65535.");
        }

        lock (_lock)
        {
            if (!_units.TryGetValue(unitId, out var unit))
            {
                unit = new UnitRegisters();
                _units.Add(unitId, unit);
            }

            var map = unit.Of(table);
            for (var i = 0; i < values.Length; i++)
            {
                map[(ushort)(address + i)] = values[i];
            }
        }
    }

    /// <summary>Reads mapped registers, e.g. to see what a client wrote; throws if any of them is not mapped.</summary>
    public ushort[] GetRegisters(byte unitId, ModbusRegisterTable table, ushort address, ushort count)
    {
        var values = new ushort[count];
        if (!TryRead(unitId, table, address, values))
        {
            throw new KeyNotFoundException(string.Create(
                CultureInfo.InvariantCulture, $"Unit {unitId} does not map {count} {table} from address {address}."));
        }

        return values;
    }

    internal bool HasUnit(byte unitId)
    {
        lock (_lock)
        {
            return _units.ContainsKey(unitId);
        }
    }

    internal bool TryRead(byte unitId, ModbusRegisterTable table, ushort address, Span<ushort> destination)
    {
        lock (_lock)
        {
            if (!_units.TryGetValue(unitId, out var unit) || address + destination.Length > ModbusLimits.AddressSpace)
            {
                return false;
            }

            var map = unit.Of(table);
            for (var i = 0; i < destination.Length; i++)
            {
                if (!map.TryGetValue((ushort)(address + i), out destination[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Writes holding registers only if every one of them is mapped (all or nothing).</summary>
    internal bool TryWriteHolding(byte unitId, ushort address, ReadOnlySpan<ushort> values)
    {
        lock (_lock)
        {
            if (!_units.TryGetValue(unitId, out var unit) || address + values.Length > ModbusLimits.AddressSpace)
            {
                return false;
            }

            var map = unit.Of(ModbusRegisterTable.HoldingRegisters);
            for (var i = 0; i < values.Length; i++)
            {
                if (!map.ContainsKey((ushort)(address + i)))
                {
                    return false;
                }
            }

            for (var i = 0; i < values.Length; i++)
            {
                map[(ushort)(address + i)] = values[i];
            }

            return true;
        }
    }

    private sealed class UnitRegisters
    {
        private readonly Dictionary<ushort, ushort> _holding = [];
        private readonly Dictionary<ushort, ushort> _input = [];

        public Dictionary<ushort, ushort> Of(ModbusRegisterTable table) => table switch
        {
            ModbusRegisterTable.HoldingRegisters => _holding,
            ModbusRegisterTable.InputRegisters => _input,
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Unknown register table."),
        };
    }
}
