namespace Hub.Bench;

/// <summary>One timed phase of <see cref="CoapLoad"/> against one server.</summary>
/// <param name="Acknowledged">Confirmable requests answered 2.04 Changed (counted only when the response arrived).</param>
/// <param name="Rejected">Requests answered with any other code.</param>
/// <param name="TimedOut">Requests given up after MAX_RETRANSMIT retransmissions (or answered with RST).</param>
/// <param name="Retransmissions">CON retransmissions by the clients (RFC 7252 §4.2 back-off, 2-3 s at first).</param>
/// <param name="Elapsed">From the first request until the last outstanding one was answered.</param>
/// <param name="LatenciesMs">Request sent to response received, per answered request, in milliseconds.</param>
/// <param name="FirstProblem">The first non-2.04 answer or error, for the report; null when there was none.</param>
public sealed record CoapPhaseResult(
    long Acknowledged,
    long Rejected,
    long TimedOut,
    long Retransmissions,
    TimeSpan Elapsed,
    IReadOnlyList<double> LatenciesMs,
    string? FirstProblem)
{
    public double PerSecond => Acknowledged / Elapsed.TotalSeconds;

    public double PercentileMs(double p) => ModbusBenchResult.Percentile(LatenciesMs, p);
}
