using System.Buffers.Binary;
using System.Globalization;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// Modbus RTU framing: unit id + PDU + CRC-16 low byte first (Modbus over Serial Line V1.02 §2.5.1). RTU has no
/// length field, so the receiver works out when a response is complete from its function code and byte count. Pure.
/// </summary>
internal static class RtuFrame
{
    /// <summary>Largest RTU frame: 256 bytes (V1.02 §2.5.1.1).</summary>
    public const int MaxLength = 256;

    /// <summary>Enough bytes to know any response's length: unit id, function, byte count or exception code.</summary>
    public const int MinHeader = 3;

    public static byte[] Encode(byte unitId, ReadOnlySpan<byte> pdu)
    {
        if (pdu.IsEmpty || pdu.Length > ModbusLimits.MaxPduLength)
        {
            throw new ArgumentOutOfRangeException(nameof(pdu), pdu.Length, "A PDU is 1..253 bytes.");
        }

        var frame = new byte[pdu.Length + 3];
        frame[0] = unitId;
        pdu.CopyTo(frame.AsSpan(1));
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(frame.Length - 2), ModbusCrc16.Compute(frame.AsSpan(0, frame.Length - 2)));
        return frame;
    }

    /// <summary>
    /// The total length of the response that starts with <paramref name="received"/>, or null while too few bytes
    /// have arrived to tell. Exception responses are 5 bytes; 0x03/0x04 carry a byte count; 0x06/0x10 are 8 bytes.
    /// </summary>
    public static int? ExpectedResponseLength(ReadOnlySpan<byte> received)
    {
        if (received.Length < 2)
        {
            return null;
        }

        var function = received[1];
        if ((function & 0x80) != 0)
        {
            return 5;
        }

        switch ((ModbusFunctionCode)function)
        {
            case ModbusFunctionCode.ReadHoldingRegisters or ModbusFunctionCode.ReadInputRegisters:
                if (received.Length < 3)
                {
                    return null;
                }

                var length = 5 + received[2];
                return length <= MaxLength
                    ? length
                    : throw new ModbusFrameException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Malformed RTU response: byte count {received[2]} makes a {length}-byte frame; RTU frames are at most {MaxLength} bytes."));
            case ModbusFunctionCode.WriteSingleRegister or ModbusFunctionCode.WriteMultipleRegisters:
                return 8;
            default:
                throw new ModbusFrameException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Malformed RTU response: unit {received[0]} sent function 0x{function:X2}, which this client never asks for; the length of the frame is unknown."));
        }
    }

    /// <summary>Checks the CRC of a complete frame and returns its PDU.</summary>
    public static ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 4)
        {
            throw new ModbusFrameException(string.Create(
                CultureInfo.InvariantCulture, $"Malformed RTU frame: {frame.Length} bytes, at least 4 expected."));
        }

        var computed = ModbusCrc16.Compute(frame[..^2]);
        var received = BinaryPrimitives.ReadUInt16LittleEndian(frame[^2..]);
        if (computed != received)
        {
            throw new ModbusCrcException(string.Create(
                CultureInfo.InvariantCulture,
                $"RTU frame from unit {frame[0]} failed its CRC check: received 0x{received:X4}, computed 0x{computed:X4}; check baud rate, parity and wiring."));
        }

        return frame[1..^2];
    }
}
