namespace Hub.Ledger;

/// <summary>Downsampled history for charts (<c>GET /api/series</c>). Safe from any thread while the writer runs.</summary>
public interface ISeriesSource
{
    /// <summary>Readings per bucket at most for raw and minute steps, and buckets at most for any step.</summary>
    const int MaxPoints = 5000;

    /// <summary>
    /// The meter's series of <paramref name="quantity"/> over [<paramref name="rangeStart"/>, <paramref name="rangeEnd"/>), in
    /// buckets of <paramref name="resolution"/> whose start lies in the range (<paramref name="rangeStart"/> is rounded down to a
    /// bucket start). The caller checks that the range holds at most <see cref="MaxPoints"/> buckets.
    /// </summary>
    SeriesAnswer Read(string meterId, SeriesQuantity quantity, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, SeriesStep resolution);

    /// <summary>True when the meter has readings in the store (configured now or not).</summary>
    bool HasMeter(string meterId);
}
