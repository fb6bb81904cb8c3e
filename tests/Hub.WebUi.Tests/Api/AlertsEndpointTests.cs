using System.Net;
using System.Text.Json;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Api;

public sealed class AlertsEndpointTests
{
    [Fact]
    public async Task Alerts_NewestFirstWithDocumentedShape()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Alert(1), Sample.Alert(2, "authentication-failed", meter: null, readingId: null, plugin: "mqtt"));

        var alerts = await HttpJson.GetAsync(hub.Client, "/api/alerts");

        Assert.Equal(HttpStatusCode.OK, alerts.Status);
        var items = alerts.Root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([2L, 1L], items.Select(a => a.GetProperty("id").GetInt64()));
        var newest = items[0];
        Assert.Equal("2026-11-24T07:24:00.123Z", newest.GetProperty("at").GetString());
        Assert.Equal("authentication-failed", newest.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("meterId").ValueKind);
        Assert.Equal("alert 2: something to look at", newest.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("readingId").ValueKind);
        Assert.Equal("mqtt", newest.GetProperty("plugin").GetString());
        Assert.Equal(7, items[1].GetProperty("readingId").GetInt64());
        Assert.Equal("house", items[1].GetProperty("meterId").GetString());
        Assert.Equal(100, hub.Store.LastAlertQuery!.Value.Limit);
    }

    [Fact]
    public async Task Alerts_SinceAndLimitReachTheStore()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Alert(1), Sample.Alert(2), Sample.Alert(3));

        var alerts = await HttpJson.GetAsync(hub.Client, "/api/alerts?since=2026-11-24T07:23:00.123Z&limit=1");

        Assert.Equal(HttpStatusCode.OK, alerts.Status);
        Assert.Equal([3L], alerts.Root.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        Assert.Equal(Sample.T0.AddMinutes(1), hub.Store.LastAlertQuery!.Value.Since);
    }

    [Theory]
    [InlineData("since=last-week", "since")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=2000", "limit")]
    public async Task Alerts_BadParameter_Returns400ProblemNamingIt(string query, string parameter)
    {
        await using var hub = await TestHub.StartAsync();

        var problem = await HttpJson.GetAsync(hub.Client, "/api/alerts?" + query);

        problem.AssertProblemNaming(HttpStatusCode.BadRequest, parameter);
    }
}
