using System.Net;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Auth;

/// <summary>Setup with the code, login, logout, sessions and tokens over real HTTP (docs/security.md).</summary>
public sealed class SetupAndLoginTests
{
    [Fact]
    public async Task NewHub_AnswersApi401NamingSetup_WritesCode0600_AndHealthOnlyCounts()
    {
        await using var hub = await TestHub.StartUnclaimedAsync();

        var meters = await HttpJson.GetAsync(hub.Client, "/api/meters");
        Assert.Equal(HttpStatusCode.Unauthorized, meters.Status);
        Assert.Equal("application/problem+json", meters.ContentType);
        Assert.Contains("/setup.html", meters.Root.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var file = new FileInfo(Path.Combine(hub.DataDir.FullName, "setup-code"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, file.UnixFileMode);
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", hub.SetupCode);

        var health = await HttpJson.GetAsync(hub.Client, "/health");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal(["failedLogins", "problems", "readings", "status"], health.Root.EnumerateObject().Select(p => p.Name).Order());

        using var page = await hub.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("/setup.html", page.RequestMessage!.RequestUri!.AbsolutePath); // redirected
    }

    [Fact]
    public async Task Setup_RefusesWrongCodeAndWeakPassword_ThenCreatesOwnerOnce()
    {
        await using var hub = await TestHub.StartUnclaimedAsync();
        using var session = hub.NewSessionClient();

        using (var wrong = await TestHub.PostWithCsrfAsync(session, "/api/setup", "{\"code\":\"AAAA-BBBB-CCCC\",\"password\":\"long-enough-password\"}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("code", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var weak in new[] { "short", "1234567890", "password123" })
        {
            using var response = await TestHub.PostWithCsrfAsync(session, "/api/setup", $"{{\"code\":\"{hub.SetupCode}\",\"password\":\"{weak}\"}}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var code = hub.SetupCode;
        using (var right = await TestHub.PostWithCsrfAsync(session, "/api/setup", $"{{\"code\":\"{code}\",\"name\":\"alice\",\"password\":\"correct horse battery\"}}"))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        Assert.False(File.Exists(Path.Combine(hub.DataDir.FullName, "setup-code")));
        Assert.Equal(HttpStatusCode.OK, (await HttpJson.GetAsync(session, "/api/meters")).Status);
        using (var again = await TestHub.PostWithCsrfAsync(hub.NewSessionClient(), "/api/setup", $"{{\"code\":\"{code}\",\"password\":\"another password!\"}}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // The hash is Argon2id with its parameters; the password itself is nowhere in the file.
        var accounts = File.ReadAllText(Path.Combine(hub.DataDir.FullName, "accounts.json"));
        Assert.Contains("$argon2id$v=19$m=19456,t=2,p=1$", accounts, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse battery", accounts, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, new FileInfo(Path.Combine(hub.DataDir.FullName, "accounts.json")).UnixFileMode);
    }

    [Fact]
    public async Task Login_Logout_AndPasswordChangeEndsOtherSessions()
    {
        await using var hub = await TestHub.StartAsync();
        using var first = hub.NewSessionClient();
        using var second = hub.NewSessionClient();
        foreach (var session in new[] { first, second })
        {
            using var login = await TestHub.PostWithCsrfAsync(session, "/api/login", $"{{\"name\":\"owner\",\"password\":\"{hub.OwnerPassword}\"}}");
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await HttpJson.GetAsync(session, "/api/meters")).Status);
        }

        using (var change = await TestHub.PostWithCsrfAsync(first, "/api/account/password", $"{{\"currentPassword\":\"{hub.OwnerPassword}\",\"newPassword\":\"a brand new passphrase\"}}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await HttpJson.GetAsync(first, "/api/meters")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await HttpJson.GetAsync(second, "/api/meters")).Status);

        using (var logout = await TestHub.PostWithCsrfAsync(first, "/api/logout", "{}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await HttpJson.GetAsync(first, "/api/meters")).Status);
        using var wrong = await TestHub.PostWithCsrfAsync(hub.NewSessionClient(), "/api/login", $"{{\"name\":\"owner\",\"password\":\"{hub.OwnerPassword}\"}}");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode); // the old password is void
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheAccount_CountInHealth_AndRaiseAnAlert()
    {
        await using var hub = await TestHub.StartAsync();
        using var session = hub.NewSessionClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await TestHub.PostWithCsrfAsync(session, "/api/login", "{\"name\":\"owner\",\"password\":\"not the password\"}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await TestHub.PostWithCsrfAsync(session, "/api/login", $"{{\"name\":\"owner\",\"password\":\"{hub.OwnerPassword}\"}}");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter is not null, "Retry-After missing");

        var health = await HttpJson.GetAsync(hub.Client, "/health");
        Assert.Equal(5, health.Root.GetProperty("logins").GetProperty("failed").GetInt64());
        Assert.Equal(1, health.Root.GetProperty("logins").GetProperty("lockouts").GetInt64());
        using var anonymous = await hub.ClientForRoleAsync(null);
        Assert.Equal(5, (await HttpJson.GetAsync(anonymous, "/health")).Root.GetProperty("failedLogins").GetInt64());
    }

    [Fact]
    public async Task RevokedToken_Gets401_AndViewerTokenGets403OnOwnerRoutes()
    {
        await using var hub = await TestHub.StartAsync();
        using var viewer = await hub.ClientForRoleAsync("viewer");
        Assert.Equal(HttpStatusCode.OK, (await HttpJson.GetAsync(viewer, "/api/meters")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await HttpJson.GetAsync(viewer, "/api/users")).Status);

        var tokens = await HttpJson.GetAsync(hub.Client, "/api/tokens");
        var id = tokens.Root.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "test-viewer").GetProperty("id").GetString();
        Assert.DoesNotContain("smh_", tokens.Body, StringComparison.Ordinal); // secrets are never listed
        using (var revoke = await hub.Client.DeleteAsync(new Uri($"/api/tokens/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await HttpJson.GetAsync(viewer, "/api/meters")).Status);
    }

    [Fact]
    public async Task ForeignHost_Gets400_AndEveryAnswerCarriesSecurityHeaders()
    {
        await using var hub = await TestHub.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/meters", UriKind.Relative));
        request.Headers.Host = "evil.example";
        using var rebound = await hub.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, rebound.StatusCode);

        foreach (var path in new[] { "/api/meters", "/health", "/login.html", "/api/nope" })
        {
            using var response = await hub.Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.True(response.Headers.Contains("Content-Security-Policy") || response.Content.Headers.Contains("Content-Security-Policy"), path);
        }
    }

    [Fact]
    public async Task CookiePostWithoutAntiforgeryToken_Gets400_NothingChanges()
    {
        await using var hub = await TestHub.StartAsync();
        hub.ExpectErrors(); // antiforgery logs the refused token
        using var session = hub.NewSessionClient();
        using (var login = await TestHub.PostWithCsrfAsync(session, "/api/login", $"{{\"name\":\"owner\",\"password\":\"{hub.OwnerPassword}\"}}"))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using var forged = await session.PostAsync(new Uri("/api/tokens", UriKind.Relative),
            new StringContent("{\"name\":\"forged\",\"role\":\"owner\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await HttpJson.GetAsync(hub.Client, "/api/tokens")).Root.EnumerateArray(), t => t.GetProperty("name").GetString() == "forged");
    }
}
