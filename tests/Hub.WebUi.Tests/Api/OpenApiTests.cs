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
            ["/api/market/offers"] = "ListMarketOffers",
            ["/api/market/trades"] = "ListMarketTrades",
            ["/api/session"] = "GetSession",
            ["/api/users"] = "ListUsers",
            ["/api/tokens"] = "ListTokens",
        };
        string[] withoutGet = ["/api/setup", "/api/login", "/api/logout", "/api/account/password", "/api/users/{name}", "/api/tokens/{id}"];
        Assert.Equal(expected.Keys.Concat(withoutGet).Order(), paths.EnumerateObject().Select(p => p.Name).Order());
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

    [Fact]
    public async Task OpenApi_DescribesTheMarketOrderPostAndTheMarketViews()
    {
        await using var hub = await TestHub.StartAsync();

        var doc = await HttpJson.GetAsync(hub.Client, "/openapi/v1.json");

        var post = doc.Root.GetProperty("paths").GetProperty("/api/market/offers").GetProperty("post");
        Assert.Equal("PlaceMarketOrder", post.GetProperty("operationId").GetString());
        Assert.Contains("energyWh", post.GetProperty("description").GetString(), StringComparison.Ordinal);
        var body = Schema(doc.Root, post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["side", "energyWh", "pricePerKwh", "interval"], body.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var responses = post.GetProperty("responses");
        var accepted = Schema(doc.Root, responses.GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(accepted.GetProperty("properties").TryGetProperty("state", out _), accepted.ToString());
        foreach (var status in new[] { "400", "409", "413", "415" })
        {
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
        }

        var offers = doc.Root.GetProperty("paths").GetProperty("/api/market/offers").GetProperty("get");
        Assert.Equal(["before", "limit"], offers.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var offersSchema = Schema(doc.Root, offers.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["status", "book", "items", "next"], offersSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var status200 = Schema(doc.Root, offersSchema.GetProperty("properties").GetProperty("status"));
        Assert.Equal("date-time", Schema(doc.Root, status200.GetProperty("properties").GetProperty("nextOrderDeadline")).GetProperty("format").GetString());

        var trades = doc.Root.GetProperty("paths").GetProperty("/api/market/trades").GetProperty("get");
        var tradesSchema = Schema(doc.Root, trades.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var totals = Schema(doc.Root, tradesSchema.GetProperty("properties").GetProperty("totals"));
        foreach (var name in new[] { "soldWh", "earned", "earnedAtExportPrice", "extraEarnings", "boughtWh", "paid", "paidAtTariff", "savings" })
        {
            Assert.True(totals.GetProperty("properties").TryGetProperty(name, out _), $"totals schema lacks {name}: {totals}");
        }
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
