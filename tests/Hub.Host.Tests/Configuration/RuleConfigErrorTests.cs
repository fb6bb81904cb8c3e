using System.Globalization;

namespace Hub.Host.Tests.Configuration;

/// <summary>The sub-meter and power-energy settings: a bad one stops the start with exit code 78, naming the key.</summary>
public sealed class RuleConfigErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("""{ "Id": "house", "Plugin": "mqtt", "Password": "p" }, { "Id": "garage", "Plugin": "mqtt", "Password": "p", "Parent": "nowhere" }""", "Meters:1:Parent: 'nowhere' is not the Id of a configured meter.")]
    [InlineData("""{ "Id": "house", "Plugin": "mqtt", "Password": "p", "Parent": "garage" }, { "Id": "garage", "Plugin": "mqtt", "Password": "p", "Parent": "house" }""", "Meters:0:Parent: the parents form a cycle (house → garage → house)")]
    public async Task A_bad_parent_exits_78_naming_the_key(string meters, string expected)
    {
        var output = await StartAsync(meters, "{}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_power_energy_tolerance_exits_78_naming_the_key()
    {
        var output = await StartAsync("""{ "Id": "house", "Plugin": "mqtt", "Password": "p" }""", """{ "PowerEnergyTolerancePercent": -5 }""");
        Assert.Contains("Rules:PowerEnergyTolerancePercent: -5 must be 0 or more.", output, StringComparison.Ordinal);
    }

    private async Task<string> StartAsync(string meters, string rules)
    {
        var json = string.Create(CultureInfo.InvariantCulture, $$"""
            { "Hub": { "DataDir": "{{_dir.Path}}/data", "Urls": "http://127.0.0.1:{{HubProcess.FreeTcpPort()}}" },
              "Mqtt": { "EmbeddedBroker": { "Port": {{HubProcess.FreeTcpPort()}}, "BindAddress": "127.0.0.1" } },
              "Rules": {{rules}},
              "Meters": [ {{meters}} ] }
            """);
        using var hub = HubProcess.Start(_dir.Write("hub.json", json));
        var exit = await hub.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 78, $"exit {exit}:\n{hub.Output}");
        Assert.Contains("smartmeter: config error: ", hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", hub.Output, StringComparison.Ordinal);
        return hub.Output;
    }
}
