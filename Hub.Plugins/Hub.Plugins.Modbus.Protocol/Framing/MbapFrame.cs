using System.Buffers.Binary;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>Modbus TCP framing: MBAP header + PDU, no checksum (TCP carries one). Pure.</summary>
internal static class MbapFrame
{
    public const int HeaderLength = 7;

    /// <summary>Smallest length field: unit id + a function code.</summary>
    public const int MinLengthField = 2;

    /// <summary>Largest length field: unit id + the largest PDU (253 bytes).</summary>
    public const int MaxLengthField = 1 + ModbusLimits.MaxPduLength;

    public static byte[] Encode(ushort transactionId, byte unitId, ReadOnlySpan<byte> pdu)
    {
        if (pdu.IsEmpty || pdu.Length > ModbusLimits.MaxPduLength)
        {
            throw new ArgumentOutOfRangeException(nameof(pdu), pdu.Length, "A PDU is 1..253 bytes.");
        }

        var frame = new byte[HeaderLength + pdu.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, transactionId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)(pdu.Length + 1));
        frame[6] = unitId;
        pdu.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    public static MbapHeader ParseHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderLength)
        {
            throw new ArgumentException("An MBAP header is 7 bytes.", nameof(header));
        }

        return new MbapHeader(
            BinaryPrimitives.ReadUInt16BigEndian(header),
            BinaryPrimitives.ReadUInt16BigEndian(header[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(header[4..]),
            header[6]);
    }
}
