namespace Hub.Bench;

/// <summary>(a) What mosquitto delivers to a QoS 1 subscriber.</summary>
public sealed record TransportResult(int Readings, TimeSpan Elapsed, TimeSpan PublishElapsed)
{
    public double DeliveredPerSecond => Readings / Elapsed.TotalSeconds;
}
