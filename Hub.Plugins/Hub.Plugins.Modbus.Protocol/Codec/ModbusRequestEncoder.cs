using System.Buffers.Binary;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>Builds request PDUs (function code + data, big-endian fields; V1.1b3 §4.2, §6). Pure.</summary>
internal static class ModbusRequestEncoder
{
    /// <summary>0x03/0x04: function, starting address, quantity (V1.1b3 §6.3, §6.4).</summary>
    public static byte[] ReadRegisters(ModbusFunctionCode function, ushort address, ushort count)
    {
        if (function is not (ModbusFunctionCode.ReadHoldingRegisters or ModbusFunctionCode.ReadInputRegisters))
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, "Only 0x03 and 0x04 read registers.");
        }

        CheckRange(address, count, ModbusLimits.MaxReadRegisters, nameof(count));
        var pdu = new byte[5];
        pdu[0] = (byte)function;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), count);
        return pdu;
    }

    /// <summary>0x06: function, register address, value (V1.1b3 §6.6).</summary>
    public static byte[] WriteSingleRegister(ushort address, ushort value)
    {
        var pdu = new byte[5];
        pdu[0] = (byte)ModbusFunctionCode.WriteSingleRegister;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), value);
        return pdu;
    }

    /// <summary>0x10: function, starting address, quantity, byte count (2 x quantity), values (V1.1b3 §6.12).</summary>
    public static byte[] WriteMultipleRegisters(ushort address, ReadOnlySpan<ushort> values)
    {
        CheckRange(address, values.Length, ModbusLimits.MaxWriteRegisters, nameof(values));
        var pdu = new byte[6 + (2 * values.Length)];
        pdu[0] = (byte)ModbusFunctionCode.WriteMultipleRegisters;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), (ushort)values.Length);
        pdu[5] = (byte)(2 * values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(6 + (2 * i)), values[i]);
        }

        return pdu;
    }

    private static void CheckRange(ushort address, int count, int max, string parameter)
    {
        if (count < 1 || count > max)
        {
            throw new ArgumentOutOfRangeException(parameter, count, $"A Modbus request carries 1..{max} registers.");
        }

        if (address + count > ModbusLimits.AddressSpace)
        {
            throw new ArgumentOutOfRangeException(
                parameter, count, $"Address {address} + {count} registers runs past the last register address 65535.");
        }
    }
}
