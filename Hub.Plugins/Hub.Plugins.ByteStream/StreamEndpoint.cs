using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Ports;

namespace Hub.Plugins.ByteStream;

/// <summary>Where a talking meter's bytes come from: a serial device or a TCP socket (ser2net, a P1 Wi-Fi dongle).</summary>
public abstract record StreamEndpoint
{
    /// <summary>
    /// Parses <c>tcp://host:port</c> or a serial device <c>/dev/ttyUSB0?baud=115200&amp;parity=N&amp;data=8&amp;stop=1</c>;
    /// settings left out take <paramref name="defaults"/> (the meter's line settings from its standard).
    /// </summary>
    public static bool TryParse(string? text, SerialLine defaults, [NotNullWhen(true)] out StreamEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        endpoint = null;
        const string examples = "/dev/ttyUSB0?baud=115200 or tcp://192.168.1.60:2001";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"missing; give a serial device or a TCP address, e.g. {examples}.";
            return false;
        }

        if (text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || uri.Port is <= 0 or > 65535
                || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0 || uri.UserInfo.Length > 0
                || !text.AsSpan(6).Contains(':'))
            {
                error = $"'{text}' is not tcp://host:port (port 1..65535), e.g. tcp://192.168.1.60:2001.";
                return false;
            }

            endpoint = new TcpStreamEndpoint(uri.DnsSafeHost, uri.Port);
            error = null;
            return true;
        }

        var queryStart = text.IndexOf('?', StringComparison.Ordinal);
        var device = queryStart < 0 ? text : text[..queryStart];
        if (!device.StartsWith('/') || device.Length < 2)
        {
            error = $"'{text}' is neither an absolute serial device path nor tcp://host:port; e.g. {examples}.";
            return false;
        }

        var line = defaults;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (queryStart < 0 ? string.Empty : text[(queryStart + 1)..]).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            if (!seen.Add(key))
            {
                error = $"'{text}' sets '{key}' twice.";
                return false;
            }

            switch (key.ToLowerInvariant())
            {
                case "baud" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var baud) && baud is >= 300 and <= 4_000_000:
                    line = line with { BaudRate = baud };
                    break;
                case "parity" when SerialLine.TryParseParity(value, out var parity):
                    line = line with { Parity = parity };
                    break;
                case "data" when value is "7" or "8":
                    line = line with { DataBits = value == "7" ? 7 : 8 };
                    break;
                case "stop" when value is "1" or "2":
                    line = line with { StopBits = value == "2" ? StopBits.Two : StopBits.One };
                    break;
                default:
                    error = $"'{text}': '{pair}' is not a serial setting; use baud=300..4000000, parity=N|E|O, data=7|8, stop=1|2.";
                    return false;
            }
        }

        endpoint = new SerialStreamEndpoint(device, line);
        error = null;
        return true;
    }
}

/// <summary>A TCP byte stream, e.g. ser2net or a P1-to-Wi-Fi dongle.</summary>
public sealed record TcpStreamEndpoint(string Host, int Port) : StreamEndpoint
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"tcp://{Host}:{Port}");
}

/// <summary>A serial device with its line settings.</summary>
public sealed record SerialStreamEndpoint(string PortName, SerialLine Line) : StreamEndpoint
{
    public override string ToString() => $"{PortName}?{Line}";
}
