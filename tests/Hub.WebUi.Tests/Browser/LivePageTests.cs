using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hub.WebUi.Tests.Browser;

/// <summary>The live page in real headless Chromium against the real server.</summary>
public sealed class LivePageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task LivePage_ShowsMetersAndUpdatesPowerFromEvent_WithoutReload()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Reading(1, "house", powerW: 120, importWh: 1_234_567));
        hub.Board.Set("house", MeterLinkState.Online, Sample.T0, null);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await hub.LogInAsync(page);
        var pageErrors = CollectErrors(page);

        await page.GotoAsync(hub.Address.ToString());

        var house = page.Locator("[data-meter=\"house\"]");
        await Expect(house).ToBeVisibleAsync();
        await Expect(page.Locator("[data-meter=\"garage\"]")).ToBeVisibleAsync();
        await Expect(house.Locator("[data-field=\"powerW\"]")).ToHaveTextAsync("120 W");
        await Expect(house.Locator("[data-field=\"energyImportWh\"]")).ToContainTextAsync("kWh");
        await Expect(house.Locator("[data-field=\"energyImportWh\"]")).ToHaveAttributeAsync("data-value", "1234567");
        await Expect(house.Locator("[data-field=\"status\"]")).ToHaveTextAsync("online");
        await Expect(house.Locator("[data-field=\"timestamp\"] time")).ToHaveAttributeAsync("datetime", "2026-11-24T07:22:01.123Z");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        await hub.Events.WaitForSubscribersAsync(1);

        hub.Events.Publish(new ReadingStoredEvent(Sample.Reading(2, "house", powerW: 987)));

        await Expect(house.Locator("[data-field=\"powerW\"]")).ToContainTextAsync("987");
        await Expect(page.Locator("#readings tbody tr").First).ToHaveAttributeAsync("data-reading-id", "2");
        await Expect(page.Locator("[data-meter]")).ToHaveCountAsync(2); // one element per meter, nothing else
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task LivePage_InvalidReadingAndAlert_AreMarkedAndListed()
    {
        await using var hub = await TestHub.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await hub.LogInAsync(page);
        var pageErrors = CollectErrors(page);
        await page.GotoAsync(hub.Address.ToString());
        await Expect(page.Locator("#alerts-empty")).ToBeVisibleAsync();
        await hub.Events.WaitForSubscribersAsync(1);

        hub.Events.Publish(new ReadingStoredEvent(Sample.Reading(5, "garage", powerW: -450, valid: false)));
        hub.Events.Publish(new AlertRaisedEvent(Sample.Alert(9, meter: "garage", readingId: 5) with { Message = "energyImportWh went backwards" }));

        var row = page.Locator("#readings tbody tr[data-reading-id=\"5\"]");
        await Expect(row).ToHaveClassAsync("invalid");
        await Expect(row).ToContainTextAsync("invalid");
        await Expect(row).ToContainTextAsync("counter-monotonic: energyImportWh went down from 2000000 to 1234567");
        var garage = page.Locator("[data-meter=\"garage\"]");
        await Expect(garage.Locator("[data-field=\"powerW\"]")).ToContainTextAsync("-450");
        await Expect(garage).ToHaveClassAsync("meter invalid");
        var alert = page.Locator("#alerts li[data-alert-id=\"9\"]");
        await Expect(alert).ToContainTextAsync("energyImportWh went backwards");
        await Expect(alert).ToContainTextAsync("invalid-reading");
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(page.Locator("#alerts-empty")).ToBeHiddenAsync();
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task LivePage_StreamEnds_ReconnectsAndKeepsUpdating()
    {
        await using var hub = await TestHub.StartAsync(b =>
            b.Services.Configure<WebUiOptions>(o => o.ReconnectDelay = TimeSpan.FromMilliseconds(200)));
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await hub.LogInAsync(page); // lands on the live page
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await hub.Events.WaitForSubscribersAsync(1);
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        var started = hub.Events.SubscriptionsStarted;

        hub.Events.CompleteAll(); // the server ends the stream, as when the feed restarts
        await FakeHubEvents.WaitUntilAsync(() => hub.Events.SubscriptionsStarted > started && hub.Events.SubscriberCount == 1);
        hub.Events.Publish(new ReadingStoredEvent(Sample.Reading(3, "house", powerW: 555)));

        await Expect(page.Locator("[data-meter=\"house\"] [data-field=\"powerW\"]")).ToContainTextAsync("555");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");
    }

    [Fact]
    public async Task LivePage_PhoneWidth_HasNoHorizontalOverflow()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Store.Add(Sample.Reading(1, "house", powerW: 12345.678), Sample.Reading(2, "garage", valid: false));
        hub.Store.Add(Sample.Alert(1, "authentication-failed", meter: null, readingId: null, plugin: "mqtt") with
        {
            Message = "client 'garage-meter-with-a-long-name' sent a wrong password; check the meter's credentials",
        });
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = await context.NewPageAsync();
        await hub.LogInAsync(page);

        await page.GotoAsync(hub.Address.ToString());
        await Expect(page.Locator("[data-meter=\"house\"] [data-field=\"powerW\"]")).ToContainTextAsync("12345.678");
        await Expect(page.Locator("#alerts li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#readings tbody tr")).ToHaveCountAsync(2);
        var longId = new string('x', 40) + "-meter-id-of-64-characters";
        await hub.Events.WaitForSubscribersAsync(1);
        hub.Events.Publish(new ReadingStoredEvent(Sample.Reading(3, longId, powerW: -1234567.5)));
        await Expect(page.Locator($"[data-meter=\"{longId}\"] [data-field=\"powerW\"]")).ToContainTextAsync("-1234567.5");

        // The readings table may scroll inside its own region; nothing else may stick out of the screen.
        var sticking = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
                .filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.Empty(sticking);
    }

    [Fact]
    public async Task LivePage_ChartDrawsTodaysPowerFromTheSeries()
    {
        // The page asks for [00:00 UTC of its today, now): the readings at 00:00:01-00:02:01 must be in the past of
        // the same UTC day when it does. Just before or after midnight (0.17 % of runs) wait until 00:02:30.
        var now = DateTimeOffset.UtcNow;
        if (now.TimeOfDay < TimeSpan.FromSeconds(150) || now.TimeOfDay > new TimeSpan(23, 59, 50))
        {
            var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(now.Hour == 23 ? 1 : 0);
            await Task.Delay(midnight.AddSeconds(150) - now);
            now = DateTimeOffset.UtcNow;
        }

        await using var hub = await TestHub.StartAsync();
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        hub.Store.Add(
            Sample.Reading(1, powerW: 100, at: today.AddSeconds(1)),
            Sample.Reading(2, powerW: 400, at: today.AddSeconds(61)),
            Sample.Reading(3, powerW: 250, at: today.AddSeconds(121)),
            Sample.Reading(4, "garage", powerW: 9, at: today.AddSeconds(5)));
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await hub.LogInAsync(page);
        var pageErrors = CollectErrors(page);

        await page.GotoAsync(hub.Address.ToString());

        await Expect(page.Locator("#chart [data-chart-point]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#chart polyline")).ToHaveCountAsync(1);
        Assert.Equal(("house", SeriesQuantity.PowerW, SeriesStep.Minute), (hub.Series.LastRequest!.Value.Meter, hub.Series.LastRequest.Value.Quantity, hub.Series.LastRequest.Value.Step));
        Assert.Equal(today, hub.Series.LastRequest.Value.From);

        await page.Locator("#chart-meter").SelectOptionAsync("garage");

        await Expect(page.Locator("#chart [data-chart-point]")).ToHaveCountAsync(1);
        Assert.Empty(pageErrors);
    }

    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }
}
