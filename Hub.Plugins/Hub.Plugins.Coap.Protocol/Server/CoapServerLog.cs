using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Coap.Protocol.Server;

internal static partial class CoapServerLog
{
    [LoggerMessage(1, LogLevel.Debug, "CoAP datagram from {Remote} dropped: {Reason}")]
    public static partial void Malformed(ILogger logger, string remote, string reason);

    [LoggerMessage(2, LogLevel.Error, "CoAP resource {Path} failed on a request from {Remote}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string path, string remote);

    [LoggerMessage(3, LogLevel.Warning, "CoAP socket error while receiving: {Reason}")]
    public static partial void ReceiveFailed(ILogger logger, string reason);
}
