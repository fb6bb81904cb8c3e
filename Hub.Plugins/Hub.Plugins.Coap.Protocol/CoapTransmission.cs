namespace Hub.Plugins.Coap.Protocol;

/// <summary>RFC 7252 §4.8 transmission parameters and the derived times of §4.8.2.</summary>
public sealed record CoapTransmission
{
    public static readonly CoapTransmission Default = new();

    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public double AckRandomFactor { get; init; } = 1.5;

    public int MaxRetransmit { get; init; } = 4;

    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromSeconds(100);

    public TimeSpan ProcessingDelay => AckTimeout;

    /// <summary>ACK_TIMEOUT * (2^MAX_RETRANSMIT - 1) * ACK_RANDOM_FACTOR = 45 s by default.</summary>
    public TimeSpan MaxTransmitSpan => AckTimeout * (((1 << MaxRetransmit) - 1) * AckRandomFactor);

    /// <summary>MAX_TRANSMIT_SPAN + 2 * MAX_LATENCY + PROCESSING_DELAY = 247 s by default: how long a message id is remembered.</summary>
    public TimeSpan ExchangeLifetime => MaxTransmitSpan + (2 * MaxLatency) + ProcessingDelay;

    /// <summary>The first retransmission timeout: random in [ACK_TIMEOUT, ACK_TIMEOUT * ACK_RANDOM_FACTOR] (§4.2).</summary>
    public TimeSpan InitialTimeout(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return AckTimeout * (1 + (random.NextDouble() * (AckRandomFactor - 1)));
    }
}
