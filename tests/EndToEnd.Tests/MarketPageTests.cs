using Microsoft.Playwright;
using SmartMeter.Peers;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests;

/// <summary>The market page of a real hub process without a chain, in Debian's Chromium through Playwright.</summary>
public sealed class MarketPageTests
{
    [Fact]
    public async Task The_market_page_shows_the_market_not_configured_and_the_hubs_answers_to_orders()
    {
        await using var scope = await HubScope.StartAsync("house");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await scope.Hub.NewLoggedInPageAsync(browser);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        var timeout = new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 };

        // From the live page's header link to the market page.
        await page.GotoAsync(scope.Config.Url + "/");
        await page.ClickAsync("a[href=\"/market.html\"]");
        await Expect(page.Locator("#market-state")).ToHaveTextAsync("not-configured", timeout);
        await Expect(page.Locator("#market-status")).ToHaveAttributeAsync("data-state", "not-configured");
        await Expect(page.Locator("#market-state-note")).ToContainTextAsync("not configured");
        await Expect(page.Locator("#market-mode")).ToHaveTextAsync("Off");
        await Expect(page.Locator("#market-refresh")).ToHaveAttributeAsync("data-state", "live");
        var offers = await scope.Hub.GetJsonAsync("/api/market/offers");
        var next = offers.GetProperty("status").GetProperty("nextInterval").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator("#market-next")).ToHaveAttributeAsync("data-value", next);
        await Expect(page.Locator("#order-interval")).ToHaveAttributeAsync("placeholder", $"next: {next}");

        // An empty book and no orders or trades; totals are zero, the comparisons say there is no tariff.
        await Expect(page.Locator("#book-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#book [data-book-interval]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#orders-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#orders tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#trades-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#trades tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#totals-earned")).ToHaveAttributeAsync("data-value", "0");
        await Expect(page.Locator("#totals-sold")).ToHaveTextAsync("0 Wh");
        await Expect(page.Locator("#totals-saved")).ToContainTextAsync("no tariff");

        // Every form control has a label; the tables have column headers.
        foreach (var id in new[] { "order-side", "order-energy", "order-price", "order-interval" })
        {
            await Expect(page.Locator($"label[for=\"{id}\"]")).ToHaveCountAsync(1);
        }

        await Expect(page.Locator("#orders thead th[scope=\"col\"]")).ToHaveCountAsync(10);
        await Expect(page.Locator("#trades thead th[scope=\"col\"]")).ToHaveCountAsync(9);

        // A bad order: the hub's 400 message is shown and the field marked.
        var error = page.Locator("#order-error");
        await page.SelectOptionAsync("#order-side", "sell");
        await page.FillAsync("#order-energy", "0");
        await page.FillAsync("#order-price", "0.25");
        await page.ClickAsync("#order-submit");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToHaveAttributeAsync("data-status", "400");
        await Expect(error).ToContainTextAsync("energyWh: 0 must be a whole number of Wh from 1 to");
        await Expect(page.Locator("#order-energy")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(error).ToHaveAttributeAsync("role", "alert");

        // A missing field is named by the hub too.
        await page.FillAsync("#order-energy", string.Empty);
        await page.ClickAsync("#order-submit");
        await Expect(error).ToContainTextAsync("energyWh: required");

        // A sound order: the hub cannot take it without a market (409), and says why.
        await page.SelectOptionAsync("#order-side", "buy");
        await page.FillAsync("#order-energy", "500");
        await page.FillAsync("#order-price", "0.31");
        await page.ClickAsync("#order-submit");
        await Expect(error).ToHaveAttributeAsync("data-status", "409");
        await Expect(error).ToContainTextAsync("the market is not configured");
        await Expect(page.Locator("#order-energy")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#order-result")).ToBeHiddenAsync();
        await Expect(page.Locator("#orders tbody tr")).ToHaveCountAsync(0);
        Assert.True(pageErrors.Count == 0, $"the page threw: {string.Join("\n", pageErrors)}");
    }
}
