using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>The real hub polling a Shelly Gen1 /status served by a real HTTP server (python3 -m http.server) from a recorded fixture.</summary>
public sealed class HttpPollTests
{
    [Fact]
    public async Task Shelly_gen1_status_is_polled_and_stored()
    {
        using var site = TestDirectory.Create("shelly");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shelly", "shelly-gen1-3em-status.json"), site.Combine("status"));
        var port = FreePort.Next();
        var start = new ProcessStartInfo("python3") { WorkingDirectory = site.Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-m", "http.server", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"])
        {
            start.ArgumentList.Add(arg);
        }

        using var server = Process.Start(start)!;
        try
        {
            await using var scope = await HubScope.StartAsync(["house"], c => c with
            {
                OtherMeters = [new JsonObject { ["Id"] = "heat", ["Plugin"] = "http", ["Url"] = $"http://127.0.0.1:{port}/status", ["Format"] = "shelly-gen1", ["PollSeconds"] = 0.5 }],
            });

            await scope.Hub.EventuallyAsync(async () => (await scope.Hub.AllReadingsAsync("heat")).Count >= 1, TimeSpan.FromSeconds(30), "a polled reading is stored");

            var reading = (await scope.Hub.AllReadingsAsync("heat"))[0];
            Assert.Equal(1365.55, reading.GetProperty("powerW").GetDouble(), 6);
            Assert.Equal(3, reading.GetProperty("voltageV").GetArrayLength());
            Assert.Equal("2025-11-25T13:02:00.000Z", reading.GetProperty("timestamp").GetString());
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }
}
