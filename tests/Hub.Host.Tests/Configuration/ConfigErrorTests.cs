namespace Hub.Host.Tests.Configuration;

/// <summary>A bad hub.json stops the start with exit code 78 (EX_CONFIG) and a line naming the key.</summary>
public sealed class ConfigErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("""{ "Hub": { }, "Meters": [] }""", "Hub:DataDir: is missing")]
    [InlineData("""{ "Hub": { "DataDir": "DATA" }, "Meters": [ { "Id": "House 1", "Plugin": "mqtt", "Password": "p" } ] }""", "Meters:0:Id: 'House 1' is not a valid meter id")]
    [InlineData("""{ "Hub": { "DataDir": "DATA" }, "Meters": [ { "Id": "house", "Plugin": "zigbee" } ] }""", "Meters:0:Plugin: unknown plugin 'zigbee'")]
    [InlineData("""{ "Hub": { "DataDir": "DATA", "BlockSeconds": 0 }, "Meters": [] }""", "Hub:BlockSeconds: 0 is out of range")]
    [InlineData("""{ "Hub": { "DataDir": "DATA", "RetentionDays": 0 }, "Meters": [] }""", "Hub:RetentionDays: 0 is out of range")]
    [InlineData("""{ "Hub": { "DataDir": "DATA" }, "Rules": { "MaxPowerW": -1 }, "Meters": [] }""", "Rules:MaxPowerW: -1 must be a positive number")]
    [InlineData("""{ "Hub": { "DataDir": "DATA" }, "Meters": [], "Tariff": { "ImportPricePerKwh": 0.3, "ImportBands": [ { "From": "22:00", "To": "06:00", "PricePerKwh": 0.2 } ] } }""", "Tariff:ImportBands:0:To: 06:00 must be after From (22:00)")]
    [InlineData("""{ "Hub": { "DataDir": "DATA" }, "Meters": [], "Tariff": { "ImportPricePerKwh": "cheap" } }""", "Tariff:ImportPricePerKwh: 'cheap' is not a valid value")]
    [InlineData("""{ "Hub": { "DataDir": "DATA" }, """, "not valid JSON at line")]
    public async Task A_bad_config_exits_78_naming_the_key(string json, string expected)
    {
        var config = _dir.Write("hub.json", json.Replace("DATA", _dir.Path + "/data", StringComparison.Ordinal));
        using var hub = HubProcess.Start(config);
        var exit = await hub.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(78, exit);
        Assert.Contains("smartmeter: config error: " , hub.Output, StringComparison.Ordinal);
        Assert.Contains(expected, hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_exits_78_naming_the_file()
    {
        using var hub = HubProcess.Start(Path.Combine(_dir.Path, "nowhere.json"));
        Assert.Equal(78, await hub.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("--config: the file " + Path.Combine(_dir.Path, "nowhere.json") + " does not exist", hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_dir_held_by_another_hub_is_a_clear_error_not_a_crash()
    {
        var webPort = HubProcess.FreeTcpPort();
        var json = $$"""{ "Hub": { "DataDir": "{{_dir.Path}}/data", "Urls": "http://127.0.0.1:PORT" }, "Meters": [] }""";
        using var first = HubProcess.Start(_dir.Write("a.json", json.Replace("PORT", webPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!first.Output.Contains("open:", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        using var second = HubProcess.Start(_dir.Write("b.json", json.Replace("PORT", HubProcess.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        Assert.Equal(69, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("smartmeter: cannot start:", second.Output, StringComparison.Ordinal);
    }
}
