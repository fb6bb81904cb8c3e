using System.Net;
using System.Text.Json;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApi_ListsEveryRouteNamedAndDescribed()
    {
        await using var hub = await TestHub.StartAsync();

        var doc = await HttpJson.GetAsync(hub.Client, "/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, doc.Status);
        Assert.StartsWith("3.", doc.Root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("SmartMeter hub API", doc.Root.GetProperty("info").GetProperty("title").GetString());
        var paths = doc.Root.GetProperty("paths");
        var expected = new Dictionary<string, string>
        {
            ["/health"] = "GetHealth",
            ["/api/meters"] = "ListMeters",
            ["/api/readings"] = "ListReadings",
            ["/api/readings/{id}"] = "GetReading",
            ["/api/alerts"] = "ListAlerts",
            ["/api/events"] = "StreamEvents",
            ["/api/blocks"] = "ListBlocks",
            ["/api/blocks/{height}"] = "GetBlock",
            ["/api/readings/{id}/proof"] = "GetReadingProof",
            ["/api/bills"] = "ListBills",
            ["/api/bills/{id}"] = "GetBill",
            ["/api/series"] = "GetSeries",
        };
        Assert.Equal(expected.Keys.Order(), paths.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (path, operationId) in expected)
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Equal(operationId, get.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()), path);
            Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("description").GetString()), path);
            Assert.True(get.GetProperty("responses").TryGetProperty("200", out _), path);
        }
    }

    [Fact]
    public async Task OpenApi_DescribesResponseTypesAndQueryParameters()
    {
        await using var hub = await TestHub.StartAsync();

        var doc = await HttpJson.GetAsync(hub.Client, "/openapi/v1.json");

        var readings = doc.Root.GetProperty("paths").GetProperty("/api/readings").GetProperty("get");
        var parameters = readings.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["meter", "from", "to", "limit", "cursor"], parameters);
        Assert.True(readings.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(readings.GetProperty("responses").TryGetProperty("404", out _));

        var okSchema = Schema(doc.Root, readings.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var itemSchema = Schema(doc.Root, okSchema.GetProperty("properties").GetProperty("items").GetProperty("items"));
        var readingProperties = itemSchema.GetProperty("properties");
        foreach (var name in new[] { "meterId", "timestamp", "energyImportWh", "powerW", "id", "receivedAt", "valid", "verdicts", "blockHeight" })
        {
            Assert.True(readingProperties.TryGetProperty(name, out _), $"reading schema lacks {name}: {itemSchema}");
        }

        var health = doc.Root.GetProperty("paths").GetProperty("/health").GetProperty("get").GetProperty("responses");
        Assert.True(health.TryGetProperty("503", out _));
        var events = doc.Root.GetProperty("paths").GetProperty("/api/events").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.True(events.GetProperty("content").TryGetProperty("text/event-stream", out _));
    }

    private static JsonElement Schema(JsonElement root, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return root.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        return schema;
    }
}
