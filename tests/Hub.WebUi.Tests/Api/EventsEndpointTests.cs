using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hub.Ledger;
using Hub.WebUi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.WebUi.Tests.Api;

public sealed class EventsEndpointTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Events_PublishedReadingAndAlert_ArriveAsOneLineJsonEvents()
    {
        await using var hub = await TestHub.StartAsync();
        await using var sse = await SseClient.OpenAsync(hub.Client);
        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", sse.Response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        await hub.Events.WaitForSubscribersAsync(1);

        var stored = Sample.Reading(12, powerW: 987) with
        {
            Verdicts = [new Verdict("range", false, "powerW 987 is fine\nbut this detail has a line break")],
        };
        hub.Events.Publish(new ReadingStoredEvent(stored));
        hub.Events.Publish(new AlertRaisedEvent(Sample.Alert(3)));

        var (name, data) = await sse.ReadEventAsync(Wait);
        Assert.Equal("reading", name);
        using (var reading = JsonDocument.Parse(data))
        {
            Assert.Equal(12, reading.RootElement.GetProperty("id").GetInt64());
            Assert.Equal(987, reading.RootElement.GetProperty("powerW").GetDouble());
            Assert.Equal("house", reading.RootElement.GetProperty("meterId").GetString());
            Assert.Equal("2026-11-24T07:22:12.123Z", reading.RootElement.GetProperty("timestamp").GetString());
            Assert.Contains("\n", reading.RootElement.GetProperty("verdicts")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var (alertName, alertData) = await sse.ReadEventAsync(Wait);
        Assert.Equal("alert", alertName);
        using var alert = JsonDocument.Parse(alertData);
        Assert.Equal(3, alert.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("invalid-reading", alert.RootElement.GetProperty("kind").GetString());
        Assert.Equal("2026-11-24T07:25:00.123Z", alert.RootElement.GetProperty("at").GetString());
    }

    [Fact]
    public async Task Events_IdleStream_SendsKeepAliveComments()
    {
        await using var hub = await TestHub.StartAsync(b =>
            b.Services.Configure<WebUiOptions>(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(200)));
        await using var sse = await SseClient.OpenAsync(hub.Client);

        var first = await sse.ReadFrameAsync(Wait);
        Assert.Equal(["retry: 3000"], first);
        var second = await sse.ReadFrameAsync(Wait);
        Assert.Equal([": keepalive"], second);
        var third = await sse.ReadFrameAsync(Wait);
        Assert.Equal([": keepalive"], third);
    }

    [Fact]
    public async Task Events_ClientDisconnects_ServerEndsItsSubscription()
    {
        await using var hub = await TestHub.StartAsync();
        var sse = await SseClient.OpenAsync(hub.Client);
        await hub.Events.WaitForSubscribersAsync(1);

        await sse.DisposeAsync();

        await hub.Events.WaitForSubscribersAsync(0, Wait);
    }

    [Fact]
    public async Task Events_AppStops_StreamEndsPromptly()
    {
        await using var hub = await TestHub.StartAsync();
        await using var sse = await SseClient.OpenAsync(hub.Client);
        await hub.Events.WaitForSubscribersAsync(1);
        Assert.Equal(["retry: 3000"], await sse.ReadFrameAsync(Wait));

        var clock = Stopwatch.StartNew();
        await hub.StopAsync();

        Assert.Null(await sse.ReadFrameAsync(Wait));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}");

        // The response ends before the endpoint's finally block has released the subscription: wait for it.
        await hub.Events.WaitForSubscribersAsync(0, Wait);
    }

    [Fact]
    public async Task Events_FeedEnds_StreamEnds()
    {
        await using var hub = await TestHub.StartAsync();
        await using var sse = await SseClient.OpenAsync(hub.Client);
        await hub.Events.WaitForSubscribersAsync(1);
        Assert.Equal(["retry: 3000"], await sse.ReadFrameAsync(Wait));

        hub.Events.CompleteAll();

        Assert.Null(await sse.ReadFrameAsync(Wait));
    }
}
