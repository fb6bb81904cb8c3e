using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>The homeowner's live page, in a real Chromium: a reading published over MQTT shows up without a reload.</summary>
public sealed partial class LivePageTests
{
    [Fact]
    public async Task PublishedReading_AppearsOnTheLivePage_WithoutReload()
    {
        await using var scope = await HubScope.StartAsync("house");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await scope.Hub.NewLoggedInPageAsync(browser);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        var response = await page.GotoAsync(scope.Config.Url + "/");
        Assert.True(response is { Ok: true }, $"GET / answered {response?.Status}\nhub log:\n{scope.Hub.Log}");
        var power = page.Locator("[data-meter=\"house\"] [data-field=\"powerW\"]");
        await Assertions.Expect(power).ToBeAttachedAsync(new() { Timeout = 20_000 });

        // A marker that a reload would wipe out.
        await page.EvaluateAsync("() => { window.__smartmeterNoReload = 'still-here'; }");
        // The page's EventSource is subscribed once it says live (the hub subscribes before its first flush); a fixed
        // wait could end before that on a loaded machine, and a reading stored earlier would never reach the page.
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });

        var reading = Readings.Household("house", 1, TimeProvider.System.GetUtcNow().AddSeconds(-2)) with { PowerW = 987 };
        var published = await MosquittoClients.PublishAsync(scope.BrokerPort, scope.Config.Meter("house"), Readings.Json(reading));
        Assert.True(published.Succeeded, $"mosquitto_pub failed: {published.Output}");

        await Assertions.Expect(power).ToHaveTextAsync(Shows987(), new() { Timeout = 20_000 });
        Assert.Equal("still-here", await page.EvaluateAsync<string>("() => window.__smartmeterNoReload"));
        Assert.True(pageErrors.Count == 0, $"the page threw: {string.Join("\n", pageErrors)}");
    }

    /// <summary>987 as a number of its own (so 1987 or 9870 do not count), with whatever formatting around it.</summary>
    [GeneratedRegex(@"(^|[^\d.,])987([^\d]|$)")]
    private static partial Regex Shows987();
}
