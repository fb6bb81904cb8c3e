using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Mqtt.Output;

/// <summary>Log lines of the MQTT output (state, availability and alert topics).</summary>
internal static partial class OutputLog
{
    [LoggerMessage(40, LogLevel.Information, "MQTT output connected to external broker {Host}:{Port} as '{ClientId}'")]
    public static partial void ExternalConnected(ILogger logger, string host, int port, string clientId);

    [LoggerMessage(41, LogLevel.Warning, "MQTT output cannot publish to external broker {Host}:{Port}: {Reason}; retrying in {RetrySeconds} s")]
    public static partial void ExternalFailed(ILogger logger, string host, int port, string reason, double retrySeconds);

    [LoggerMessage(42, LogLevel.Warning, "MQTT output could not publish on the embedded broker ({Topic})")]
    public static partial void EmbeddedFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(43, LogLevel.Information, "MQTT output: no hub output feed is registered; state, availability and alert topics stay empty")]
    public static partial void NoFeed(ILogger logger);
}
