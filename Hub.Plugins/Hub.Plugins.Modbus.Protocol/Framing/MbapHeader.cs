namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// The 7-byte MBAP header of Modbus TCP (Messaging on TCP/IP Implementation Guide V1.0b §3.1.3): transaction id,
/// protocol id (0 = Modbus), length (unit id + PDU bytes that follow), unit id.
/// </summary>
internal readonly record struct MbapHeader(ushort TransactionId, ushort ProtocolId, ushort Length, byte UnitId)
{
    /// <summary>Bytes of the PDU after the header.</summary>
    public int PduLength => Length - 1;
}
