using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Coap;

internal static partial class CoapLog
{
    [LoggerMessage(1, LogLevel.Information, "CoAP server listening on udp {Address}:{Port} for {MeterCount} meter(s)")]
    public static partial void Listening(ILogger logger, string address, int port, int meterCount);

    [LoggerMessage(2, LogLevel.Warning, "CoAP {Kind} (meter {MeterId}, {Source}): {Detail}")]
    public static partial void Problem(ILogger logger, string kind, string meterId, string source, string detail);

    [LoggerMessage(3, LogLevel.Information, "CoAP observing meter {MeterId} at {Url}")]
    public static partial void Observing(ILogger logger, string meterId, Uri url);

    [LoggerMessage(4, LogLevel.Warning, "CoAP observation of meter {MeterId} at {Url} failed: {Reason}; retrying in {RetrySeconds} s")]
    public static partial void ObserveFailed(ILogger logger, string meterId, Uri url, string reason, double retrySeconds);

    [LoggerMessage(5, LogLevel.Information, "CoAP reading from meter {MeterId} ({Source}) arrived while the hub is stopping; answering 5.03 so that it is sent again")]
    public static partial void IngestClosed(ILogger logger, string meterId, string source);
}
