using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Ports;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>The two endpoint grammars; every failure names the part that is wrong and shows a valid example.</summary>
internal static class ModbusEndpointParser
{
    private const string TcpExample = "tcp://192.168.1.50:502";
    private const string RtuExample = "rtu:///dev/ttyUSB0?baud=9600&parity=N&stop=1&data=8";

    public static bool TryParseTcp(string text, [NotNullWhen(true)] out ModbusEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"The Modbus endpoint '{text}' is not a valid tcp://host:port address (a port must be 1..65535); example: {TcpExample}.";
            return false;
        }

        if (uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            error = $"The Modbus endpoint '{text}' has a path, query or user part; a TCP endpoint is only tcp://host:port, e.g. {TcpExample}.";
            return false;
        }

        var port = uri.Port < 0 ? ModbusTcpEndpoint.DefaultPort : uri.Port;
        if (port == 0)
        {
            error = $"The Modbus endpoint '{text}' has port 0; a port must be 1..65535, e.g. {TcpExample}.";
            return false;
        }

        endpoint = new ModbusTcpEndpoint(uri.DnsSafeHost, port);
        error = null;
        return true;
    }

    public static bool TryParseRtu(string text, [NotNullWhen(true)] out ModbusEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        var rest = text[ModbusRtuEndpoint.Scheme.Length..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var device = queryStart < 0 ? rest : rest[..queryStart];
        var query = queryStart < 0 ? string.Empty : rest[(queryStart + 1)..];
        if (device.Length == 0)
        {
            error = $"The Modbus endpoint '{text}' names no serial device; example: {RtuExample}.";
            return false;
        }

        if (!device.StartsWith('/'))
        {
            error = $"The Modbus endpoint '{text}' has a relative serial device '{device}'; write the absolute path after three slashes, e.g. {RtuExample}.";
            return false;
        }

        var baud = 9600;
        var parity = Parity.Even;
        var stopBits = StopBits.One;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            if (!seen.Add(key))
            {
                error = $"The Modbus endpoint '{text}' sets '{key}' twice.";
                return false;
            }

            error = key.ToLowerInvariant() switch
            {
                "baud" => ParseBaud(value, out baud),
                "parity" => ParseParity(value, out parity),
                "stop" => ParseStopBits(value, out stopBits),
                "data" => value == "8" ? null : $"data bits '{value}' is not allowed: Modbus RTU uses 8 data bits",
                _ => $"'{key}' is not a setting; the settings are baud, parity, stop and data",
            };
            if (error is not null)
            {
                error = $"The Modbus endpoint '{text}': {error}; example: {RtuExample}.";
                return false;
            }
        }

        endpoint = new ModbusRtuEndpoint(device, baud, parity, stopBits);
        error = null;
        return true;
    }

    private static string? ParseBaud(string value, out int baud) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out baud) && baud is >= 300 and <= 4_000_000
            ? null
            : $"baud '{value}' is not a baud rate between 300 and 4000000";

    private static string? ParseParity(string value, out Parity parity)
    {
        parity = value.ToUpperInvariant() switch
        {
            "N" or "NONE" => Parity.None,
            "E" or "EVEN" => Parity.Even,
            "O" or "ODD" => Parity.Odd,
            _ => Parity.Mark,
        };
        return parity == Parity.Mark ? $"parity '{value}' is not N, E or O" : null;
    }

    private static string? ParseStopBits(string value, out StopBits stopBits)
    {
        stopBits = value switch { "1" => StopBits.One, "2" => StopBits.Two, _ => StopBits.None };
        return stopBits == StopBits.None ? $"stop bits '{value}' is not 1 or 2" : null;
    }
}
