namespace Hub.Plugins.Coap.Protocol.Client;

/// <summary>RFC 7641 §3.4: whether a notification is fresher than the last one seen (24-bit serial arithmetic, or 128 s later).</summary>
public static class ObserveSequence
{
    public static bool IsNewer(uint previous, DateTimeOffset previousAt, uint next, DateTimeOffset nextAt)
    {
        const uint half = 1u << 23;
        return (previous < next && next - previous < half)
            || (previous > next && previous - next > half)
            || nextAt > previousAt + TimeSpan.FromSeconds(128);
    }
}
