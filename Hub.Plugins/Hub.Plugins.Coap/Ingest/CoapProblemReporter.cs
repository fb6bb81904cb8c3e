using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Coap.Ingest;

/// <summary>Reports a refused payload to the hub's problem sink and the log.</summary>
public sealed class CoapProblemReporter(IIngestProblemSink sink, ILogger<CoapProblemReporter> logger)
{
    public void Report(IngestProblemKind kind, string? meterId, string detail, string source)
    {
        sink.Report(new IngestProblem(CoapPluginInfo.Name, kind, meterId, detail, source));
        CoapLog.Problem(logger, kind.ToString(), meterId ?? "-", source, detail);
    }
}
