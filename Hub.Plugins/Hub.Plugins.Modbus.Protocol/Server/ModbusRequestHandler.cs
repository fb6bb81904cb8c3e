using System.Buffers.Binary;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// The server's codec: a request PDU in, a response PDU out, against a <see cref="ModbusRegisterBank"/>.
/// Checks follow the order of the spec's state diagrams (V1.1b3 §6.3, §6.4, §6.6, §6.12): function supported
/// (else 01), quantity and byte count (else 03), address range (else 02). An unknown unit id gets 0B, as a gateway
/// would answer for a unit that does not respond. Pure apart from the bank.
/// </summary>
internal static class ModbusRequestHandler
{
    public static byte[] Handle(ModbusRegisterBank bank, byte unitId, ReadOnlySpan<byte> request)
    {
        ArgumentNullException.ThrowIfNull(bank);
        if (request.IsEmpty)
        {
            return Exception(0, ModbusExceptionCode.IllegalFunction);
        }

        var function = request[0];
        if (function is not ((byte)ModbusFunctionCode.ReadHoldingRegisters or (byte)ModbusFunctionCode.ReadInputRegisters
            or (byte)ModbusFunctionCode.WriteSingleRegister or (byte)ModbusFunctionCode.WriteMultipleRegisters))
        {
            return Exception(function, ModbusExceptionCode.IllegalFunction);
        }

        if (!bank.HasUnit(unitId))
        {
            return Exception(function, ModbusExceptionCode.GatewayTargetFailedToRespond);
        }

        return (ModbusFunctionCode)function switch
        {
            ModbusFunctionCode.ReadHoldingRegisters => Read(bank, unitId, ModbusRegisterTable.HoldingRegisters, request),
            ModbusFunctionCode.ReadInputRegisters => Read(bank, unitId, ModbusRegisterTable.InputRegisters, request),
            ModbusFunctionCode.WriteSingleRegister => WriteSingle(bank, unitId, request),
            _ => WriteMultiple(bank, unitId, request),
        };
    }

    private static byte[] Read(ModbusRegisterBank bank, byte unitId, ModbusRegisterTable table, ReadOnlySpan<byte> request)
    {
        var function = request[0];
        if (request.Length != 5)
        {
            return Exception(function, ModbusExceptionCode.IllegalDataValue);
        }

        var address = BinaryPrimitives.ReadUInt16BigEndian(request[1..]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(request[3..]);
        if (count is < 1 or > ModbusLimits.MaxReadRegisters)
        {
            return Exception(function, ModbusExceptionCode.IllegalDataValue);
        }

        Span<ushort> values = stackalloc ushort[count];
        if (!bank.TryRead(unitId, table, address, values))
        {
            return Exception(function, ModbusExceptionCode.IllegalDataAddress);
        }

        var response = new byte[2 + (2 * count)];
        response[0] = function;
        response[1] = (byte)(2 * count);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(2 + (2 * i)), values[i]);
        }

        return response;
    }

    private static byte[] WriteSingle(ModbusRegisterBank bank, byte unitId, ReadOnlySpan<byte> request)
    {
        if (request.Length != 5)
        {
            return Exception(request[0], ModbusExceptionCode.IllegalDataValue);
        }

        var address = BinaryPrimitives.ReadUInt16BigEndian(request[1..]);
        ReadOnlySpan<ushort> value = [BinaryPrimitives.ReadUInt16BigEndian(request[3..])];
        return bank.TryWriteHolding(unitId, address, value)
            ? request.ToArray()
            : Exception(request[0], ModbusExceptionCode.IllegalDataAddress);
    }

    private static byte[] WriteMultiple(ModbusRegisterBank bank, byte unitId, ReadOnlySpan<byte> request)
    {
        var function = request[0];
        if (request.Length < 6)
        {
            return Exception(function, ModbusExceptionCode.IllegalDataValue);
        }

        var address = BinaryPrimitives.ReadUInt16BigEndian(request[1..]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(request[3..]);
        var byteCount = request[5];
        if (count is < 1 or > ModbusLimits.MaxWriteRegisters || byteCount != 2 * count || request.Length != 6 + byteCount)
        {
            return Exception(function, ModbusExceptionCode.IllegalDataValue);
        }

        Span<ushort> values = stackalloc ushort[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt16BigEndian(request[(6 + (2 * i))..]);
        }

        if (!bank.TryWriteHolding(unitId, address, values))
        {
            return Exception(function, ModbusExceptionCode.IllegalDataAddress);
        }

        return request[..5].ToArray();
    }

    private static byte[] Exception(byte function, ModbusExceptionCode code) => [(byte)(function | 0x80), (byte)code];
}
