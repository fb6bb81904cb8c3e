using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// Bills from a real hub process: readings of the past hours published over MQTT, hourly periods
/// (<c>Tariff:Period</c> Hourly), bills issued and served by <c>/api/bills</c> and listed on the bills page in Chromium.
/// </summary>
public sealed class BillsTests
{
    [Fact]
    public async Task The_hub_issues_the_bill_of_an_ended_period_and_serves_it()
    {
        await using var scope = await StartAsync();
        var hour = await PublishThreeHoursAsync(scope);
        var bill = await WaitForBillAsync(scope, hour.AddHours(-2));

        // 1000 Wh from H-2:10 to H-1:10, 50 of those 60 minutes in H-2: 0.833333 kWh, at 0.30 = 0.25; plus 0.02.
        var id = bill["id"]!.GetValue<string>();
        var (status, body) = await scope.Hub.GetAsync($"/api/bills/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("EUR", body.GetProperty("currency").GetString());
        Assert.Equal("bill", body.GetProperty("kind").GetString());
        Assert.Equal(0.27m, body.GetProperty("total").GetDecimal());
        Assert.Equal(27, body.GetProperty("totalMinorUnits").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("settlementTx").ValueKind);
        Assert.Equal("not-on-chain", body.GetProperty("settlementStatus").GetString()); // no Chain in this hub.json
        Assert.Matches("^0x[0-9a-f]{64}$", body.GetProperty("hash").GetString());
        var import = body.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "import");
        Assert.Equal(0.833333m, import.GetProperty("quantity").GetDecimal());
        Assert.Equal(0.25m, import.GetProperty("amount").GetDecimal());
        Assert.False(import.GetProperty("estimated").GetBoolean());
        Assert.True(import.GetProperty("firstBlockHeight").GetInt64() >= 1);

        // The line's readings link answers with the two readings the line came from.
        var readings = await scope.Hub.GetJsonAsync(import.GetProperty("readings").GetString()!);
        Assert.Equal(
            [import.GetProperty("firstReadingId").GetInt64(), import.GetProperty("lastReadingId").GetInt64()],
            readings.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));

        var (missing, problem) = await scope.Hub.GetAsync("/api/bills/B-999999");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("Bill not found", problem.GetProperty("title").GetString());

        // Bad paging is a 400 naming the parameter, and the hub goes on answering.
        var (badBefore, beforeProblem) = await scope.Hub.GetAsync("/api/bills?before=last-month");
        Assert.Equal(HttpStatusCode.BadRequest, badBefore);
        Assert.Equal("expected a bill sequence number (a whole number), got 'last-month'.", beforeProblem.GetProperty("errors").GetProperty("before")[0].GetString());
        var (badLimit, _) = await scope.Hub.GetAsync("/api/bills?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit);
        Assert.Equal(HttpStatusCode.OK, (await scope.Hub.GetAsync("/api/bills?limit=1")).Status);
    }

    [Fact]
    public async Task The_bills_page_lists_an_issued_bill_with_its_lines()
    {
        await using var scope = await StartAsync();
        var hour = await PublishThreeHoursAsync(scope);
        var bill = await WaitForBillAsync(scope, hour.AddHours(-2));
        var id = bill["id"]!.GetValue<string>();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await scope.Hub.NewLoggedInPageAsync(browser);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        // From the live page's header link to the bills page.
        await page.GotoAsync(scope.Config.Url + "/");
        await page.ClickAsync("a[href=\"/bills.html\"]");
        var card = page.Locator($"[data-bill=\"{id}\"]");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(card.Locator("[data-field=\"total\"]")).ToContainTextAsync("0.27");
        await Assertions.Expect(card.Locator("[data-field=\"settlementStatus\"]")).ToHaveTextAsync("not-on-chain");
        var importLine = card.Locator("tr[data-line-kind=\"import\"]");
        await Assertions.Expect(importLine).ToHaveCountAsync(1);
        var readingsLink = importLine.Locator("a[href^=\"/api/readings?meter=house\"]");
        await Assertions.Expect(readingsLink).ToHaveCountAsync(1);
        await Assertions.Expect(importLine.Locator("a[href^=\"/api/blocks/\"]").First).ToBeVisibleAsync();
        Assert.True(pageErrors.Count == 0, $"the page threw: {string.Join("\n", pageErrors)}");
    }

    private static Task<HubScope> StartAsync() => HubScope.StartAsync(["house"], config => config with
    {
        HubSettings = new Dictionary<string, double> { ["BlockSeconds"] = 1 },
        ExtraSections = new Dictionary<string, JsonNode>
        {
            ["Tariff"] = new JsonObject
            {
                ["Currency"] = "EUR",
                ["TimeZone"] = "Europe/Berlin",
                ["Period"] = "Hourly",
                ["ImportPricePerKwh"] = 0.30,
                ["StandingChargePerDay"] = 0.48,
                ["IssueDelaySeconds"] = 5,
            },
        },
    });

    /// <summary>Readings at H-2:10, H-1:10 and now (1000 Wh apart), published over MQTT; returns H, this hour's start.</summary>
    private static async Task<DateTimeOffset> PublishThreeHoursAsync(HubScope scope)
    {
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        if (now - hour < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        var times = new[] { hour.AddHours(-2).AddMinutes(10), hour.AddHours(-1).AddMinutes(10), DateTimeOffset.UtcNow.AddSeconds(-1) };
        for (var i = 0; i < times.Length; i++)
        {
            var reading = Readings.Household("house", (ulong)i + 1, times[i].AddSeconds(-(i + 1))) with { EnergyImportWh = 10_000 + (1000 * i), PowerW = 1000 };
            var published = await MosquittoClients.PublishAsync(scope.BrokerPort, scope.Config.Meter("house"), Readings.Json(reading));
            Assert.True(published.Succeeded, $"mosquitto_pub failed: {published.Output}");
        }

        return hour;
    }

    private static async Task<JsonObject> WaitForBillAsync(HubScope scope, DateTimeOffset periodStart)
    {
        JsonObject? found = null;
        var start = periodStart.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        await scope.Hub.EventuallyAsync(async () =>
        {
            var list = JsonNode.Parse((await scope.Hub.GetJsonAsync("/api/bills")).GetRawText())!["items"]!.AsArray();
            found = list.Select(b => b!.AsObject()).FirstOrDefault(b => b["periodStart"]!.GetValue<string>() == start && b["kind"]!.GetValue<string>() == "bill");
            return found is not null;
        }, TimeSpan.FromSeconds(30), $"a bill for the hour from {start}");
        return found!;
    }
}
