using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace Hub.Plugins.Mqtt;

/// <summary>
/// Routes MQTTnet's own log into ILogger (categories <c>MQTTnet.Server</c>, <c>MQTTnet.Client</c>) one level lower
/// than MQTTnet rates it: MQTTnet logs every closed connection as a warning and every broken one as an error, while
/// the plugin reports the cases that matter itself. MQTTnet asks only "is logging on?", not for which level, and
/// then builds a parameter array for every packet sent and received; so it is on only while Debug is enabled for
/// the category (<c>Logging:LogLevel:MQTTnet=Debug</c> to diagnose), keeping the hot path free of log allocations.
/// </summary>
internal sealed class MqttNetLoggerAdapter(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Debug);

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        var target = level switch
        {
            MqttNetLogLevel.Verbose => LogLevel.Trace,
            MqttNetLogLevel.Info or MqttNetLogLevel.Warning => LogLevel.Debug,
            _ => LogLevel.Warning,
        };
        if (!logger.IsEnabled(target))
        {
            return;
        }

        var text = parameters is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, message, parameters) : message;
        switch (target)
        {
            case LogLevel.Trace:
                MqttLog.MqttNetTrace(logger, exception, source, text);
                break;
            case LogLevel.Debug:
                MqttLog.MqttNetDebug(logger, exception, source, text);
                break;
            default:
                MqttLog.MqttNetWarning(logger, exception, source, text);
                break;
        }
    }
}
