using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartMeter.Peers;

/// <summary>
/// A running hub: <c>dotnet Hub.Host.dll --config &lt;file&gt;</c> (optionally under a wrapper such as strace),
/// ready once GET /health answers 200, with helpers for its HTTP API (COMMON.md "HTTP API").
/// </summary>
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
