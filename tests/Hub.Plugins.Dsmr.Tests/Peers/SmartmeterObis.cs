using System.Diagnostics;
using System.Text.Json;
using SmartMeter.Peers;

namespace Hub.Plugins.Dsmr.Tests.Peers;

/// <summary>
/// npm's smartmeter-obis (an independent OBIS/D0 parser, installed in tools/ by scripts/install-deps.sh) parsing a
/// telegram: OBIS → its values with units, as tools/p1-parse.js prints them.
/// </summary>
internal static class SmartmeterObis
{
    public static string ToolsDirectory => Path.Combine(RepoPaths.Root, "tests", "Hub.Plugins.Dsmr.Tests", "tools");

    public static async Task<Dictionary<string, List<(JsonElement Value, string Unit)>>> ParseAsync(byte[] telegram)
    {
        var modules = Path.Combine(ToolsDirectory, "node_modules");
        Assert.True(Directory.Exists(Path.Combine(modules, "smartmeter-obis")), $"smartmeter-obis is not installed in {ToolsDirectory}; run scripts/install-deps.sh");
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tools", "p1-parse.js"));
        info.Environment["NODE_PATH"] = modules;
        using var node = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        await node.StandardInput.BaseStream.WriteAsync(telegram);
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"smartmeter-obis failed ({node.ExitCode}): {await error}");
        using var document = JsonDocument.Parse(await output);
        var result = new Dictionary<string, List<(JsonElement, string)>>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result[property.Name] = [.. property.Value.EnumerateArray().Select(v => (v.GetProperty("value").Clone(), v.GetProperty("unit").GetString() ?? string.Empty))];
        }

        return result;
    }
}
