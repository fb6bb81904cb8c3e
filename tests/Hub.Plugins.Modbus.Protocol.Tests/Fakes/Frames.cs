using System.Buffers.Binary;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>Builds wire bytes by hand for scripted peers, independently of the code under test where it matters.</summary>
internal static class Frames
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static ushort TransactionId(byte[] mbapRequest) => BinaryPrimitives.ReadUInt16BigEndian(mbapRequest);

    /// <summary>An MBAP frame with every header field chosen by the test.</summary>
    public static byte[] Mbap(ushort transactionId, byte unitId, byte[] pdu, ushort protocolId = 0, int? lengthField = null)
    {
        var frame = new byte[7 + pdu.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, transactionId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), protocolId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)(lengthField ?? pdu.Length + 1));
        frame[6] = unitId;
        pdu.CopyTo(frame, 7);
        return frame;
    }

    /// <summary>A read-registers response PDU carrying <paramref name="values"/>.</summary>
    public static byte[] ReadResponse(byte function, params ushort[] values)
    {
        var pdu = new byte[2 + (2 * values.Length)];
        pdu[0] = function;
        pdu[1] = (byte)(2 * values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(2 + (2 * i)), values[i]);
        }

        return pdu;
    }

    /// <summary>An RTU frame: unit + PDU + CRC (bitwise CRC here, so the table-driven one is checked against it).</summary>
    public static byte[] Rtu(byte unitId, byte[] pdu)
    {
        var frame = new byte[pdu.Length + 3];
        frame[0] = unitId;
        pdu.CopyTo(frame, 1);
        var crc = BitwiseCrc(frame.AsSpan(0, frame.Length - 2));
        frame[^2] = (byte)crc;
        frame[^1] = (byte)(crc >> 8);
        return frame;
    }

    public static ushort BitwiseCrc(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }
        }

        return crc;
    }
}
