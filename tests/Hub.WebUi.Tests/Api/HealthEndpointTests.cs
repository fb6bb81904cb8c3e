using System.Net;
using System.Text.Json;
using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.WebUi.Tests.Api;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_AllHealthy_Returns200WithDocumentedShape()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Status = new StoreStatus(true, "/var/lib/smartmeter/hub.db", 42, 3, 1, Sample.T0, null);
        hub.Board.Problems["mqtt"] = new Dictionary<string, long> { ["malformed-payload"] = 2, ["authentication-failed"] = 1 };

        var health = await HttpJson.GetAsync(hub.Client, "/health");

        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("application/json", health.ContentType);
        var root = health.Root;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        var store = root.GetProperty("store");
        Assert.True(store.GetProperty("healthy").GetBoolean());
        Assert.Equal("/var/lib/smartmeter/hub.db", store.GetProperty("dataFile").GetString());
        Assert.Equal(42, store.GetProperty("readings").GetInt64());
        Assert.Equal(3, store.GetProperty("invalidReadings").GetInt64());
        Assert.Equal(1, store.GetProperty("queueLength").GetInt32());
        Assert.Equal("2026-11-24T07:22:00.123Z", store.GetProperty("lastCommitAt").GetString());
        Assert.Equal(JsonValueKind.Null, store.GetProperty("lastError").ValueKind);
        var mqtt = root.GetProperty("plugins").GetProperty("mqtt");
        Assert.True(mqtt.GetProperty("healthy").GetBoolean());
        Assert.Equal("listening", mqtt.GetProperty("status").GetString());
        Assert.Equal(1883, mqtt.GetProperty("details").GetProperty("port").GetInt32());
        Assert.Equal("0.0.0.0", mqtt.GetProperty("details").GetProperty("bind").GetString());
        var problems = root.GetProperty("problems").GetProperty("mqtt");
        Assert.Equal(2, problems.GetProperty("malformed-payload").GetInt64());
        Assert.Equal(1, problems.GetProperty("authentication-failed").GetInt64());
        Assert.Equal("not-configured", root.GetProperty("chain").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_StoreUnhealthy_Returns503WithSameShape()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Status = new StoreStatus(false, "/data/hub.db", 0, 0, 0, null, "disk full");

        var health = await HttpJson.GetAsync(hub.Client, "/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("unhealthy", health.Root.GetProperty("status").GetString());
        Assert.Equal("disk full", health.Root.GetProperty("store").GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Health_PluginUnhealthy_Returns503()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Mqtt.Current = new PluginHealthReport(false, "disconnected", new Dictionary<string, object?>());

        var health = await HttpJson.GetAsync(hub.Client, "/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("unhealthy", health.Root.GetProperty("status").GetString());
        Assert.Equal("disconnected", health.Root.GetProperty("plugins").GetProperty("mqtt").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_PluginThrows_ReportsItUnhealthyInsteadOfFailing()
    {
        await using var hub = await TestHub.StartAsync(b => b.Services.AddSingleton<IPluginHealth>(new ThrowingPlugin()));
        hub.ExpectErrors();

        var health = await HttpJson.GetAsync(hub.Client, "/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        var broken = health.Root.GetProperty("plugins").GetProperty("coap");
        Assert.False(broken.GetProperty("healthy").GetBoolean());
        Assert.Equal("socket gone", broken.GetProperty("details").GetProperty("error").GetString());
        Assert.Contains(hub.Logs.Entries, e => e.Contains("coap", StringComparison.Ordinal));
    }

    private sealed class ThrowingPlugin : IPluginHealth
    {
        public string PluginName => "coap";

        public PluginHealthReport Report() => throw new InvalidOperationException("socket gone");
    }
}
