using System.Globalization;
using Hub.Plugins.Modbus.Protocol.Tests;

namespace Hub.Plugins.Modbus.Tests.Peers;

/// <summary>
/// Debian's pymodbus (python3-pymodbus) serving meter register maps with known values: unit 1 an SDM630, unit 2 an
/// SDM120 (and over RTU unit 3 an SDM120). Unit ids it does not serve get no answer at all.
/// </summary>
internal static class PymodbusMeters
{
    public const string Python = "/usr/bin/python3";

    public static readonly double[] HouseVoltage = [230.1, 231.2, 229.8];
    public static readonly double[] HouseCurrent = [1.5, 2.5, 3.5];
    public static readonly double[] HousePhasePower = [300, 400, 500];
    public const double HousePower = 1200;
    public const double HouseFrequency = 50.02;
    public const double HouseImportKwh = 1234.5;
    public const double HouseExportKwh = 12.25;

    public const double GarageVoltage = 229.5;
    public const double GarageCurrent = 4.25;
    public const double GaragePower = 975.5;
    public const double GarageFrequency = 49.98;
    public const double GarageImportKwh = 321.75;
    public const double GarageExportKwh = 0.5;

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Peers", "pymodbus_server.py");

    public static ushort[] House => RegisterMaps.Sdm630(HouseVoltage, HouseCurrent, HousePhasePower, HousePower, HouseFrequency, HouseImportKwh, HouseExportKwh);

    public static ushort[] Garage => RegisterMaps.Sdm120(GarageVoltage, GarageCurrent, GaragePower, GarageFrequency, GarageImportKwh, GarageExportKwh);

    public static async Task<(PeerProcess Peer, int Port)> StartTcpAsync()
    {
        var (peer, line) = await PeerProcess.StartAsync(
            Python,
            [Script, "tcp", "--port", "0", "--block", RegisterMaps.Block(1, "ir", 0, House), "--block", RegisterMaps.Block(2, "ir", 0, Garage)],
            "LISTENING tcp",
            TimeSpan.FromSeconds(30));
        return (peer, int.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture));
    }

    public static async Task<PeerProcess> StartRtuAsync(string device, int baud)
    {
        var (peer, _) = await PeerProcess.StartAsync(
            Python,
            [Script, "rtu", "--device", device, "--baud", baud.ToString(CultureInfo.InvariantCulture), "--parity", "N", "--block", RegisterMaps.Block(3, "ir", 0, Garage)],
            "LISTENING rtu",
            TimeSpan.FromSeconds(30));
        return peer;
    }

    public static void ThrowIfLoggedErrors(PeerProcess peer)
    {
        if (!string.IsNullOrWhiteSpace(peer.Stderr))
        {
            throw new InvalidOperationException("The pymodbus peer logged errors:\n" + peer.Stderr);
        }
    }
}
