using Microsoft.Extensions.Logging;

namespace MeterFirmware;

/// <summary>The log lines of reading signing (--key-file).</summary>
internal static partial class Log
{
    [LoggerMessage(40, LogLevel.Information, "signing readings as {Address}; public key {PublicKey} (Meters:N:PublicKey in hub.json)")]
    public static partial void Signing(ILogger logger, string address, string publicKey);

    [LoggerMessage(41, LogLevel.Critical, "--key-file {Path}: {Detail}")]
    public static partial void KeyUnusable(ILogger logger, string path, string detail);
}
