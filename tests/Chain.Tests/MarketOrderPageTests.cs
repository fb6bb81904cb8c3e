using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using SmartMeter.Peers;
using static Microsoft.Playwright.Assertions;

namespace Chain.Tests;

/// <summary>
/// The homeowner's own orders through <c>POST /api/market/offers</c> and the market page, on a hub whose market is
/// configured: a real Hub.Host with the contracts of <c>./smartmeter deploy</c> on anvil, trading policy Off (the agent
/// makes no orders of its own, but places the homeowner's), the page in Debian's Chromium.
/// </summary>
public sealed class MarketOrderPageTests
{
    private const int IntervalSeconds = 20;
    [Fact]
    public async Task The_homeowners_order_is_accepted_placed_on_chain_and_shown_in_the_book_and_on_the_page()
    {
        using var directory = TestDirectory.Create("market-page");
        await using var anvil = await AnvilNode.StartAsync();
        var deployment = await Deployment.RunAsync(anvil, directory.Path,
            "--market-interval", IntervalSeconds.ToString(CultureInfo.InvariantCulture), "--gate-closure", "4", "--reading-window", "4", "--settle-timeout", "30");
        await using var home = await TradingHub.StartAsync(directory, anvil, "home", deployment, "Off", t => (5 * t, 0));
        var http = home.Hub.Client;
        await home.Hub.EventuallyAsync(async () => (await StatusAsync(home)).GetProperty("state").GetString() == "trading", TimeSpan.FromMinutes(2), "the market agent trading");

        // Two intervals ahead, so that its gate is not about to close while the test looks.
        var interval = (await StatusAsync(home)).GetProperty("nextInterval").GetInt64() + 2;
        var body = $"{{\"side\": \"buy\", \"energyWh\": 40, \"pricePerKwh\": 0.25, \"interval\": {interval.ToString(CultureInfo.InvariantCulture)}}}";
        using (var response = await PostAsync(http, body))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
            Assert.Equal("/api/market/offers", response.Headers.Location?.OriginalString);
            using var queued = JsonDocument.Parse(text);
            var order = queued.RootElement;
            Assert.Equal(interval, order.GetProperty("interval").GetInt64());
            Assert.Equal("buy", order.GetProperty("side").GetString());
            Assert.Equal(40, order.GetProperty("energyWh").GetInt64());
            Assert.Equal(0.25m, order.GetProperty("pricePerKwh").GetDecimal());
            Assert.Equal("homeowner", order.GetProperty("origin").GetString());
            Assert.Equal("queued", order.GetProperty("state").GetString());
            Assert.Matches("^[0-9]+$", order.GetProperty("priceWeiPerWh").GetString());
        }

        // The meter trades once per interval: a second order for it is a 409 that says so.
        using (var again = await PostAsync(http, body.Replace("\"buy\"", "\"sell\"", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            using var problem = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
            Assert.Contains($"interval {interval.ToString(CultureInfo.InvariantCulture)} already has an order", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // The agent places it on chain; the book read from the chain shows it as the hub's own.
        string? orderId = null;
        await home.Hub.EventuallyAsync(
            async () =>
            {
                var offers = await home.Hub.GetJsonAsync("/api/market/offers");
                var mine = offers.GetProperty("items").EnumerateArray().Single(o => o.GetProperty("interval").GetInt64() == interval);
                orderId = mine.GetProperty("orderId").GetString();
                return orderId is not null && offers.GetProperty("book").GetProperty("intervals").EnumerateArray()
                    .Any(i => i.GetProperty("interval").GetInt64() == interval
                        && i.GetProperty("orders").EnumerateArray().Any(o => o.GetProperty("orderId").GetString() == orderId && o.GetProperty("own").GetBoolean()));
            },
            TimeSpan.FromSeconds(60),
            $"the homeowner's order for interval {interval} placed and in the book");

        // The page: the order in the hub's orders, the same order highlighted in the book.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await home.Hub.NewLoggedInPageAsync(browser);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync(home.Config.Url + "/market.html");
        var visible = new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 };
        await Expect(page.Locator("#market-state")).ToHaveTextAsync("trading");
        var row = page.Locator($"#orders tbody tr[data-interval=\"{interval}\"]");
        await Expect(row).ToBeVisibleAsync(visible);
        await Expect(row).ToHaveAttributeAsync("data-origin", "homeowner");
        await Expect(row.Locator("[data-field=\"origin\"]")).ToHaveTextAsync("you");
        await Expect(row).ToHaveAttributeAsync("data-order-id", orderId!);
        var own = page.Locator($"[data-book-interval=\"{interval}\"] tr[data-order-id=\"{orderId}\"]");
        await Expect(own).ToHaveAttributeAsync("data-own", "true");
        await Expect(own).ToHaveClassAsync("own");
        await Expect(own).ToContainTextAsync("yours");

        // An order through the form: queued, then listed; the same interval again is refused with the hub's words.
        // Its interval is chosen now, two ahead again: the steps above may have taken some intervals on a busy machine.
        var later = Math.Max(interval + 1, (await StatusAsync(home)).GetProperty("nextInterval").GetInt64() + 2);
        await page.SelectOptionAsync("#order-side", "sell");
        await page.FillAsync("#order-energy", "30");
        await page.FillAsync("#order-price", "0.12");
        await page.FillAsync("#order-interval", later.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#order-submit");
        await Expect(page.Locator("#order-result")).ToContainTextAsync($"Queued: sell 30 Wh");
        await Expect(page.Locator("#order-result")).ToHaveAttributeAsync("data-interval", later.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator($"#orders tbody tr[data-interval=\"{later}\"][data-side=\"sell\"]")).ToBeVisibleAsync(visible);
        await Expect(page.Locator("#order-error")).ToBeHiddenAsync();
        await page.ClickAsync("#order-submit");
        await Expect(page.Locator("#order-error")).ToHaveAttributeAsync("data-status", "409");
        await Expect(page.Locator("#order-error")).ToContainTextAsync("already has an order");
        await Expect(page.Locator("#order-result")).ToBeHiddenAsync();
        Assert.True(pageErrors.Count == 0, $"the page threw: {string.Join("\n", pageErrors)}");
    }

    private static async Task<JsonElement> StatusAsync(TradingHub hub) =>
        (await hub.Hub.GetJsonAsync("/api/market/offers?limit=1")).GetProperty("status");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await http.PostAsync(new Uri("/api/market/offers", UriKind.Relative), content);
    }
}
