using System.Globalization;
using System.Text;

namespace Hub.Bench;

/// <summary>The ingest figures against their goals, as a console table and as a Markdown section.</summary>
public sealed record IngestReport(
    MachineInfo Machine,
    DateTimeOffset Date,
    string Command,
    BenchOptions Options,
    TransportResult Transport,
    HubIngestResult Hub,
    IdleResult Idle)
{
    public const double DurableGoalPerSecond = 20_000;
    public const double ShareOfTransportGoal = 0.5;
    public const double IdleRssGoalMegabytes = 80;

    public double ShareOfTransport => Hub.DurablePerSecond / Transport.DeliveredPerSecond;

    public IReadOnlyList<(string Figure, string Value, string Goal, bool? Met)> Rows =>
    [
        ("mosquitto → mosquitto_sub -q 1, delivered/s", Rate(Transport.DeliveredPerSecond), "(reference)", null),
        ("hub, durable readings/s", Rate(Hub.DurablePerSecond) + (Hub.Completed ? string.Empty : $" (timed out at {Hub.Stored:N0} of {Hub.Readings:N0})"),
            $">= {DurableGoalPerSecond:N0}", Hub.Completed && Hub.DurablePerSecond >= DurableGoalPerSecond),
        ("hub / mosquitto", Percent(ShareOfTransport), $">= {ShareOfTransportGoal:P0}", Hub.Completed && ShareOfTransport >= ShareOfTransportGoal),
        ("hub peak RSS under load (VmHWM)", Megabytes(Hub.PeakRssBytes), "(reported)", null),
        ($"hub idle RSS ({Idle.Meters} meters, {Idle.IdleSeconds} s idle, VmRSS)", Megabytes(Idle.RssBytes), $"<= {IdleRssGoalMegabytes:0} MB", Idle.RssBytes / 1e6 <= IdleRssGoalMegabytes),
        ("  of which private (RssAnon; the rest is shared runtime files)", Megabytes(Idle.PrivateBytes), "(reported)", null),
    ];

    public string ToConsoleTable()
    {
        var rows = Rows;
        var w1 = rows.Max(r => r.Figure.Length);
        var w2 = rows.Max(r => r.Value.Length);
        var w3 = rows.Max(r => r.Goal.Length);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"figure".PadRight(w1)}  {"value".PadLeft(w2)}  {"goal".PadRight(w3)}  met");
        foreach (var (figure, value, goal, met) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{figure.PadRight(w1)}  {value.PadLeft(w2)}  {goal.PadRight(w3)}  {Met(met)}");
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("## Ingest: MQTT QoS 1 readings to durable storage")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- date: {Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}")
            .AppendLine(CultureInfo.InvariantCulture, $"- machine: {Machine}")
            .AppendLine(CultureInfo.InvariantCulture, $"- command: `{Command}`")
            .AppendLine(CultureInfo.InvariantCulture, $"- load: {Options.TotalReadings:N0} canonical readings from {Options.Meters} meters (one MQTTnet client each, up to {Options.Inflight} QoS 1 publishes in flight per client), publishers on the same machine")
            .AppendLine("- (a) transport: a plain mosquitto (`max_queued_messages 0`), the same publishers, the clock stops when a `mosquitto_sub -q 1` subscriber has received everything")
            .AppendLine("- (b) hub: Hub.Host (Release) with its embedded broker and the meters configured; the clock stops when `/health` `store.readings` reaches the total (acknowledged = durable)")
            .AppendLine(CultureInfo.InvariantCulture, $"- (c) idle: a hub with {Idle.Meters} meters connected, {Idle.ReadingsPerMeter} readings each, then {Idle.IdleSeconds} s without traffic")
            .AppendLine()
            .AppendLine("| figure | value | goal | met |")
            .AppendLine("| --- | ---: | --- | --- |");
        foreach (var (figure, value, goal, met) in Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {figure} | {value} | {goal} | {Met(met)} |");
        }

        text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Publish phase (first publish to last PUBACK): mosquitto {Transport.PublishElapsed.TotalSeconds:0.00} s, hub {Hub.PublishElapsed.TotalSeconds:0.00} s; until all delivered/durable: mosquitto {Transport.Elapsed.TotalSeconds:0.00} s, hub {Hub.Elapsed.TotalSeconds:0.00} s.");
        return text.ToString();
    }

    private static string Met(bool? met) => met switch { true => "yes", false => "NO", null => "" };

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
