using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Tests.Support;

/// <summary>
/// The web UI on real Kestrel at 127.0.0.1 on an OS-assigned port, with in-memory fakes behind the ledger
/// interfaces. Disposing stops it and fails the test if warnings or errors were logged unexpectedly.
/// </summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _errorsExpected;

    private TestHub(WebApplication app, Uri address, ErrorLogCollector logs, DirectoryInfo dataDir)
    {
        _app = app;
        Address = address;
        Logs = logs;
        DataDir = dataDir;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>Where the accounts and the setup code live (a new temporary folder per hub).</summary>
    public DirectoryInfo DataDir { get; }

    public const string OwnerName = "owner";

    /// <summary>The owner's password, set through the real setup API at start.</summary>
    public string OwnerPassword { get; } = "test-" + Guid.NewGuid().ToString("N");

    /// <summary>The owner API token <see cref="Client"/> sends as Authorization: Bearer.</summary>
    public string OwnerToken { get; private set; } = string.Empty;

    public Uri Address { get; }

    public HttpClient Client { get; }

    public ErrorLogCollector Logs { get; }

    public FakeReadingStore Store => Services.GetRequiredService<FakeReadingStore>();

    public FakeMeterStatusBoard Board => Services.GetRequiredService<FakeMeterStatusBoard>();

    public FakeHubEvents Events => Services.GetRequiredService<FakeHubEvents>();

    public FakeSeriesSource Series => Services.GetRequiredService<FakeSeriesSource>();

    public FakePluginHealth Mqtt => (FakePluginHealth)Services.GetServices<IPluginHealth>().Single(p => p.PluginName == "mqtt");

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the hub and sets up its owner (setup code, password, owner API token on <see cref="Client"/>).</summary>
    public static async Task<TestHub> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var hub = await StartUnclaimedAsync(configure);
        await hub.SetUpOwnerAsync();
        return hub;
    }

    /// <summary>Starts the hub as a new one is: no owner, a setup code in the data dir, <see cref="Client"/> without credentials.</summary>
    public static async Task<TestHub> StartUnclaimedAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("webui-tests-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Meters:0:Id"] = "house",
            ["Meters:0:Plugin"] = "mqtt",
            ["Meters:1:Id"] = "garage",
            ["Meters:1:Plugin"] = "mqtt",
            ["Hub:DataDir"] = dataDir.FullName,
        });
        var logs = new ErrorLogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);

        var services = builder.Services;
        services.AddSingleton<FakeReadingStore>();
        services.AddSingleton<IReadingStore>(sp => sp.GetRequiredService<FakeReadingStore>());
        services.AddSingleton<FakeMeterStatusBoard>();
        services.AddSingleton<IMeterStatusBoard>(sp => sp.GetRequiredService<FakeMeterStatusBoard>());
        services.AddSingleton<FakeHubEvents>();
        services.AddSingleton<IHubEvents>(sp => sp.GetRequiredService<FakeHubEvents>());
        services.AddSingleton<IPluginHealth>(new FakePluginHealth("mqtt"));
        services.AddSingleton<IBlockStore, FakeBlockStore>();
        services.AddSingleton<FakeSeriesSource>();
        services.AddSingleton<ISeriesSource>(sp => sp.GetRequiredService<FakeSeriesSource>());
        services.AddSingleton<MeterCatalog>();
        services.AddSingleton(TimeProvider.System);

        builder.AddHubWebUi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHubWebUi();
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestHub(app, new Uri(bound), logs, dataDir);
    }

    /// <summary>The setup code the hub wrote to its data dir.</summary>
    public string SetupCode => File.ReadAllText(Path.Combine(DataDir.FullName, "setup-code")).Trim();

    /// <summary>A client with a cookie jar: the way a browser talks to the hub.</summary>
    public HttpClient NewSessionClient() =>
        new(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), UseCookies = true }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>POST JSON as the pages do: with the antiforgery token of GET /api/session as X-CSRF-Token.</summary>
    public static async Task<HttpResponseMessage> PostWithCsrfAsync(HttpClient session, string path, string json, string method = "POST")
    {
        var csrf = (await HttpJson.GetAsync(session, "/api/session")).Root.GetProperty("csrfToken").GetString();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-CSRF-Token", csrf);
        return await session.SendAsync(request);
    }

    /// <summary>A new API token of <paramref name="role"/> (the secret), made with the owner's token.</summary>
    public async Task<string> CreateTokenAsync(string role, string name = "test")
    {
        using var response = await Client.PostAsync(new Uri("/api/tokens", UriKind.Relative),
            new StringContent($"{{\"name\":\"{name}\",\"role\":\"{role}\"}}", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>A new client (the caller disposes it) sending a new token of <paramref name="role"/>, or none when null.</summary>
    public async Task<HttpClient> ClientForRoleAsync(string? role)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(15) };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await CreateTokenAsync(role, "test-" + role));
        }

        return client;
    }

    /// <summary>Logs <paramref name="page"/> in through the login page (default: as the owner); the page is then on <c>/</c>.</summary>
    public async Task LogInAsync(Microsoft.Playwright.IPage page, string name = OwnerName, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(new Uri(Address, "/login.html").ToString());
        await page.FillAsync("#login-name", name);
        await page.FillAsync("#login-password", password ?? OwnerPassword);
        await page.ClickAsync("#login-submit");
        // Either the page moves on or it shows why not; a refused login fails here with the page's own words.
        await page.WaitForFunctionAsync(
            "() => location.pathname === '/' || !document.getElementById('login-error').hidden",
            null,
            new Microsoft.Playwright.PageWaitForFunctionOptions { Timeout = 60_000 });
        if (new Uri(page.Url).AbsolutePath != "/")
        {
            throw new InvalidOperationException($"login as {name} refused: {await page.Locator("#login-error").TextContentAsync()}");
        }

        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.DOMContentLoaded, new() { Timeout = 60_000 });
    }

    private async Task SetUpOwnerAsync()
    {
        using var session = NewSessionClient();
        using (var setup = await PostWithCsrfAsync(session, "/api/setup", $"{{\"code\":\"{SetupCode}\",\"name\":\"{OwnerName}\",\"password\":\"{OwnerPassword}\"}}"))
        {
            Assert.True(setup.IsSuccessStatusCode, await setup.Content.ReadAsStringAsync());
        }

        using var token = await PostWithCsrfAsync(session, "/api/tokens", "{\"name\":\"tests-owner\",\"role\":\"owner\"}");
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.IsSuccessStatusCode, body);
        using var document = System.Text.Json.JsonDocument.Parse(body);
        OwnerToken = document.RootElement.GetProperty("token").GetString()!;
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OwnerToken);
    }

    /// <summary>The test provokes logged errors on purpose.</summary>
    public void ExpectErrors() => _errorsExpected = true;

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        DataDir.Delete(recursive: true);
        if (!_errorsExpected)
        {
            Assert.True(Logs.Entries.IsEmpty, string.Join("\n", Logs.Entries));
        }
    }
}
