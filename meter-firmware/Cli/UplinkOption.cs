using System.Globalization;
using System.Net;

namespace MeterFirmware.Cli;

/// <summary>Parses --coap, --http and --token.</summary>
internal static class UplinkOption
{
    public static IPEndPoint ParseCoap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "coap" || uri.AbsolutePath is not ("/" or ""))
        {
            throw new UsageException($"--coap '{text}' is not a URL like coap://127.0.0.1:5683.");
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? 5683 : uri.Port;
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var resolved = Dns.GetHostAddresses(uri.Host);
            return new IPEndPoint(resolved.First(), port);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--coap: cannot resolve '{uri.Host}': {ex.Message}"), ex);
        }
    }

    public static Uri ParseHttp(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath is "/" or ""
            ? uri
            : throw new UsageException($"--http '{text}' is not a URL like http://127.0.0.1:8080.");
    }

    /// <summary>The hub wants tokens of 16 characters or more (docs/coap-http.md).</summary>
    public static string ParseToken(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length >= 16 && !text.Any(char.IsWhiteSpace)
            ? text
            : throw new UsageException("--token must be at least 16 characters with no spaces.");
    }
}
