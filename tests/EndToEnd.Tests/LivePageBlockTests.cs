using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>The live page, in a real Chromium, shows the latest sealed block and the block each reading was sealed in.</summary>
public sealed partial class LivePageBlockTests
{
    [Fact]
    public async Task PublishedReading_ShowsItsBlockHeight_AndTheLatestBlock_OnceSealed()
    {
        await using var scope = await HubScope.StartAsync(["house"], c => c with { HubSettings = new Dictionary<string, double> { ["BlockSeconds"] = 1 } });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await scope.Hub.NewLoggedInPageAsync(browser);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        var response = await page.GotoAsync(scope.Config.Url + "/");
        Assert.True(response is { Ok: true }, $"GET / answered {response?.Status}\nhub log:\n{scope.Hub.Log}");
        var latest = page.Locator("#latest-block");
        await Assertions.Expect(latest).ToHaveTextAsync("No block sealed yet.", new() { Timeout = 20_000 });
        // The page's EventSource is subscribed once it says live (the hub subscribes before its first flush); a fixed
        // wait could end before that on a loaded machine, and a reading stored earlier would never reach the page.
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });

        var reading = Readings.Household("house", 1, TimeProvider.System.GetUtcNow().AddSeconds(-2)) with { PowerW = 987 };
        var published = await MosquittoClients.PublishAsync(scope.BrokerPort, scope.Config.Meter("house"), Readings.Json(reading));
        Assert.True(published.Succeeded, $"mosquitto_pub failed: {published.Output}");

        // The reading arrives live (unsealed), the hub seals it within a second, the page picks the block up.
        var block = page.Locator("#readings tbody tr td[data-block]").First;
        await Assertions.Expect(block).ToHaveTextAsync("#1 proof", new() { Timeout = 20_000 });
        await Assertions.Expect(block).ToHaveAttributeAsync("data-block", "1");
        await Assertions.Expect(latest).ToHaveAttributeAsync("data-height", "1");
        await Assertions.Expect(latest).ToHaveTextAsync(LatestBlockOne());

        // The homeowner downloads the reading's proof from the page: it names the reading and its block's root.
        var download = await page.RunAndWaitForDownloadAsync(() => block.Locator("a.proof").ClickAsync());
        Assert.Matches(@"^reading-\d+-proof\.json$", download.SuggestedFilename);
        var saved = await download.PathAsync();
        using var proof = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(saved));
        Assert.Equal(1, proof.RootElement.GetProperty("blockHeight").GetInt64());
        Assert.Equal(
            proof.RootElement.GetProperty("block").GetProperty("merkleRoot").GetString(),
            proof.RootElement.GetProperty("root").GetString());
        Assert.True(pageErrors.Count == 0, $"the page threw: {string.Join("\n", pageErrors)}");
    }

    [GeneratedRegex(@"^Latest block #1: 1 readings \(0 invalid\), sealed ")]
    private static partial Regex LatestBlockOne();
}
