using System.Globalization;
using System.Text;

namespace Hub.Bench;

/// <summary>The <c>bench coap</c> figures as the Markdown section of docs/benchmarks.md.</summary>
public sealed record CoapBenchReport(
    MachineInfo Machine,
    DateTimeOffset Date,
    string Command,
    string LoadAverage,
    CoapBenchOptions Options,
    CoapServerRun Libcoap,
    CoapServerRun Hub,
    CoapDurabilityCheck Check)
{
    public double Ratio => Hub.Measured.PerSecond / Libcoap.Measured.PerSecond;

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("## CoAP: confirmable requests answered per second (loopback)")
            .AppendLine()
            .AppendLine(c, $"- date: {Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", c)} (load average at the end: {LoadAverage}; the figures are only comparable on a quiet machine)")
            .AppendLine(c, $"- machine: {Machine}")
            .AppendLine(c, $"- command: `{Command}`")
            .AppendLine(c, $"- load: the hub's own CoAP client (Hub.Plugins.Coap.Protocol) on the same machine: {Options.Clients} UDP endpoints x {Options.Inflight} lanes = {Options.Lanes} confirmable requests outstanding; a lane is one meter posting SenML JSON (content-format 110, ~225 bytes) readings in order, its next request sent when the previous one is answered; a message id and token per request, RFC 7252 retransmission")
            .AppendLine(c, $"- each server: {Options.WarmupSeconds} s warm-up, then {Options.Seconds} s measured; a request counts when its 2.04 Changed has arrived; latency is request sent to response received")
            .AppendLine("- (a) libcoap: Debian's `coap-server-notls -v 0`, `PUT /example_data` (libcoap 4.3.1's example server answers POST there with 4.05); it keeps the body in memory")
            .AppendLine("- (b) hub: Hub.Host (Release) with the meters configured as `coap` meters, `POST /readings`: decoded, judged by the rules, written in the single writer's group commit, and answered 2.04 only after that commit is fsynced")
            .AppendLine()
            .AppendLine("| server | request | 2.04/s | p50 ms | p95 ms | p99 ms | other answers | given up | retransmissions | server CPU ms per 1,000 | server peak RSS |")
            .AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row(text, Libcoap);
        Row(text, Hub);
        text.AppendLine()
            .AppendLine(c, $"Hub / libcoap: {Ratio.ToString("P0", c)} of libcoap's rate, while storing every reading durably.")
            .AppendLine()
            .AppendLine(c, $"Durability check: after the load the hub's `/health` counts {Check.Stored:N0} stored readings ({Check.Invalid} invalid) for {Check.Acknowledged:N0} 2.04 answers (warm-up and measured); ")
            .AppendLine(c, $"`/api/readings` for meters {string.Join(" and ", Check.SampledMeters)} holds every one of their {Check.SampledAcknowledged:N0} acknowledged seqs.");
        if ((Hub.Measured.FirstProblem ?? Libcoap.Measured.FirstProblem) is { } problem)
        {
            text.AppendLine().AppendLine(c, $"First problem seen: {problem}");
        }

        text.AppendLine()
            .AppendLine("Why they differ: libcoap answers from its single-threaded loop straight from memory and writes nothing; the hub")
            .AppendLine("answers only once the reading is on disk. Its CoAP server handles the outstanding requests concurrently, and the")
            .AppendLine("ingest writer puts every reading waiting at that moment into one LiteDB transaction and one fsync (group commit),")
            .AppendLine("so the fsync's cost is shared by the requests of a batch rather than paid per request; each request still waits for")
            .AppendLine("the commit of its batch, which is what the hub's latency shows. On top come SenML decoding, the rules and the")
            .AppendLine("index updates. The load generator runs on the same cores as the server, so both rates are lower bounds.");
        return text.ToString();
    }

    private static void Row(StringBuilder text, CoapServerRun run)
    {
        var m = run.Measured;
        text.AppendLine(CultureInfo.InvariantCulture, $"| {run.Server} | {run.Request} | {m.PerSecond:N0} | {m.PercentileMs(0.5):0.00} | {m.PercentileMs(0.95):0.00} | {m.PercentileMs(0.99):0.00} | {m.Rejected} | {m.TimedOut} | {m.Retransmissions} | {run.CpuMsPerThousand:0} | {run.PeakRssBytes / 1e6:0.0} MB |");
    }
}
