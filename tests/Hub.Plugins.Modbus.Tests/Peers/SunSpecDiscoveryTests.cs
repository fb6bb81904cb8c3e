using System.Globalization;
using Hub.Plugins.Modbus.Protocol.Tests;

namespace Hub.Plugins.Modbus.Tests.Peers;

/// <summary>The sunspec profile against pymodbus holding a SunSpec map at 40000 (nothing at 0): marker, common
/// model 1, inverter model 103, meter model 203, end marker. The meter model is preferred and scaled.</summary>
public sealed class SunSpecDiscoveryTests
{
    [Fact]
    public async Task Sunspec_profile_finds_the_marker_walks_the_models_and_reads_the_meter_model()
    {
        var map = new List<ushort> { 0x5375, 0x6E53, 1, 66 };
        map.AddRange(new ushort[66]);                      // common model 1 (manufacturer, model, ... as zeros)
        var inverter = new ushort[50];
        inverter[12] = 999;                                // an inverter model 103 the meter model wins over
        map.AddRange([103, 50]);
        map.AddRange(inverter);
        var meter = new ushort[105];
        meter[1] = 52; meter[2] = 61; meter[3] = 43; meter[4] = unchecked((ushort)-1);        // A per phase, A_SF -1
        meter[6] = 2301; meter[7] = 2312; meter[8] = 2298; meter[13] = unchecked((ushort)-1);  // V per phase, V_SF -1
        meter[14] = 5001; meter[15] = unchecked((ushort)-2);                                    // Hz, Hz_SF -2
        meter[16] = unchecked((ushort)-150); meter[20] = 1;                                     // W = -1500 (export)
        meter[36] = 0; meter[37] = 4321;                                                        // TotWhExp 4321
        meter[44] = 0x0001; meter[45] = 0x0000;                                                 // TotWhImp 65536
        meter[52] = 0;                                                                          // TotWh_SF 0
        map.AddRange([203, 105]);
        map.AddRange(meter);
        map.AddRange([0xFFFF, 0]);

        var (peer, line) = await PeerProcess.StartAsync(
            PymodbusMeters.Python,
            [PymodbusMeters.Script, "tcp", "--port", "0", "--block", RegisterMaps.Block(1, "hr", 40000, map)],
            "LISTENING tcp",
            TimeSpan.FromSeconds(30));
        await using (peer)
        {
            var port = int.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
            await using var host = PluginHost.Create(new Dictionary<string, string?>
            {
                ["Meters:0:Id"] = "grid", ["Meters:0:Plugin"] = "modbus", ["Meters:0:Endpoint"] = $"tcp://127.0.0.1:{port}",
                ["Meters:0:UnitId"] = "1", ["Meters:0:Profile"] = "sunspec", ["Meters:0:PollSeconds"] = "0.2",
            });
            await host.StartAsync();
            await host.WaitForAsync(() => host.ReadingsOf("grid").Count >= 2, "two SunSpec readings");

            var reading = host.ReadingsOf("grid")[^1];
            Assert.Equal([5.2, 6.1, 4.3], reading.CurrentA!.Select(a => Math.Round(a, 6)));
            Assert.Equal([230.1, 231.2, 229.8], reading.VoltageV!.Select(v => Math.Round(v, 6)));
            Assert.Equal(50.01, reading.FrequencyHz!.Value, 6);
            Assert.Equal(-1500, reading.PowerW!.Value, 6);
            Assert.Equal(4321, reading.EnergyExportWh);
            Assert.Equal(65536, reading.EnergyImportWh);
            Assert.Empty(host.Problems);
        }

        PymodbusMeters.ThrowIfLoggedErrors(peer);
    }
}
