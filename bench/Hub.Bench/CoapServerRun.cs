namespace Hub.Bench;

/// <summary>One server under the CoAP load: its warm-up and measured phases and what it cost.</summary>
/// <param name="Server">What answered, for the report.</param>
/// <param name="Request">The request the load sent it, e.g. <c>POST /readings</c>.</param>
/// <param name="Warmup">The unmeasured phase before the measured one.</param>
/// <param name="Measured">The measured phase.</param>
/// <param name="CpuUsed">The server process's user + system CPU time during the measured phase.</param>
/// <param name="PeakRssBytes">The server's VmHWM after the run.</param>
public sealed record CoapServerRun(string Server, string Request, CoapPhaseResult Warmup, CoapPhaseResult Measured, TimeSpan CpuUsed, long PeakRssBytes)
{
    /// <summary>Server CPU milliseconds per 1,000 answered requests in the measured phase.</summary>
    public double CpuMsPerThousand => Measured.Acknowledged == 0 ? double.NaN : CpuUsed.TotalMilliseconds * 1000 / Measured.Acknowledged;
}
