using Hub.WebUi.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hub.WebUi.Tests.Browser;

/// <summary>Setup, login, logout, lockout and each role's view in real headless Chromium.</summary>
public sealed class AuthPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Setup_WrongCodeIsRefused_RightCodeCreatesOwnerAndOpensTheLivePage()
    {
        await using var hub = await TestHub.StartUnclaimedAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(hub.Address.ToString());
        await Expect(page).ToHaveURLAsync(new Uri(hub.Address, "/setup.html").ToString());
        await page.FillAsync("#setup-code", "WRNG-CODE-0000");
        await page.FillAsync("#setup-password", "a long enough password");
        await page.ClickAsync("#setup-submit");
        await Expect(page.Locator("#setup-error")).ToContainTextAsync("setup code");
        await Expect(page.Locator("#setup-error")).ToHaveAttributeAsync("data-status", "400");

        await page.FillAsync("#setup-code", hub.SetupCode);
        await page.ClickAsync("#setup-submit");
        await Expect(page).ToHaveURLAsync(new Uri(hub.Address, "/").ToString());
        await Expect(page.Locator("#session-user")).ToHaveTextAsync("owner (owner)");
    }

    [Fact]
    public async Task Login_Logout_AndLockoutAfterRepeatedFailures()
    {
        await using var hub = await TestHub.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(hub.Address, "/bills.html").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\.html\\?return="));
        await page.FillAsync("#login-name", "owner");
        await page.FillAsync("#login-password", hub.OwnerPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page).ToHaveURLAsync(new Uri(hub.Address, "/bills.html").ToString());
        await Expect(page.Locator("#session-user")).ToHaveTextAsync("owner (owner)");

        await page.ClickAsync("#logout");
        await Expect(page).ToHaveURLAsync(new Uri(hub.Address, "/login.html").ToString());
        await page.GotoAsync(hub.Address.ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\.html"));

        for (var i = 0; i < 5; i++)
        {
            await page.FillAsync("#login-name", "owner");
            await page.FillAsync("#login-password", "wrong password " + i);
            await page.ClickAsync("#login-submit");
            await Expect(page.Locator("#login-error")).ToHaveAttributeAsync("data-status", "401");
            await page.EvaluateAsync("() => document.getElementById('login-error').removeAttribute('data-status')");
        }

        await page.FillAsync("#login-password", hub.OwnerPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#login-error")).ToHaveAttributeAsync("data-status", "429");
        await Expect(page.Locator("#login-error")).ToContainTextAsync("locked");
        hub.ExpectErrors(); // the lockout is reported as a problem
    }

    [Fact]
    public async Task Viewer_SeesTheMarketWithoutTheOrderForm_AndItsPostGets403()
    {
        await using var hub = await TestHub.StartAsync();
        using (var add = await hub.Client.PostAsync(new Uri("/api/users", UriKind.Relative),
            new StringContent("{\"name\":\"kid\",\"role\":\"viewer\",\"password\":\"viewer password 1\"}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, add.StatusCode);
        }

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await hub.LogInAsync(page, "kid", "viewer password 1");
        await Expect(page.Locator("#session-user")).ToHaveTextAsync("kid (viewer)");
        await Expect(page.Locator("#users-link")).ToHaveCountAsync(0);

        await page.GotoAsync(new Uri(hub.Address, "/market.html").ToString());
        await Expect(page.Locator("#order-owner-only")).ToBeVisibleAsync();
        await Expect(page.Locator("#order-form")).ToHaveCountAsync(0);

        // The page's own session, with its antiforgery token: the role, not the token, is what refuses it.
        var status = await page.EvaluateAsync<int>(
            "async () => (await window.hubSession.send('/api/market/offers', { side: 'buy', energyWh: 1, pricePerKwh: 0.1 })).status");
        Assert.Equal(403, status);
        var users = await page.EvaluateAsync<int>("async () => (await fetch('/api/users')).status");
        Assert.Equal(403, users);
    }

    [Fact]
    public async Task Owner_AddsAUserAndMakesATokenShownOnce_OnTheUsersPage()
    {
        await using var hub = await TestHub.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await hub.LogInAsync(page);
        await page.ClickAsync("#users-link");
        await Expect(page.Locator("#users tr[data-user=\"owner\"]")).ToBeVisibleAsync();

        await page.FillAsync("#user-name", "fitter");
        await page.SelectOptionAsync("#user-role", "installer");
        await page.FillAsync("#user-password", "installer password");
        await page.ClickAsync("#user-submit");
        await Expect(page.Locator("#users tr[data-user=\"fitter\"]")).ToContainTextAsync("installer");

        await page.FillAsync("#token-name", "home-assistant");
        await page.ClickAsync("#token-submit");
        await Expect(page.Locator("#token-secret")).ToContainTextAsync("smh_");
        var secret = System.Text.RegularExpressions.Regex.Match(await page.Locator("#token-secret").TextContentAsync() ?? string.Empty, "smh_[A-Za-z0-9_-]+").Value;
        using var script = new HttpClient { BaseAddress = hub.Address };
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await HttpJson.GetAsync(script, "/api/meters")).Status);
    }
}
