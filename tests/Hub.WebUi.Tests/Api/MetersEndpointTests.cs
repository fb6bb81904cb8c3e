using System.Net;
using System.Text.Json;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Api;

public sealed class MetersEndpointTests
{
    [Fact]
    public async Task Meters_ListsConfiguredMetersInOrderWithStatusAndLastReading()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Reading(1, "house", powerW: 100), Sample.Reading(2, "house", powerW: 987));
        hub.Board.Set("house", MeterLinkState.Offline, Sample.T0, "no message for 60 s");

        var meters = await HttpJson.GetAsync(hub.Client, "/api/meters");

        Assert.Equal(HttpStatusCode.OK, meters.Status);
        Assert.Equal("application/json", meters.ContentType);
        Assert.Equal(["house", "garage"], meters.Root.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        var house = meters.Root[0];
        Assert.Equal("mqtt", house.GetProperty("plugin").GetString());
        Assert.Equal("offline", house.GetProperty("status").GetString());
        Assert.Equal("2026-11-24T07:22:00.123Z", house.GetProperty("statusSince").GetString());
        Assert.Equal("no message for 60 s", house.GetProperty("statusReason").GetString());
        Assert.Equal("2026-11-24T07:22:02.123Z", house.GetProperty("lastReadingAt").GetString());
        Assert.Equal(2, house.GetProperty("lastReading").GetProperty("id").GetInt64());
        Assert.Equal(987, house.GetProperty("lastReading").GetProperty("powerW").GetDouble());

        var garage = meters.Root[1];
        Assert.Equal("unknown", garage.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, garage.GetProperty("statusSince").ValueKind);
        Assert.Equal(JsonValueKind.Null, garage.GetProperty("lastReadingAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, garage.GetProperty("lastReading").ValueKind);
    }

    [Fact]
    public async Task Meters_OnlineMeter_SaysOnline()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Board.Set("garage", MeterLinkState.Online, Sample.T0, null);

        var meters = await HttpJson.GetAsync(hub.Client, "/api/meters");

        Assert.Equal("online", meters.Root[1].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, meters.Root[1].GetProperty("statusReason").ValueKind);
    }
}
