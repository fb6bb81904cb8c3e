using Microsoft.Extensions.Logging;

namespace Hub.WebUi;

/// <summary>Source-generated log messages of the web UI (CA1848).</summary>
internal static partial class WebUiLog
{
    public const string Category = "Hub.WebUi";

    [LoggerMessage(1, LogLevel.Debug, "Event stream opened for {Remote}")]
    public static partial void EventStreamOpened(ILogger logger, string? remote);

    [LoggerMessage(2, LogLevel.Debug, "Event stream for {Remote} closed: {Reason}")]
    public static partial void EventStreamClosed(ILogger logger, string? remote, string reason);

    [LoggerMessage(3, LogLevel.Error, "The store could not report its status for /health")]
    public static partial void StoreStatusFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Plugin {Plugin} could not report its health")]
    public static partial void PluginHealthFailed(ILogger logger, string plugin, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "The live event feed failed; closing the event stream for {Remote}")]
    public static partial void EventFeedFailed(ILogger logger, string? remote, Exception exception);
}
