using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Coap.Protocol.Client;

internal static partial class CoapClientLog
{
    [LoggerMessage(1, LogLevel.Debug, "CoAP client: retransmitting message {MessageId} to {Remote} (attempt {Attempt}, next timeout {TimeoutMs} ms)")]
    public static partial void Retransmit(ILogger logger, ushort messageId, string remote, int attempt, double timeoutMs);

    [LoggerMessage(2, LogLevel.Debug, "CoAP client: dropped a datagram from {Remote}: {Reason}")]
    public static partial void Dropped(ILogger logger, string remote, string reason);
}
