using System.Net;
using System.Text.Json;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Api;

public sealed class ReadingsEndpointTests
{
    [Fact]
    public async Task Readings_ItemIsCanonicalReadingPlusHubFields()
    {
        await using var hub = await TestHub.StartAsync();
        var stored = Sample.Reading(7, valid: false);
        hub.Store.Add(stored);

        var page = await HttpJson.GetAsync(hub.Client, "/api/readings");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("application/json", page.ContentType);
        var item = Assert.Single(page.Root.GetProperty("items").EnumerateArray());
        using var canonical = JsonDocument.Parse(ReadingJson.ToUtf8Bytes(stored.Reading));
        foreach (var field in canonical.RootElement.EnumerateObject())
        {
            Assert.Equal(field.Value.GetRawText(), item.GetProperty(field.Name).GetRawText());
        }

        Assert.Equal("2026-11-24T07:22:07.123Z", item.GetProperty("timestamp").GetString());
        Assert.Equal(7, item.GetProperty("id").GetInt64());
        Assert.Equal("2026-11-24T07:22:07.373Z", item.GetProperty("receivedAt").GetString());
        Assert.False(item.GetProperty("valid").GetBoolean());
        var verdicts = item.GetProperty("verdicts").EnumerateArray().ToList();
        Assert.Equal(2, verdicts.Count);
        Assert.Equal("counter-monotonic", verdicts[1].GetProperty("rule").GetString());
        Assert.False(verdicts[1].GetProperty("ok").GetBoolean());
        Assert.Contains("went down", verdicts[1].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("blockHeight").ValueKind);
        Assert.Equal(JsonValueKind.Null, page.Root.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Readings_PagesNewestLastAndFollowsCursorToOlder()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Enumerable.Range(1, 5).Select(i => Sample.Reading(i)).ToArray());

        var first = await HttpJson.GetAsync(hub.Client, "/api/readings?limit=2");
        Assert.Equal([4L, 5L], Ids(first));
        var next = first.Root.GetProperty("next").GetString();
        Assert.NotNull(next);

        var second = await HttpJson.GetAsync(hub.Client, $"/api/readings?limit=2&cursor={Uri.EscapeDataString(next)}");
        Assert.Equal([2L, 3L], Ids(second));
        Assert.Equal(2, hub.Store.LastQuery!.Limit);
    }

    [Fact]
    public async Task Readings_DefaultLimitIs100AndFiltersReachTheStore()
    {
        await using var hub = await TestHub.StartAsync();

        var all = await HttpJson.GetAsync(hub.Client, "/api/readings");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Equal(100, hub.Store.LastQuery!.Limit);
        Assert.Null(hub.Store.LastQuery.MeterId);

        // '+' left unencoded in a query arrives as a space; the offset is still understood.
        var filtered = await HttpJson.GetAsync(hub.Client, "/api/readings?meter=garage&from=2026-11-24T08:00:00+01:00&to=2026-11-25&limit=1000");
        Assert.Equal(HttpStatusCode.OK, filtered.Status);
        var query = hub.Store.LastQuery;
        Assert.Equal("garage", query.MeterId);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), query.To);
        Assert.Equal(1000, query.Limit);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=11%2F24%2F2026", "to")]
    [InlineData("from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z", "to")]
    [InlineData("meter=House!", "meter")]
    [InlineData("limit=5&limit=6", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Readings_BadParameter_Returns400ProblemNamingIt(string query, string parameter)
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Reading(1));

        var problem = await HttpJson.GetAsync(hub.Client, "/api/readings?" + query);

        problem.AssertProblemNaming(HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task Readings_SeveralBadParameters_NamesEachOne()
    {
        await using var hub = await TestHub.StartAsync();

        var problem = await HttpJson.GetAsync(hub.Client, "/api/readings?limit=0&from=soon");

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        var errors = problem.Root.GetProperty("errors");
        Assert.True(errors.TryGetProperty("limit", out _));
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.Contains("1 to 1000", problem.Root.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readings_UnknownMeter_Returns404Problem()
    {
        await using var hub = await TestHub.StartAsync();

        var problem = await HttpJson.GetAsync(hub.Client, "/api/readings?meter=shed");

        Assert.Equal(HttpStatusCode.NotFound, problem.Status);
        Assert.Equal("application/problem+json", problem.ContentType);
        Assert.Contains("'shed'", problem.Root.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readings_MeterRemovedFromConfigButWithHistory_IsListed()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Reading(1, meter: "old-shed"));

        var page = await HttpJson.GetAsync(hub.Client, "/api/readings?meter=old-shed");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([1L], Ids(page));
    }

    [Fact]
    public async Task ReadingById_Found_ReturnsTheReading()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Reading(1), Sample.Reading(2, powerW: -450));

        var reading = await HttpJson.GetAsync(hub.Client, "/api/readings/2");

        Assert.Equal(HttpStatusCode.OK, reading.Status);
        Assert.Equal(2, reading.Root.GetProperty("id").GetInt64());
        Assert.Equal(-450, reading.Root.GetProperty("powerW").GetDouble());
        Assert.Equal("house", reading.Root.GetProperty("meterId").GetString());
    }

    [Fact]
    public async Task ReadingById_Missing_Returns404Problem()
    {
        await using var hub = await TestHub.StartAsync();

        var problem = await HttpJson.GetAsync(hub.Client, "/api/readings/99");

        Assert.Equal(HttpStatusCode.NotFound, problem.Status);
        Assert.Equal("application/problem+json", problem.ContentType);
        Assert.Equal(404, problem.Root.GetProperty("status").GetInt32());
        Assert.Contains("99", problem.Root.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingById_NotANumber_Returns400NamingId()
    {
        await using var hub = await TestHub.StartAsync();

        var problem = await HttpJson.GetAsync(hub.Client, "/api/readings/abc");

        problem.AssertProblemNaming(HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404Problem()
    {
        await using var hub = await TestHub.StartAsync();

        using var response = await hub.Client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static List<long> Ids(HttpJson page) =>
        page.Root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
}
