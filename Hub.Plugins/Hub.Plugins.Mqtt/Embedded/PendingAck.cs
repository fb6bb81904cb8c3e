using Hub.Plugins.Abstractions;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// A QoS 1/2 PUBLISH waiting for its PUBACK/PUBREC: either a reading being ingested, or a refused message whose
/// acknowledgement carries an MQTT 5 reason code.
/// </summary>
internal readonly struct PendingAck
{
    private PendingAck(ushort packetId, string? meterId, ValueTask<IngestOutcome> ingest, MqttPubAckReasonCode refusal)
    {
        PacketId = packetId;
        MeterId = meterId;
        Ingest = ingest;
        Refusal = refusal;
    }

    public ushort PacketId { get; }

    /// <summary>The meter whose reading is being ingested; null for a refused message.</summary>
    public string? MeterId { get; }

    public ValueTask<IngestOutcome> Ingest { get; }

    public MqttPubAckReasonCode Refusal { get; }

    public static PendingAck ForReading(ushort packetId, string meterId, ValueTask<IngestOutcome> ingest) =>
        new(packetId, meterId, ingest, MqttPubAckReasonCode.Success);

    public static PendingAck ForRefusal(ushort packetId, MqttPubAckReasonCode reason) =>
        new(packetId, null, default, reason);
}
