namespace MeterFirmware.Uplink;

/// <summary>A reading waiting for its PUBACK: its seq and its canonical JSON.</summary>
internal sealed record OutboxEntry(ulong Seq, byte[] Payload);
