using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hub.Plugins.Modbus.Protocol;

namespace MeterFirmware.Cli;

/// <summary>Parses --modbus tcp://HOST:PORT and --unit-id N.</summary>
internal static class ModbusOption
{
    public static IPEndPoint ParseEndPoint(string text)
    {
        if (!ModbusEndpoint.TryParse(text, out var endpoint, out var error))
        {
            throw new UsageException($"--modbus: {error}");
        }

        if (endpoint is not ModbusTcpEndpoint tcp)
        {
            throw new UsageException($"--modbus '{text}': the firmware serves Modbus TCP only; give tcp://HOST:PORT, e.g. tcp://127.0.0.1:1502.");
        }

        if (!IPAddress.TryParse(tcp.Host, out var address))
        {
            address = tcp.Host == "localhost" ? IPAddress.Loopback : null;
        }

        return address is not null && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            ? new IPEndPoint(address, tcp.Port)
            : throw new UsageException($"--modbus '{text}': listen on an IP address (127.0.0.1, 0.0.0.0), not a host name.");
    }

    public static byte ParseUnitId(string text) =>
        byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unitId) && unitId is >= 1 and <= 247
            ? unitId
            : throw new UsageException($"--unit-id '{text}' is not a Modbus unit id from 1 to 247.");
}
