using System.Buffers.Binary;
using System.Globalization;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// Checks a response PDU against its request and takes the values out (V1.1b3 §6, §7). Pure: it throws
/// <see cref="ModbusException"/> for an exception response and <see cref="ModbusFrameException"/> for anything malformed.
/// </summary>
internal static class ModbusResponseDecoder
{
    /// <summary>0x03/0x04 response: function, byte count (2 x N), N registers.</summary>
    public static ushort[] ReadRegisters(ReadOnlySpan<byte> pdu, byte unitId, ModbusFunctionCode function, ushort address, ushort count)
    {
        var request = Describe(function, address, count);
        CheckFunction(pdu, unitId, function, request);
        if (pdu.Length < 2)
        {
            throw Malformed(request, $"the response is {pdu.Length} byte(s) long, too short for a byte count");
        }

        var byteCount = pdu[1];
        if (byteCount != 2 * count)
        {
            throw Malformed(request, $"the byte count is {byteCount}, expected {2 * count} for {count} registers");
        }

        if (pdu.Length != 2 + byteCount)
        {
            throw Malformed(request, pdu.Length < 2 + byteCount
                ? $"the response is short: {pdu.Length - 2} of {byteCount} data bytes"
                : $"the response is over-long: {pdu.Length - 2} data bytes after a byte count of {byteCount}");
        }

        var values = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt16BigEndian(pdu[(2 + (2 * i))..]);
        }

        return values;
    }

    /// <summary>0x06 response: an echo of the request.</summary>
    public static void WriteSingleRegister(ReadOnlySpan<byte> pdu, byte unitId, ushort address, ushort value)
    {
        var request = string.Create(CultureInfo.InvariantCulture, $"write single register {address} = {value}");
        CheckEcho(pdu, unitId, ModbusFunctionCode.WriteSingleRegister, address, value, request, "value");
    }

    /// <summary>0x10 response: function, starting address, quantity written.</summary>
    public static void WriteMultipleRegisters(ReadOnlySpan<byte> pdu, byte unitId, ushort address, ushort count)
    {
        var request = Describe(ModbusFunctionCode.WriteMultipleRegisters, address, count);
        CheckEcho(pdu, unitId, ModbusFunctionCode.WriteMultipleRegisters, address, count, request, "quantity");
    }

    /// <summary>A human description of a request, used in error messages.</summary>
    public static string Describe(ModbusFunctionCode function, ushort address, int count)
    {
        var what = function switch
        {
            ModbusFunctionCode.ReadHoldingRegisters => "read holding registers",
            ModbusFunctionCode.ReadInputRegisters => "read input registers",
            ModbusFunctionCode.WriteSingleRegister => "write single register",
            ModbusFunctionCode.WriteMultipleRegisters => "write multiple registers",
            _ => "function " + ((int)function).ToString("X2", CultureInfo.InvariantCulture),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{what} at address {address} (count {count})");
    }

    private static void CheckEcho(
        ReadOnlySpan<byte> pdu, byte unitId, ModbusFunctionCode function, ushort address, ushort second, string request, string secondName)
    {
        CheckFunction(pdu, unitId, function, request);
        if (pdu.Length != 5)
        {
            throw Malformed(request, $"the response is {pdu.Length} bytes long, expected 5");
        }

        var echoedAddress = BinaryPrimitives.ReadUInt16BigEndian(pdu[1..]);
        var echoedSecond = BinaryPrimitives.ReadUInt16BigEndian(pdu[3..]);
        if (echoedAddress != address || echoedSecond != second)
        {
            throw Malformed(request, $"the response echoes address {echoedAddress} {secondName} {echoedSecond}, expected {address} and {second}");
        }
    }

    private static void CheckFunction(ReadOnlySpan<byte> pdu, byte unitId, ModbusFunctionCode function, string request)
    {
        if (pdu.IsEmpty)
        {
            throw Malformed(request, "the response PDU is empty");
        }

        if (pdu[0] == ((byte)function | 0x80))
        {
            if (pdu.Length != 2)
            {
                throw Malformed(request, $"the exception response is {pdu.Length} bytes long, expected 2");
            }

            throw new ModbusException(unitId, function, (ModbusExceptionCode)pdu[1], request);
        }

        if (pdu[0] != (byte)function)
        {
            throw Malformed(request, $"the response carries function 0x{pdu[0]:X2}, expected 0x{(byte)function:X2}");
        }
    }

    private static ModbusFrameException Malformed(string request, string detail) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Malformed response to {request}: {detail}."));
}
