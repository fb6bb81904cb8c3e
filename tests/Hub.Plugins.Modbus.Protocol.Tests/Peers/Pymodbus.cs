namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>
/// Starts Peers/pymodbus_server.py with Debian's python3-pymodbus (3.0). /usr/bin/python3 explicitly: a python3
/// earlier on PATH may lack pymodbus.
/// </summary>
internal static class Pymodbus
{
    public const string Python = "/usr/bin/python3";

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Peers", "pymodbus_server.py");

    /// <summary>The register map both pymodbus peers serve: unit id, table (hr/ir), address, values.</summary>
    public static readonly string[] Blocks =
    [
        "1:hr:0:100,200,300,400",
        "1:hr:10:0x4366,0x8000",
        "1:hr:20:0x8000,0x4366",
        "1:hr:50:0,0,0,0",
        "1:ir:0:2300,2310,2320",
        "2:hr:0:7,8",
        "2:ir:100:0xF8A4,0x32EB",
        "3:ir:0:0x4093,0x4A45,0x6D5C,0xFAAD",
        "4:hr:1000:" + string.Join(',', Enumerable.Range(0, 125)),
    ];

    public static async Task<(PeerProcess Peer, int Port)> StartTcpAsync()
    {
        var (peer, line) = await PeerProcess.StartAsync(
            Python, [Script, "tcp", "--port", "0", .. BlockArguments()], "LISTENING tcp", TimeSpan.FromSeconds(20));
        return (peer, int.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public static async Task<PeerProcess> StartRtuAsync(string device, int baud)
    {
        var (peer, _) = await PeerProcess.StartAsync(
            Python,
            [Script, "rtu", "--device", device, "--baud", baud.ToString(System.Globalization.CultureInfo.InvariantCulture), "--parity", "N", .. BlockArguments()],
            "LISTENING rtu",
            TimeSpan.FromSeconds(20));
        return peer;
    }

    private static IEnumerable<string> BlockArguments() => Blocks.SelectMany(block => new[] { "--block", block });
}
