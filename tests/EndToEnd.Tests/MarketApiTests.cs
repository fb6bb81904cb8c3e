using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// <c>/api/market/*</c> of a real hub process without a chain: the market is shown as not configured, its lists are
/// empty, and orders are checked (400) and then refused because there is no market to send them to (409).
/// </summary>
public sealed class MarketApiTests
{
    private const string Example = "{\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25}";

    [Fact]
    public async Task Without_a_chain_the_market_is_not_configured_and_its_lists_are_empty()
    {
        await using var scope = await HubScope.StartAsync("house");

        var (status, offers) = await scope.Hub.GetAsync("/api/market/offers");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["status", "book", "items", "next"], offers.EnumerateObject().Select(p => p.Name));
        var market = offers.GetProperty("status");
        Assert.Equal("not-configured", market.GetProperty("state").GetString());
        Assert.Equal("Off", market.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, market.GetProperty("meter").ValueKind);
        Assert.Equal(JsonValueKind.Null, market.GetProperty("contract").ValueKind);
        Assert.Equal(JsonValueKind.Null, market.GetProperty("error").ValueKind);
        Assert.Equal("EUR", market.GetProperty("currency").GetString());
        Assert.Equal(900, market.GetProperty("intervalSeconds").GetInt32());

        // The next interval is in the future, starts on a 900 s boundary of Unix time, and its orders close before it.
        var next = market.GetProperty("nextInterval").GetInt64();
        var start = DateTimeOffset.Parse(market.GetProperty("nextIntervalStart").GetString()!, CultureInfo.InvariantCulture);
        var deadline = DateTimeOffset.Parse(market.GetProperty("nextOrderDeadline").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(next * 900, start.ToUnixTimeSeconds());
        Assert.True(start > DateTimeOffset.UtcNow, $"next interval starts {start:O}");
        Assert.True(deadline <= start && deadline > DateTimeOffset.UtcNow.AddMinutes(-1), $"deadline {deadline:O}, start {start:O}");
        Assert.Matches(@"Z$", market.GetProperty("nextIntervalStart").GetString());

        AssertZeroTotals(market.GetProperty("totals"));
        Assert.Equal(JsonValueKind.Null, offers.GetProperty("book").GetProperty("readAt").ValueKind);
        Assert.Equal(0, offers.GetProperty("book").GetProperty("intervals").GetArrayLength());
        Assert.Equal(0, offers.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, offers.GetProperty("next").ValueKind);

        var (tradesStatus, trades) = await scope.Hub.GetAsync("/api/market/trades?limit=10&before=" + next.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, tradesStatus);
        Assert.Equal(["totals", "items", "next"], trades.EnumerateObject().Select(p => p.Name));
        AssertZeroTotals(trades.GetProperty("totals"));
        Assert.Equal(0, trades.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, trades.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("/api/market/offers?before=soon", "before", "expected a delivery interval (a whole number), got 'soon'.")]
    [InlineData("/api/market/offers?limit=0", "limit", "expected 1 to 1000, got '0'.")]
    [InlineData("/api/market/trades?limit=5000", "limit", "expected 1 to 1000, got '5000'.")]
    [InlineData("/api/market/trades?before=-1", "before", "expected a delivery interval (a whole number), got '-1'.")]
    public async Task Bad_paging_is_a_400_problem_naming_the_parameter(string path, string parameter, string message)
    {
        await using var scope = await HubScope.StartAsync("house");

        var (status, problem) = await scope.Hub.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(parameter)[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await scope.Hub.GetAsync("/api/market/offers?limit=1")).Status);
    }

    [Fact]
    public async Task Orders_are_checked_then_refused_with_409_while_the_market_is_not_configured()
    {
        await using var scope = await HubScope.StartAsync("house");
        var http = scope.Hub.Client;
        var next = (await scope.Hub.GetJsonAsync("/api/market/offers")).GetProperty("status").GetProperty("nextInterval").GetInt64();
        var past = (next - 2).ToString(CultureInfo.InvariantCulture);

        // Bad bodies: 400 problems whose detail says what is wrong, naming the field.
        var cases = new (string Body, string Says)[]
        {
            ("{\"energyWh\": 500, \"pricePerKwh\": 0.25}", "side: required"),
            ("{\"side\": \"hold\", \"energyWh\": 500, \"pricePerKwh\": 0.25}", "side: 'hold' is not an order side"),
            ("{\"side\": \"sell\", \"energyWh\": 0, \"pricePerKwh\": 0.25}", "energyWh: 0 must be a whole number of Wh from 1 to 1099511627776"),
            ("{\"side\": \"buy\", \"energyWh\": -5, \"pricePerKwh\": 0.25}", "energyWh: -5 must be"),
            ("{\"side\": \"sell\", \"energyWh\": 1099511627777, \"pricePerKwh\": 0.25}", "energyWh: 1099511627777 must be"),
            ("{\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0}", "pricePerKwh: 0 must be above 0"),
            ("{\"side\": \"buy\", \"energyWh\": 500, \"pricePerKwh\": -0.1}", "pricePerKwh: -0.1 must be above 0"),
            ("{\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25, \"interval\": " + past + "}", $"interval: orders for interval {past}"),
            ("{\"side\": \"sell\", \"energyWh\": \"500\", \"pricePerKwh\": 0.25}", "energyWh: expected the energy in whole Wh"),
            ("side=sell&energyWh=500&pricePerKwh=0.25", "The body is not valid JSON"),
        };
        foreach (var (body, says) in cases)
        {
            var (status, problem) = await PostAsync(http, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{body} answered {status}: {problem}");
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Well-formed orders, for the next interval or one named, go nowhere: 409 saying the market is not configured.
        foreach (var body in new[] { Example, "{\"side\": \"buy\", \"energyWh\": 1200, \"pricePerKwh\": 0.31, \"interval\": " + (next + 1).ToString(CultureInfo.InvariantCulture) + "}" })
        {
            var (status, problem) = await PostAsync(http, body);
            Assert.True(status == HttpStatusCode.Conflict, $"{body} answered {status}: {problem}");
            Assert.Equal("The market cannot take this order now", problem.GetProperty("title").GetString());
            Assert.StartsWith("the market is not configured: the hub needs Chain:RpcUrl", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Nothing was queued, and the hub goes on answering.
        Assert.Equal(0, (await scope.Hub.GetJsonAsync("/api/market/offers")).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await scope.Hub.HealthAsync()).Status);
    }

    [Fact]
    public async Task The_market_status_shows_the_configured_policy_and_the_tariff_currency()
    {
        await using var scope = await HubScope.StartAsync(["house"], config => config with
        {
            ExtraSections = new Dictionary<string, JsonNode>
            {
                ["Tariff"] = new JsonObject
                {
                    ["Currency"] = "CHF",
                    ["TimeZone"] = "Europe/Zurich",
                    ["ImportPricePerKwh"] = 0.30,
                    ["ExportPricePerKwh"] = 0.08,
                },
                ["Market"] = new JsonObject
                {
                    ["Mode"] = "Sell",
                    ["Meter"] = "house",
                    ["IntervalSeconds"] = 60,
                    ["MinSellPricePerKwh"] = 0.12,
                },
            },
        });

        var market = (await scope.Hub.GetJsonAsync("/api/market/offers")).GetProperty("status");

        Assert.Equal("not-configured", market.GetProperty("state").GetString());
        Assert.Equal("Sell", market.GetProperty("mode").GetString());
        Assert.Equal("house", market.GetProperty("meter").GetString());
        Assert.Equal("CHF", market.GetProperty("currency").GetString());
        Assert.Equal(60, market.GetProperty("intervalSeconds").GetInt32());
        var totals = (await scope.Hub.GetJsonAsync("/api/market/trades")).GetProperty("totals");
        Assert.Equal(0m, totals.GetProperty("extraEarnings").GetDecimal()); // with a tariff the comparisons are numbers
        Assert.Equal(0m, totals.GetProperty("savings").GetDecimal());
    }

    private static void AssertZeroTotals(JsonElement totals)
    {
        Assert.Equal(0, totals.GetProperty("soldWh").GetInt64());
        Assert.Equal(0m, totals.GetProperty("earned").GetDecimal());
        Assert.Equal(0, totals.GetProperty("boughtWh").GetInt64());
        Assert.Equal(0m, totals.GetProperty("paid").GetDecimal());

        // No Tariff in this hub.json: nothing to compare against.
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("earnedAtExportPrice").ValueKind);
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("extraEarnings").ValueKind);
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("paidAtTariff").ValueKind);
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("savings").ValueKind);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/market/offers", UriKind.Relative), content);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
