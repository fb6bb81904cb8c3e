using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace SmartMeter.Peers;

/// <summary>
/// A running hub: <c>dotnet Hub.Host.dll --config &lt;file&gt;</c> (optionally under a wrapper such as strace),
/// ready once GET /health answers 200, with helpers for its HTTP API (COMMON.md "HTTP API").
/// </summary>
/// <remarks>
/// Authenticated like a new owner would be (docs/security.md): at the first start it reads
/// <c>&lt;DataDir&gt;/setup-code</c>, completes setup through <c>POST /api/setup</c> with a random password, makes an
/// owner API token and sends it as <c>Authorization: Bearer</c> on <see cref="Client"/> and every helper. The
/// credentials are kept in <c>&lt;DataDir&gt;.credentials.json</c> beside the data dir, so a restart on the same data
/// dir logs in again. <see cref="ClientForRoleAsync"/> gives clients of other roles, <see cref="AnonymousClient"/>
/// one without credentials, <see cref="NewLoggedInPageAsync"/> a browser page logged in through the login page.
/// </remarks>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly bool _wrapped;
    private int _hubPid;

    private HubProcess(HubConfig config, string configPath, ChildProcess process, bool wrapped)
    {
        Config = config;
        ConfigPath = configPath;
        Process = process;
        _wrapped = wrapped;
        _hubPid = wrapped ? 0 : process.Id;
        _http = new HttpClient { BaseAddress = new Uri(config.Url), Timeout = TimeSpan.FromSeconds(15) };
    }

    public HubConfig Config { get; }

    public string ConfigPath { get; }

    /// <summary>The owner's API client: base address the hub's URL, <c>Authorization: Bearer</c> an owner token.</summary>
    public HttpClient Client => _http;

    /// <summary>The owner's name and password (set up by <see cref="StartAsync"/>).</summary>
    public string OwnerName { get; private set; } = "owner";

    public string OwnerPassword { get; private set; } = string.Empty;

    /// <summary>The owner API token <see cref="Client"/> sends.</summary>
    public string OwnerToken { get; private set; } = string.Empty;

    /// <summary>Where the test keeps the owner's credentials between restarts on one data dir (not the hub's business).</summary>
    public string CredentialsPath => Config.DataDir.TrimEnd('/') + ".credentials.json";

    public ChildProcess Process { get; }

    /// <summary>The hub's own process id (under a wrapper: the wrapped dotnet process, not the wrapper).</summary>
    public int HubPid => TryFindHubPid() ?? throw new InvalidOperationException($"no Hub.Host.dll process under {Process.Name} ({Process.Id}).\n{Process.Log}");

    /// <summary>What the hub printed, for failure messages.</summary>
    public string Log => Process.Log;

    /// <summary>
    /// Writes <paramref name="config"/> to <paramref name="configPath"/>, starts the hub and waits for GET /health = 200.
    /// <paramref name="wrapper"/> is a command the hub is started under, e.g. <c>["strace", "-f", "-o", file, "--"]</c>;
    /// the hub's command line (<c>dotnet Hub.Host.dll --config …</c>) is appended to it.
    /// </summary>
    public static async Task<HubProcess> StartAsync(
        HubConfig config,
        string configPath,
        IReadOnlyList<string>? wrapper = null,
        TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        Directory.CreateDirectory(config.DataDir);
        config.WriteTo(configPath);
        string[] hubCommand = [DotnetHost.Path, RepoPaths.HubHostDll, "--config", configPath];
        string[] command = wrapper is { Count: > 0 } ? [.. wrapper, .. hubCommand] : hubCommand;
        var process = ChildProcess.Start(
            "hub",
            command[0],
            command[1..],
            workingDirectory: Path.GetDirectoryName(configPath),
            environment: new Dictionary<string, string?>
            {
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            });
        var hub = new HubProcess(config, configPath, process, wrapper is { Count: > 0 });
        try
        {
            if (startTimeout == AnsweringOnly)
            {
                await hub.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await hub.WaitUntilHealthyAsync(startTimeout ?? TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            }

            await hub.AuthenticateAsync(cancellationToken).ConfigureAwait(false);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Pass as <c>startTimeout</c> to <see cref="StartAsync"/> to wait only until /health answers at all (200 or 503):
    /// for a hub expected to start unhealthy, e.g. read-only on a full disk.
    /// </summary>
    public static readonly TimeSpan AnsweringOnly = TimeSpan.FromTicks(-1);

    /// <summary>Polls GET /health until it answers with any status (the hub is up, healthy or not).</summary>
    public async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await Eventually.HoldsAsync(
            async () =>
            {
                if (Process.HasExited)
                {
                    throw new PeerExitedException($"the hub exited with code {Process.ExitCode} while starting ({Config.Url}).\n{Log}");
                }

                try
                {
                    using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            timeout,
            $"GET {Config.Url}/health answers",
            () => $"hub log:\n{Log}",
            TimeSpan.FromMilliseconds(200),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls GET /health until it answers 200; fails early, with the log, if the hub exits.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var lastAnswer = "no answer yet";
        await Eventually.HoldsAsync(
            async () =>
            {
                if (Process.HasExited)
                {
                    throw new PeerExitedException($"the hub exited with code {Process.ExitCode} while starting ({Config.Url}).\n{Log}");
                }

                try
                {
                    using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                    lastAnswer = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}";
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException ex)
                {
                    lastAnswer = ex.Message;
                    return false;
                }
            },
            timeout,
            $"GET {Config.Url}/health answers 200 (last: {lastAnswer})",
            () => $"last /health: {lastAnswer}\nhub log:\n{Log}",
            TimeSpan.FromMilliseconds(200),
            cancellationToken).ConfigureAwait(false);
        if (Process.HasExited)
        {
            throw new InvalidOperationException($"the hub exited with code {Process.ExitCode} while starting.\n{Log}");
        }
    }

    /// <summary>
    /// Sets up the owner on a new hub (setup code → <c>POST /api/setup</c> → <c>POST /api/tokens</c>), or reuses the
    /// credentials of an earlier start on this data dir; <see cref="Client"/> then sends the owner's token.
    /// </summary>
    public async Task AuthenticateAsync(CancellationToken cancellationToken = default)
    {
        var setupCodePath = Path.Combine(Config.DataDir, "setup-code");
        // The hub writes its setup code before it listens; a moment's grace all the same, so that a slow file system
        // cannot make a new hub look like one whose owner exists.
        await Eventually.HoldsAsync(
            () => Task.FromResult(File.Exists(setupCodePath) || File.Exists(CredentialsPath)),
            TimeSpan.FromSeconds(10),
            $"{setupCodePath} or {CredentialsPath} exists",
            () => $"hub log:\n{Log}",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (File.Exists(setupCodePath))
        {
            var code = (await File.ReadAllTextAsync(setupCodePath, cancellationToken).ConfigureAwait(false)).Trim();
            OwnerPassword = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
            using var session = NewSessionClient();
            await PostSessionAsync(session, "/api/setup", new { code, name = OwnerName, password = OwnerPassword }, cancellationToken).ConfigureAwait(false);
            var token = await PostSessionAsync(session, "/api/tokens", new { name = "tests-owner", role = "owner" }, cancellationToken).ConfigureAwait(false);
            OwnerToken = token.GetProperty("token").GetString()!;
            await File.WriteAllTextAsync(
                CredentialsPath,
                JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = OwnerName, ["password"] = OwnerPassword, ["token"] = OwnerToken }),
                cancellationToken).ConfigureAwait(false);
        }
        else if (File.Exists(CredentialsPath))
        {
            using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(CredentialsPath, cancellationToken).ConfigureAwait(false));
            OwnerName = saved.RootElement.GetProperty("name").GetString()!;
            OwnerPassword = saved.RootElement.GetProperty("password").GetString()!;
            OwnerToken = saved.RootElement.GetProperty("token").GetString()!;
        }
        else
        {
            throw new InvalidOperationException($"the hub has an owner but neither {setupCodePath} nor {CredentialsPath} exists.\n{Log}");
        }

        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OwnerToken);
    }

    /// <summary>A new client whose requests carry a new API token of <paramref name="role"/> (owner, installer, viewer); the caller disposes it.</summary>
    public async Task<HttpClient> ClientForRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        var token = await CreateTokenAsync(role, "tests-" + role, cancellationToken).ConfigureAwait(false);
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A new API token (the secret) of <paramref name="role"/>, made by the owner.</summary>
    public async Task<string> CreateTokenAsync(string role, string name, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/api/tokens", UriKind.Relative), new { name, role }, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/tokens answered {(int)response.StatusCode}: {text}\nhub log:\n{Log}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>A user with a password, made by the owner (for browser tests of other roles).</summary>
    public async Task AddUserAsync(string name, string role, string password, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/api/users", UriKind.Relative), new { name, role, password }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/users answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>A new client without credentials, base address the hub's URL; the caller disposes it.</summary>
    public HttpClient AnonymousClient() => new() { BaseAddress = new Uri(Config.Url), Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>
    /// A page in a new browser context, logged in through the hub's login page as <paramref name="name"/> (default:
    /// the owner), left on <c>/</c>.
    /// </summary>
    public async Task<IPage> NewLoggedInPageAsync(IBrowser browser, string? name = null, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync().ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        await page.GotoAsync(Config.Url + "/login.html").ConfigureAwait(false);
        await page.FillAsync("#login-name", name ?? OwnerName).ConfigureAwait(false);
        await page.FillAsync("#login-password", password ?? OwnerPassword).ConfigureAwait(false);
        await page.ClickAsync("#login-submit").ConfigureAwait(false);
        // Either the page moves on or it shows why not; a refused login fails here with the page's own words.
        await page.WaitForFunctionAsync(
            "() => location.pathname === '/' || !document.getElementById('login-error').hidden",
            null,
            new PageWaitForFunctionOptions { Timeout = 60_000 }).ConfigureAwait(false);
        if (new Uri(page.Url).AbsolutePath != "/")
        {
            throw new InvalidOperationException($"login as {name ?? OwnerName} refused: {await page.Locator("#login-error").TextContentAsync().ConfigureAwait(false)}\nhub log:\n{Log}");
        }

        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new PageWaitForLoadStateOptions { Timeout = 60_000 }).ConfigureAwait(false);
        return page;
    }

    private HttpClient NewSessionClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(Config.Url),
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>POST as a browser session would: the antiforgery token of GET /api/session as X-CSRF-Token.</summary>
    private async Task<JsonElement> PostSessionAsync(HttpClient session, string path, object body, CancellationToken cancellationToken)
    {
        var csrf = (await session.GetFromJsonAsync<JsonElement>(new Uri("/api/session", UriKind.Relative), cancellationToken).ConfigureAwait(false))
            .GetProperty("csrfToken").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-CSRF-Token", csrf);
        using var response = await session.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}\nhub log:\n{Log}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>GET <paramref name="pathAndQuery"/> and its JSON body; throws with status, body and hub log unless 2xx.</summary>
    public async Task<JsonElement> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        var (status, body) = await GetAsync(pathAndQuery, cancellationToken).ConfigureAwait(false);
        if ((int)status is < 200 or > 299)
        {
            throw new InvalidOperationException($"GET {pathAndQuery} answered {(int)status}: {body}\nhub log:\n{Log}");
        }

        return body;
    }

    /// <summary>GET <paramref name="pathAndQuery"/>: the status and the JSON body (Undefined when the body is not JSON).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            body = default;
        }

        return (response.StatusCode, body);
    }

    /// <summary>GET /health: status code and body.</summary>
    public Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/health", cancellationToken);

    /// <summary>/health store.readings: how many readings are durably stored.</summary>
    public async Task<long> StoredReadingsAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await HealthAsync(cancellationToken).ConfigureAwait(false);
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("store", out var store)
            || !store.TryGetProperty("readings", out var readings))
        {
            throw new InvalidOperationException($"/health answered {(int)status} without store.readings: {body}");
        }

        return readings.GetInt64();
    }

    /// <summary>/health problems.&lt;plugin&gt;.&lt;kind&gt;, 0 when absent.</summary>
    public async Task<long> ProblemCountAsync(string plugin, string kind, CancellationToken cancellationToken = default)
    {
        var (_, body) = await HealthAsync(cancellationToken).ConfigureAwait(false);
        return body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("problems", out var problems)
            && problems.ValueKind == JsonValueKind.Object
            && problems.TryGetProperty(plugin, out var ofPlugin)
            && ofPlugin.ValueKind == JsonValueKind.Object
            && ofPlugin.TryGetProperty(kind, out var count)
            && count.ValueKind == JsonValueKind.Number
                ? count.GetInt64()
                : 0;
    }

    /// <summary>Every stored reading of <paramref name="meterId"/>, oldest first, following the <c>next</c> cursors.</summary>
    public async Task<IReadOnlyList<JsonElement>> AllReadingsAsync(string meterId, CancellationToken cancellationToken = default)
    {
        var readings = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 100_000; page++)
        {
            // No limit: the server's page size, whatever it is; the cursors bring the rest.
            var query = $"/api/readings?meter={Uri.EscapeDataString(meterId)}"
                + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await GetJsonAsync(query, cancellationToken).ConfigureAwait(false);
            readings.AddRange(body.GetProperty("items").EnumerateArray());
            cursor = body.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            if (cursor is null)
            {
                return readings;
            }
        }

        throw new InvalidOperationException($"GET /api/readings?meter={meterId} did not end after 100000 pages.");
    }

    /// <summary>GET /api/alerts items, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> AlertsAsync(CancellationToken cancellationToken = default)
    {
        var body = await GetJsonAsync("/api/alerts", cancellationToken).ConfigureAwait(false);
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    /// <summary><see cref="Eventually.HoldsAsync"/> with the hub's log in the failure message.</summary>
    public Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default) =>
        Eventually.HoldsAsync(condition, timeout, what, () => $"hub log:\n{Log}", cancellationToken: cancellationToken);

    /// <summary>Peak resident memory of the hub process (VmHWM), in bytes; null once it is gone.</summary>
    public long? PeakRssBytes => ProcFs.StatusKiloBytes(HubPid, "VmHWM") * 1024;

    /// <summary>Current resident memory of the hub process (VmRSS), in bytes; null once it is gone.</summary>
    public long? RssBytes => ProcFs.StatusKiloBytes(HubPid, "VmRSS") * 1024;

    /// <summary>SIGTERM to the hub (not the wrapper) and wait; SIGKILL after <paramref name="timeout"/>.</summary>
    public Task<int?> TerminateAsync(TimeSpan? timeout = null) =>
        Process.SignalAndWaitAsync(TryFindHubPid() ?? Process.Id, PosixSignals.SigTerm, timeout ?? TimeSpan.FromSeconds(20));

    /// <summary>kill -9 of the hub (and its wrapper): nothing gets flushed or closed.</summary>
    public async Task KillHardAsync()
    {
        if (_wrapped && !Process.HasExited && TryFindHubPid() is { } hubPid)
        {
            // The hub first, so that it dies mid-work and not because its tracer went away.
            PosixSignals.Send(hubPid, PosixSignals.SigKill);
        }

        Process.KillHard();
        await Process.WaitUntilGoneAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!Process.HasExited)
        {
            await TerminateAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        await Process.DisposeAsync().ConfigureAwait(false);
    }

    private int? TryFindHubPid()
    {
        if (_hubPid == 0 && !Process.HasExited)
        {
            _hubPid = ProcFs.Descendants(Process.Id).FirstOrDefault(pid => ProcFs.CommandLine(pid).Contains("Hub.Host.dll", StringComparison.Ordinal));
        }

        return _hubPid == 0 ? null : _hubPid;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"hub {Config.Url} (pid {Process.Id})");
}
