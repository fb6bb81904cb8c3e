using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Mqtt;

/// <summary>Every log line of the plugin. Nothing is logged per good reading; problems are logged once each.</summary>
internal static partial class MqttLog
{
    [LoggerMessage(1, LogLevel.Information, "MQTT broker listening on {Address}:{Port} for {MeterCount} meter(s) and {UserCount} extra user(s)")]
    public static partial void BrokerListening(ILogger logger, string address, int port, int meterCount, int userCount);

    [LoggerMessage(2, LogLevel.Information, "MQTT broker stopped")]
    public static partial void BrokerStopped(ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "MQTT {Kind} (meter {MeterId}, {Source}): {Detail}")]
    public static partial void Problem(ILogger logger, string kind, string meterId, string source, string detail);

    [LoggerMessage(4, LogLevel.Warning, "MQTT reading from meter {MeterId} ({Source}) could not be stored; closing the connection without acknowledging so that it is sent again")]
    public static partial void IngestFailed(ILogger logger, Exception exception, string meterId, string source);

    [LoggerMessage(5, LogLevel.Information, "MQTT reading from meter {MeterId} ({Source}) arrived while the hub is stopping; closing the connection without acknowledging so that it is sent again")]
    public static partial void IngestClosed(ILogger logger, string meterId, string source);

    [LoggerMessage(6, LogLevel.Debug, "MQTT client connected: {Source} as {Identity}")]
    public static partial void ClientConnected(ILogger logger, string source, string identity);

    [LoggerMessage(7, LogLevel.Debug, "MQTT client disconnected: {Source}")]
    public static partial void ClientDisconnected(ILogger logger, string source);

    [LoggerMessage(8, LogLevel.Warning, "MQTT connection {Source} closed: the acknowledgement order got out of step (expected packet {Expected}, got {Actual}); the client will send its unacknowledged readings again")]
    public static partial void AckOutOfStep(ILogger logger, string source, int expected, int actual);

    [LoggerMessage(10, LogLevel.Information, "MQTT connected to external broker {Host}:{Port} as '{ClientId}' (session present: {SessionPresent}), subscribed to {TopicCount} meter topic(s)")]
    public static partial void ExternalConnected(ILogger logger, string host, int port, string clientId, bool sessionPresent, int topicCount);

    [LoggerMessage(11, LogLevel.Warning, "MQTT cannot connect to external broker {Host}:{Port}: {Reason}; retrying in {RetrySeconds} s")]
    public static partial void ExternalConnectFailed(ILogger logger, string host, int port, string reason, double retrySeconds);

    [LoggerMessage(12, LogLevel.Warning, "MQTT lost the external broker {Host}:{Port}: {Reason}; reconnecting")]
    public static partial void ExternalDisconnected(ILogger logger, string host, int port, string reason);

    [LoggerMessage(13, LogLevel.Warning, "MQTT reading from external meter {MeterId} could not be stored; reconnecting without acknowledging so that the broker delivers it again")]
    public static partial void ExternalIngestFailed(ILogger logger, Exception exception, string meterId);

    [LoggerMessage(14, LogLevel.Debug, "MQTT cannot connect to external broker {Host}:{Port} (still): {Reason}; retrying in {RetrySeconds} s")]
    public static partial void ExternalConnectStillFailing(ILogger logger, string host, int port, string reason, double retrySeconds);

    [LoggerMessage(20, LogLevel.Trace, "MQTTnet {Source}: {Message}")]
    public static partial void MqttNetTrace(ILogger logger, Exception? exception, string source, string message);

    [LoggerMessage(21, LogLevel.Debug, "MQTTnet {Source}: {Message}")]
    public static partial void MqttNetDebug(ILogger logger, Exception? exception, string source, string message);

    [LoggerMessage(22, LogLevel.Warning, "MQTTnet {Source}: {Message}")]
    public static partial void MqttNetWarning(ILogger logger, Exception? exception, string source, string message);
}
