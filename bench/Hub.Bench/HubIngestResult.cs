namespace Hub.Bench;

/// <summary>(b) How fast the hub makes readings durable, and its peak memory meanwhile.</summary>
/// <param name="Readings">Readings published.</param>
/// <param name="Stored">Readings in the store when the clock stopped (the total, unless it timed out).</param>
/// <param name="Elapsed">From the first publish until /health store.readings reached the total.</param>
/// <param name="PublishElapsed">From the first publish to the last PUBACK.</param>
/// <param name="PeakRssBytes">VmHWM of the hub process.</param>
/// <param name="Completed">False when the hub did not store everything within the bench's deadline.</param>
public sealed record HubIngestResult(int Readings, long Stored, TimeSpan Elapsed, TimeSpan PublishElapsed, long PeakRssBytes, bool Completed)
{
    public double DurablePerSecond => Stored / Elapsed.TotalSeconds;
}
