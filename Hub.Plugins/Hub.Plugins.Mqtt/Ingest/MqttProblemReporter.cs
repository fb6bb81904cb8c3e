using System.Text;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Mqtt.Ingest;

/// <summary>Every refused input goes to the hub's problem sink, into the counters, and into the log.</summary>
internal sealed class MqttProblemReporter(IIngestProblemSink sink, MqttPluginCounters counters, ILogger<MqttProblemReporter> logger)
{
    public void Report(IngestProblemKind kind, string? meterId, string detail, string? source)
    {
        counters.CountProblem(kind);
        MqttLog.Problem(logger, KebabCase(kind), meterId ?? "unknown", source ?? "unknown source", detail);
        sink.Report(new IngestProblem(MqttPluginInfo.Name, kind, meterId, detail, source));
    }

    /// <summary>The kind as the API spells it: <c>PayloadTooLarge</c> becomes <c>payload-too-large</c>.</summary>
    internal static string KebabCase(IngestProblemKind kind)
    {
        var name = kind.ToString();
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
