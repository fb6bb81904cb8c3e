using System.Globalization;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>A Modbus TCP server: host name or address, and port (502 by default, IANA "mbap").</summary>
public sealed record ModbusTcpEndpoint : ModbusEndpoint
{
    /// <summary>The registered Modbus TCP port.</summary>
    public const int DefaultPort = 502;

    internal const string Scheme = "tcp://";

    public ModbusTcpEndpoint(string host, int port = DefaultPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"tcp://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");
}
