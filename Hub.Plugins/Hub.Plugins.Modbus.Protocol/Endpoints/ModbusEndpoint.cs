using System.Diagnostics.CodeAnalysis;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// Where a Modbus device is: <c>tcp://host:port</c> (port defaults to 502) or
/// <c>rtu:///dev/ttyUSB0?baud=9600&amp;parity=N&amp;stop=1&amp;data=8</c>. Parse errors say what is wrong.
/// </summary>
public abstract record ModbusEndpoint
{
    private protected ModbusEndpoint()
    {
    }

    /// <summary>Parses an endpoint string; throws <see cref="FormatException"/> naming the problem.</summary>
    public static ModbusEndpoint Parse(string text) =>
        TryParse(text, out var endpoint, out var error) ? endpoint : throw new FormatException(error);

    /// <summary>Parses an endpoint string; on failure <paramref name="error"/> names the problem.</summary>
    public static bool TryParse(
        string? text, [NotNullWhen(true)] out ModbusEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The Modbus endpoint is empty; expected tcp://host:port or rtu:///dev/ttyUSB0?baud=9600.";
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith(ModbusTcpEndpoint.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ModbusEndpointParser.TryParseTcp(trimmed, out endpoint, out error);
        }

        if (trimmed.StartsWith(ModbusRtuEndpoint.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ModbusEndpointParser.TryParseRtu(trimmed, out endpoint, out error);
        }

        error = $"The Modbus endpoint '{trimmed}' has an unknown scheme; expected tcp://host:port or rtu:///dev/ttyUSB0?baud=9600.";
        return false;
    }
}
