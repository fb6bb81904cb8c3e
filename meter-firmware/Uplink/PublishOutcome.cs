namespace MeterFirmware.Uplink;

/// <summary>What the broker said to one QoS 1 PUBLISH.</summary>
internal enum PublishOutcome
{
    /// <summary>PUBACK with success (or MQTT 5 "no matching subscribers", which is still delivery to the broker).</summary>
    Acknowledged,

    /// <summary>PUBACK with a reason code that may clear up (quota, not authorised yet, the hub's ingest busy): retry later.</summary>
    RefusedForNow,

    /// <summary>PUBACK saying the message itself is wrong (payload format, topic name): resending cannot help.</summary>
    Rejected,
}
