using Hub.Plugins.Mqtt.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Mqtt.Tests.Configuration;

/// <summary>A bad configuration fails the boot, with every problem named by its key.</summary>
public sealed class MqttOptionsValidationTests
{
    private static async Task<IReadOnlyList<string>> StartFailuresAsync(HubConfig config)
    {
        using var host = PluginHost.Build(config, new TestIngest(), new RecordingProblemSink(), new RecordingStatusSink(), new CapturingLoggerProvider());
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        return failure.Failures.ToList();
    }

    [Fact]
    public async Task Port_out_of_range_names_the_key()
    {
        var failures = await StartFailuresAsync(HubConfig.Embedded().Set("Mqtt:EmbeddedBroker:Port", "70000"));

        Assert.Contains("Mqtt:EmbeddedBroker:Port: 70000 is not a TCP port (1-65535, or 0 for any free port).", failures);
    }

    [Fact]
    public async Task Meter_without_password_names_its_key_and_the_credentials_file()
    {
        var failures = await StartFailuresAsync(HubConfig.Embedded().Meter("attic"));

        Assert.Contains("Meters:2:Password: meter 'attic' has no password; set Password or add it to Mqtt:EmbeddedBroker:CredentialsFile.", failures);
    }

    [Fact]
    public async Task External_meter_without_external_broker_names_the_key()
    {
        var failures = await StartFailuresAsync(HubConfig.Embedded().Meter("barn", ("Broker", "external")));

        Assert.Contains("Meters:2:Broker: 'external' but Mqtt:External is not configured.", failures);
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once_each_with_its_key()
    {
        var config = new HubConfig()
            .Set("Mqtt:EmbeddedBroker:Port", "-1")
            .Set("Mqtt:EmbeddedBroker:BindAddress", "localhost-ish")
            .Set("Mqtt:EmbeddedBroker:MaxPayloadBytes", "10")
            .Set("Mqtt:EmbeddedBroker:CredentialsFile", "/nonexistent/credentials")
            .Set("Mqtt:EmbeddedBroker:Users:0:Username", "viewer")
            .Set("Mqtt:EmbeddedBroker:Users:0:Subscribe:0", "smart#")
            .Set("Mqtt:External:Host", "")
            .Set("Mqtt:External:Port", "0")
            .Meter("a", ("Password", "x"), ("Broker", "cloud"))
            .Meter("b", ("Password", "x"), ("Topic", "smartmeter/+/reading"))
            .Meter("c", ("Password", "x"), ("Topic", "t"))
            .Meter("d", ("Password", "x"), ("Topic", "t"), ("Format", "sml"));

        var failures = await StartFailuresAsync(config);

        string[] keys =
        [
            "Mqtt:EmbeddedBroker:Port:", "Mqtt:EmbeddedBroker:BindAddress:", "Mqtt:EmbeddedBroker:MaxPayloadBytes:",
            "Mqtt:EmbeddedBroker:CredentialsFile:", "Mqtt:EmbeddedBroker:Users:0:Password:", "Mqtt:EmbeddedBroker:Users:0:Subscribe:0:",
            "Mqtt:External:Host:", "Mqtt:External:Port:", "Meters:0:Broker:", "Meters:1:Topic:", "Meters:3:Topic:", "Meters:3:Format:",
        ];
        foreach (var key in keys)
        {
            Assert.Contains(failures, f => f.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.All(failures, f => Assert.Matches("^(Mqtt|Meters):[A-Za-z0-9:]+: ", f));
    }

    [Fact]
    public async Task Embedded_meter_without_embedded_broker_names_the_key()
    {
        var config = new HubConfig().Set("Mqtt:External:Host", "127.0.0.1").Meter("house", ("Password", "x"));

        var failures = await StartFailuresAsync(config);

        Assert.Contains(failures, f => f.StartsWith("Meters:0:Broker: meter 'house' uses the embedded broker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_mqtt_configuration_and_no_mqtt_meters_is_valid_and_healthy()
    {
        await using var hub = await PluginHost.StartAsync(new HubConfig());

        var report = hub.Health.Report();

        Assert.True(report.Healthy);
        Assert.Equal("disabled", report.Status);
    }

    [Fact]
    public async Task Port_already_in_use_fails_the_start_naming_the_key()
    {
        await using var first = await PluginHost.StartAsync(HubConfig.Embedded());
        using var host = PluginHost.Build(
            HubConfig.Embedded().Set("Mqtt:EmbeddedBroker:Port", first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new TestIngest(),
            new RecordingProblemSink(),
            new RecordingStatusSink(),
            new CapturingLoggerProvider());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.StartsWith("Mqtt:EmbeddedBroker:Port: cannot listen on 127.0.0.1:", failure.Message, StringComparison.Ordinal);
    }
}
