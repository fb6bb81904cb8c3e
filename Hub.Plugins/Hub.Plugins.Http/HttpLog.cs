using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Http;

internal static partial class HttpLog
{
    [LoggerMessage(1, LogLevel.Warning, "HTTP poll of meter {MeterId} at {Url} failed: {Reason}")]
    public static partial void PollFailed(ILogger logger, string meterId, Uri url, string reason);
}
