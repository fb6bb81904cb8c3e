using System.Net;
using System.Text.Json;
using Hub.Ledger;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Api;

public sealed class SeriesEndpointTests
{
    [Fact]
    public async Task Series_PassesTheQueryToTheSourceAndAnswersTheDocumentedShape()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Reading(1, powerW: 100), Sample.Reading(2, powerW: 300));

        var series = await HttpJson.GetAsync(hub.Client, "/api/series?meter=house&quantity=powerW&from=2026-11-24T07:00:30Z&to=2026-11-24T08:00:00Z&step=minute");

        Assert.Equal(HttpStatusCode.OK, series.Status);
        Assert.Equal(("house", SeriesQuantity.PowerW, new DateTimeOffset(2026, 11, 24, 7, 0, 30, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), SeriesStep.Minute), hub.Series.LastRequest);
        var root = series.Root;
        Assert.Equal("house", root.GetProperty("meter").GetString());
        Assert.Equal("powerW", root.GetProperty("quantity").GetString());
        Assert.Equal("W", root.GetProperty("unit").GetString());
        Assert.Equal("minute", root.GetProperty("step").GetString());
        Assert.Equal("2026-11-24T07:00:00.000Z", root.GetProperty("from").GetString()); // rounded down to the minute
        Assert.Equal("2026-11-24T08:00:00.000Z", root.GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("rolledThrough").ValueKind);
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([100.0, 300.0], points.Select(p => p.GetProperty("value").GetDouble()));
        Assert.Equal("2026-11-24T07:22:01.123Z", points[0].GetProperty("start").GetString());
        Assert.Equal(1, points[0].GetProperty("count").GetInt64());
        Assert.Equal(0, points[0].GetProperty("invalid").GetInt64());
    }

    [Fact]
    public async Task Series_DefaultsToHourlyStepsOverTheLastDay()
    {
        await using var hub = await TestHub.StartAsync();

        var series = await HttpJson.GetAsync(hub.Client, "/api/series?meter=garage&quantity=energyImportWh");

        Assert.Equal(HttpStatusCode.OK, series.Status);
        var request = hub.Series.LastRequest!.Value;
        Assert.Equal(SeriesStep.Hour, request.Step);
        Assert.Equal(TimeSpan.FromDays(1), request.To - request.From);
        Assert.InRange(request.To, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("Wh", series.Root.GetProperty("unit").GetString());
    }

    [Theory]
    [InlineData("/api/series?quantity=powerW", "meter")]
    [InlineData("/api/series?meter=nobody&quantity=powerW", "meter")]
    [InlineData("/api/series?meter=House&quantity=powerW", "meter")]
    [InlineData("/api/series?meter=house", "quantity")]
    [InlineData("/api/series?meter=house&quantity=kwh", "quantity")]
    [InlineData("/api/series?meter=house&quantity=powerW&step=week", "step")]
    [InlineData("/api/series?meter=house&quantity=powerW&from=2026-11-25&to=2026-11-24", "from")]
    [InlineData("/api/series?meter=house&quantity=powerW&from=yesterday", "from")]
    [InlineData("/api/series?meter=house&quantity=powerW&from=2026-01-01&to=2026-12-31&step=minute", "step")]
    [InlineData("/api/series?meter=house&quantity=powerW&from=2020-01-01&to=2026-12-31&step=hour", "step")]
    public async Task Series_BadParameters_AreProblemsNamingTheParameter(string path, string parameter)
    {
        await using var hub = await TestHub.StartAsync();

        var problem = await HttpJson.GetAsync(hub.Client, path);

        problem.AssertProblemNaming(HttpStatusCode.BadRequest, parameter);
        Assert.Null(hub.Series.LastRequest);
    }

    [Fact]
    public async Task Series_TooManyRawReadings_IsAProblemNamingStep()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Series.TooMany = true;

        var problem = await HttpJson.GetAsync(hub.Client, "/api/series?meter=house&quantity=powerW&step=raw");

        problem.AssertProblemNaming(HttpStatusCode.BadRequest, "step");
        Assert.Contains("5000", problem.Root.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_IsInTheOpenApiDocumentWithItsParameters()
    {
        await using var hub = await TestHub.StartAsync();

        var doc = await HttpJson.GetAsync(hub.Client, "/openapi/v1.json");

        var get = doc.Root.GetProperty("paths").GetProperty("/api/series").GetProperty("get");
        var names = get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["meter", "quantity", "from", "to", "step"], names);
        Assert.True(get.GetProperty("responses").TryGetProperty("400", out _));
    }
}
