namespace MeterFirmware.Uplink;

/// <summary>The broker address from <c>--mqtt mqtt://USER:PASSWORD@HOST:PORT</c> (percent-encoded credentials).</summary>
internal sealed record MqttUrl(string Host, int Port, string? Username, string? Password)
{
    public const int DefaultPort = 1883;

    /// <exception cref="FormatException">Not an mqtt:// URL; the message says what is wrong.</exception>
    public static MqttUrl Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"'{Redact(text)}' is not a URL; expected mqtt://USER:PASSWORD@HOST:PORT.");
        }

        if (!string.Equals(uri.Scheme, "mqtt", StringComparison.OrdinalIgnoreCase) && !string.Equals(uri.Scheme, "tcp", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"scheme '{uri.Scheme}' is not supported; expected mqtt://USER:PASSWORD@HOST:PORT (TLS is not implemented yet).");
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("the URL names no host; expected mqtt://USER:PASSWORD@HOST:PORT.");
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new FormatException("the URL must not have a path, query or fragment; expected mqtt://USER:PASSWORD@HOST:PORT.");
        }

        string? username = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port;
        return new MqttUrl(uri.IdnHost, port, username, password);
    }

    /// <summary>The URL without its password, for logs.</summary>
    public override string ToString() =>
        Username is null ? $"mqtt://{Host}:{Port}" : $"mqtt://{Username}@{Host}:{Port}";

    private static string Redact(string text)
    {
        var at = text.LastIndexOf('@');
        return at < 0 ? text : "…" + text[at..];
    }
}
