using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>meter-firmware publishing over CoAP and over HTTP gets its readings stored in the real hub.</summary>
public sealed class FirmwareProtocolsTests
{
    private const string HeatToken = "heat-token-0123456789";

    [Fact]
    public async Task CoapAndHttpFirmware_ReadingsAreStoredWithin20Seconds()
    {
        var coapPort = FreeUdpPort();
        await using var scope = await HubScope.StartAsync(
            ["house"],
            config => config with
            {
                OtherMeters =
                [
                    new JsonObject { ["Id"] = "ev", ["Plugin"] = "coap" },
                    new JsonObject { ["Id"] = "heat", ["Plugin"] = "http", ["Token"] = HeatToken },
                ],
                ExtraSections = new Dictionary<string, JsonNode>
                {
                    ["Coap"] = new JsonObject { ["Port"] = coapPort, ["BindAddress"] = "127.0.0.1" },
                },
            });
        var firmware = new List<ChildProcess>();
        try
        {
            firmware.Add(Start(scope, "ev", ["--coap", string.Create(CultureInfo.InvariantCulture, $"coap://127.0.0.1:{coapPort}")]));
            firmware.Add(Start(scope, "heat", ["--http", scope.Config.Url, "--token", HeatToken]));

            await Eventually.HoldsAsync(
                async () =>
                {
                    foreach (var id in new[] { "ev", "heat" })
                    {
                        var page = await scope.Hub.GetJsonAsync($"/api/readings?meter={id}&limit=1");
                        if (page.GetProperty("items").GetArrayLength() == 0)
                        {
                            return false;
                        }
                    }

                    return true;
                },
                TimeSpan.FromSeconds(60), // from spawning the firmware processes: start-up and JIT on a busy machine count too
                "ev (CoAP) and heat (HTTP) both have readings",
                () => $"hub log:\n{scope.Hub.Log}\n" + string.Join("\n", firmware.Select(f => $"{f.Name} log:\n{f.Log}")));
        }
        finally
        {
            foreach (var process in firmware)
            {
                await process.TerminateAsync(TimeSpan.FromSeconds(5));
                await process.DisposeAsync();
            }
        }
    }

    private static ChildProcess Start(HubScope scope, string id, string[] uplink) =>
        ChildProcess.Start(
            $"meter-firmware {id}",
            DotnetHost.Path,
            [
                RepoPaths.MeterFirmwareDll,
                "--meter-id", id,
                "--profile", "household",
                .. uplink,
                "--state-dir", scope.Directory.CreateSubdirectory($"meter-{id}"),
                "--interval", "1s",
                "--speed", "60",
            ]);

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
