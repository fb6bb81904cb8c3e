namespace SmartMeter.Peers;

/// <summary>One MQTT control packet found in a byte stream (MQTT 3.1.1 §2).</summary>
/// <param name="Type">The control packet type: 1 CONNECT, 2 CONNACK, 3 PUBLISH, 4 PUBACK, 12 PINGREQ, 13 PINGRESP, 14 DISCONNECT…</param>
/// <param name="Flags">The low nibble of the first byte (for PUBLISH: DUP, QoS, RETAIN).</param>
/// <param name="Offset">Where the packet starts in the stream.</param>
/// <param name="Length">Fixed header + remaining length.</param>
/// <param name="PacketId">PUBLISH with QoS &gt; 0, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK…: the packet identifier.</param>
/// <param name="Topic">PUBLISH: the topic name.</param>
/// <param name="Payload">PUBLISH: the application payload.</param>
public sealed record MqttWirePacket(int Type, int Flags, long Offset, int Length, int? PacketId, string? Topic, byte[]? Payload)
{
    public const int Connect = 1;
    public const int ConnAck = 2;
    public const int Publish = 3;
    public const int PubAck = 4;

    public int QoS => Type == Publish ? (Flags >> 1) & 3 : 0;

    /// <summary>The offset of the packet's last byte.</summary>
    public long LastByte => Offset + Length - 1;
}
