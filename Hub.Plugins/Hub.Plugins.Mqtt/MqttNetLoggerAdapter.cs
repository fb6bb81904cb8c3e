using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace Hub.Plugins.Mqtt;

/// <summary>
/// Routes MQTTnet's own log into ILogger one level lower than MQTTnet rates it: MQTTnet logs every closed
/// connection as a warning and every broken one as an error, while the plugin reports the cases that matter itself.
/// </summary>
internal sealed class MqttNetLoggerAdapter(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Trace) || logger.IsEnabled(LogLevel.Debug) || logger.IsEnabled(LogLevel.Warning);

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
