using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Modbus;

/// <summary>Every log line of the plugin. Nothing per good poll; a meter's state changes once each.</summary>
internal static partial class ModbusLog
{
    [LoggerMessage(1, LogLevel.Information, "Modbus polling {MeterCount} meter(s) on {BusCount} bus(es)")]
    public static partial void Started(ILogger logger, int meterCount, int busCount);

    [LoggerMessage(2, LogLevel.Information, "Modbus meter {MeterId} online ({Endpoint} unit {UnitId}, profile {Profile}, {Requests} request(s) per poll)")]
    public static partial void MeterOnline(ILogger logger, string meterId, string endpoint, int unitId, string profile, int requests);

    [LoggerMessage(3, LogLevel.Warning, "Modbus meter {MeterId} offline: {Reason}; next try in {RetrySeconds} s")]
    public static partial void MeterOffline(ILogger logger, string meterId, string reason, double retrySeconds);

    [LoggerMessage(4, LogLevel.Warning, "Modbus reading of meter {MeterId} was rejected by the hub: {Detail}")]
    public static partial void Rejected(ILogger logger, string meterId, string detail);

    [LoggerMessage(6, LogLevel.Error, "Modbus meter {MeterId}: unexpected error while polling; the meter is counted offline and polled again later")]
    public static partial void Unexpected(ILogger logger, Exception exception, string meterId);

    [LoggerMessage(5, LogLevel.Debug, "Modbus meter {MeterId} still offline: {Reason}")]
    public static partial void StillOffline(ILogger logger, string meterId, string reason);
}
