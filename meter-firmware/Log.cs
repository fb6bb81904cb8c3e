using MeterFirmware.Uplink;
using Microsoft.Extensions.Logging;

namespace MeterFirmware;

/// <summary>
/// Every log line of the firmware. Connection changes are Information (one line each); per-reading lines are Debug,
/// shown with <c>--verbose</c>.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "meter {MeterId}: profile {Profile}, seed {Seed}, interval {Interval}, speed x{Speed}; resuming at seq {Seq}, import {ImportWh} Wh, export {ExportWh} Wh")]
    public static partial void Started(ILogger logger, string meterId, string profile, ulong seed, TimeSpan interval, double speed, ulong seq, double importWh, double exportWh);

    [LoggerMessage(2, LogLevel.Information, "connected to {Broker}; {Buffered} buffered readings to send")]
    public static partial void Connected(ILogger logger, string broker, int buffered);

    [LoggerMessage(3, LogLevel.Warning, "disconnected from {Broker} ({Reason}: {Detail}); buffering readings and reconnecting")]
    public static partial void Disconnected(ILogger logger, MqttUrl broker, string reason, string detail);

    [LoggerMessage(4, LogLevel.Warning, "cannot connect to {Broker}: {Detail}; buffering readings ({Buffered} so far) and retrying with backoff")]
    public static partial void ConnectFailed(ILogger logger, string broker, string detail, int buffered);

    [LoggerMessage(5, LogLevel.Debug, "connect attempt {Attempt} to {Broker} failed: {Detail}")]
    public static partial void ConnectRetryFailed(ILogger logger, string broker, int attempt, string detail);

    [LoggerMessage(6, LogLevel.Debug, "seq {Seq} acknowledged")]
    public static partial void Acknowledged(ILogger logger, ulong seq);

    [LoggerMessage(7, LogLevel.Debug, "publishing seq {Seq} failed ({Detail}); it stays buffered")]
    public static partial void PublishFailed(ILogger logger, ulong seq, string detail);

    [LoggerMessage(8, LogLevel.Warning, "broker refused seq {Seq} for now ({Reason}); retrying")]
    public static partial void PublishRefused(ILogger logger, ulong seq, string reason);

    [LoggerMessage(9, LogLevel.Error, "broker rejected seq {Seq} as malformed ({Reason}); dropped it")]
    public static partial void PublishRejected(ILogger logger, ulong seq, string reason);

    [LoggerMessage(10, LogLevel.Warning, "buffer full ({Capacity} readings): dropping the oldest, starting with seq {Seq}, until the broker is back")]
    public static partial void BufferFull(ILogger logger, int capacity, ulong seq);

    [LoggerMessage(11, LogLevel.Warning, "dropped {Count} readings (seq {First}..{Last}) while the buffer was full")]
    public static partial void BufferDropped(ILogger logger, ulong count, ulong first, ulong last);

    [LoggerMessage(12, LogLevel.Information, "{Count} unacknowledged readings from before the restart are buffered")]
    public static partial void BufferRestored(ILogger logger, int count);

    [LoggerMessage(13, LogLevel.Debug, "seq {Seq}: {PowerW} W, {VoltageV} V, import {ImportWh} Wh, export {ExportWh} Wh")]
    public static partial void ReadingTaken(ILogger logger, ulong seq, double powerW, double voltageV, double importWh, double exportWh);

    [LoggerMessage(14, LogLevel.Information, "stopping: {Acknowledged} readings acknowledged, {Buffered} still buffered, state saved at seq {Seq}")]
    public static partial void Stopped(ILogger logger, long acknowledged, int buffered, ulong seq);

    [LoggerMessage(15, LogLevel.Critical, "cannot persist the meter state: {Detail}; stopping rather than risk reusing a seq")]
    public static partial void StateWriteFailed(ILogger logger, string detail);
}
