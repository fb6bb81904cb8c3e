using System.Globalization;
using SmartMeter.Peers;

namespace Image.Tests;

/// <summary>
/// smartmeter-update on a directory layout of /opt/smartmeter (SMARTMETER_PREFIX) instead of a booted image: the
/// releases run the x64 hub (Hub.Host/bin/Release) and a stand-in for systemctl runs the one service from the
/// `current` link, as systemd would. Signature check, switch and rollback are the tool's own code, as on the device.
/// </summary>
public sealed class UpdateTests : IAsyncLifetime, IDisposable
{
    private readonly TestDirectory _dir = TestDirectory.Create("update");
    private readonly int _port = FreePort.Next();
    private HubHttp _hub = null!;

    private string Prefix => _dir.Combine("opt", "smartmeter");

    private string Key => _dir.Combine("release-key.pem");

    private string PublicKey => _dir.Combine("release-key.pub");

    private string ServiceState => _dir.Combine("service");

    public async Task InitializeAsync()
    {
        await Tool.OutputAsync("openssl", "genpkey", "-algorithm", "ed25519", "-out", Key);
        await Tool.OutputAsync("openssl", "pkey", "-in", Key, "-pubout", "-out", PublicKey);
        Directory.CreateDirectory(ServiceState);
        Directory.CreateDirectory(_dir.Combine("data"));
        await File.WriteAllTextAsync(_dir.Combine("hub.json"), $$"""
            { "Hub": { "DataDir": "{{_dir.Combine("data")}}", "Urls": "http://127.0.0.1:{{_port}}" }, "Meters": [] }
            """);
        await File.WriteAllTextAsync(_dir.Combine("systemctl"), FakeSystemctl);
        Executable(_dir.Combine("systemctl"));

        // The image's layout: releases/<version> and current -> it.
        var first = MakeRelease("1.0.0", healthy: true);
        Directory.CreateDirectory(Path.Combine(Prefix, "releases"));
        Directory.Move(first, Path.Combine(Prefix, "releases", "1.0.0"));
        File.CreateSymbolicLink(Path.Combine(Prefix, "current"), "releases/1.0.0");
        _hub = new HubHttp(new Uri($"http://127.0.0.1:{_port}"));
    }

    public async Task DisposeAsync()
    {
        await Tool.RunAsync(_dir.Combine("systemctl"), ["stop", "smartmeter.service"], TimeSpan.FromSeconds(60));
        Dispose();
    }

    public void Dispose()
    {
        _hub?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Bundle_with_a_bad_signature_is_refused_and_nothing_changes()
    {
        var bundle = await MakeBundleAsync("2.0.0", healthy: true);
        // Signed by another key.
        var otherKey = _dir.Combine("other.pem");
        await Tool.OutputAsync("openssl", "genpkey", "-algorithm", "ed25519", "-out", otherKey);
        await Tool.OutputAsync("openssl", "pkeyutl", "-sign", "-inkey", otherKey, "-rawin", "-in", bundle, "-out", bundle + ".sig");
        var result = await UpdateAsync(bundle);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not verify with the release key", result.Stderr, StringComparison.Ordinal);

        // The right key, but a byte of the bundle changed after signing.
        await Tool.OutputAsync("openssl", "pkeyutl", "-sign", "-inkey", Key, "-rawin", "-in", bundle, "-out", bundle + ".sig");
        var bytes = await File.ReadAllBytesAsync(bundle);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(bundle, bytes);
        result = await UpdateAsync(bundle);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not verify", result.Stderr, StringComparison.Ordinal);

        // No signature at all.
        File.Delete(bundle + ".sig");
        result = await UpdateAsync(bundle);
        Assert.Equal(1, result.ExitCode);

        Assert.Equal("releases/1.0.0", new FileInfo(Path.Combine(Prefix, "current")).LinkTarget);
        Assert.False(Directory.Exists(Path.Combine(Prefix, "releases", "2.0.0")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Prefix, "releases"), ".incoming*"));
    }

    [Fact]
    public async Task Good_bundle_is_installed_switched_to_and_healthy()
    {
        await StartCurrentAsync("1.0.0");
        var bundle = await MakeBundleAsync("2.0.0", healthy: true);
        var result = await UpdateAsync(bundle);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal("releases/2.0.0", new FileInfo(Path.Combine(Prefix, "current")).LinkTarget);
        Assert.Equal("2.0.0\n", await File.ReadAllTextAsync(Path.Combine(Prefix, "releases", "2.0.0", "VERSION")));
        Assert.True(await _hub.IsHealthyAsync(), "the new release does not answer /health");
        Assert.Equal("2.0.0", RunningRelease());
        Assert.True(Directory.Exists(Path.Combine(Prefix, "releases", "1.0.0")), "the previous release is kept for a later rollback");
    }

    [Fact]
    public async Task Bundle_whose_hub_does_not_start_is_rolled_back_to_the_healthy_release()
    {
        await StartCurrentAsync("1.0.0");
        var bundle = await MakeBundleAsync("3.0.0", healthy: false);
        var result = await UpdateAsync(bundle, timeoutSeconds: 20);
        Assert.True(result.ExitCode == 3, result.Describe());
        Assert.Contains("rolling back to 1.0.0", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("rolled back: 1.0.0 is running and healthy again", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("releases/1.0.0", new FileInfo(Path.Combine(Prefix, "current")).LinkTarget);
        Assert.True(await _hub.IsHealthyAsync(), "the old release does not answer /health after the rollback");
        Assert.Equal("1.0.0", RunningRelease());
    }

    private async Task StartCurrentAsync(string version)
    {
        await Tool.OutputAsync(_dir.Combine("systemctl"), "restart", "smartmeter.service");
        await Eventually.HoldsAsync(_hub.IsHealthyAsync, TimeSpan.FromSeconds(120), $"release {version} answers /health",
            () => File.Exists(Path.Combine(ServiceState, "hub.log")) ? File.ReadAllText(Path.Combine(ServiceState, "hub.log")) : "no hub log",
            TimeSpan.FromMilliseconds(250));
        Assert.Equal(version, RunningRelease());
    }

    /// <summary>The release the running service came from (RELEASE_UNDER_TEST in its environment).</summary>
    private string RunningRelease()
    {
        var pid = File.ReadAllText(Path.Combine(ServiceState, "pid")).Trim();
        var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        return environment.Single(e => e.StartsWith("RELEASE_UNDER_TEST=", StringComparison.Ordinal))["RELEASE_UNDER_TEST=".Length..];
    }

    private Task<ToolResult> UpdateAsync(string bundle, int timeoutSeconds = 120) =>
        Tool.RunAsync(
            "bash",
            [Path.Combine(RepoPaths.Root, "image", "smartmeter-update"), bundle],
            TimeSpan.FromSeconds(4 * timeoutSeconds + 120),
            new Dictionary<string, string>
            {
                ["SMARTMETER_PREFIX"] = Prefix,
                ["SMARTMETER_RELEASE_PUBKEY"] = PublicKey,
                ["SMARTMETER_HEALTH_URL"] = $"http://127.0.0.1:{_port}/health",
                ["SMARTMETER_UPDATE_TIMEOUT"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
                ["SMARTMETER_SYSTEMCTL"] = _dir.Combine("systemctl"),
            });

    /// <summary>A release folder: VERSION, hub/Hub.Host (the x64 hub, or one that fails at start), meter-firmware/.</summary>
    private string MakeRelease(string version, bool healthy)
    {
        var dir = _dir.CreateSubdirectory("release-" + version);
        File.WriteAllText(Path.Combine(dir, "VERSION"), version + "\n");
        Directory.CreateDirectory(Path.Combine(dir, "meter-firmware"));
        File.WriteAllText(Path.Combine(dir, "meter-firmware", "README"), "meter-firmware of release " + version + "\n");
        Directory.CreateDirectory(Path.Combine(dir, "hub"));
        var hub = Path.Combine(dir, "hub", "Hub.Host");
        File.WriteAllText(hub, healthy
            ? $"#!/bin/sh\nexport RELEASE_UNDER_TEST={version}\nexec '{DotnetHost.Path}' '{RepoPaths.HubHostDll}' \"$@\"\n"
            : "#!/bin/sh\necho 'smartmeter: config error: Hub:Broken: this release cannot start' >&2\nexit 78\n");
        Executable(hub);
        return dir;
    }

    private async Task<string> MakeBundleAsync(string version, bool healthy)
    {
        var release = MakeRelease(version, healthy);
        var bundle = _dir.Combine($"smartmeter-hub-{version}-arm64.tar.gz");
        await Tool.OutputAsync("bash", Path.Combine(RepoPaths.Root, "image", "bundle.sh"), release, Key, bundle);
        Assert.Equal(64, new FileInfo(bundle + ".sig").Length);
        return bundle;
    }

    private static void Executable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>systemctl for one service, as the update tool uses it: restart, stop, is-active, is-failed, reset-failed.</summary>
    private string FakeSystemctl => $$"""
        #!/bin/bash
        state='{{ServiceState}}'
        args=()
        for a in "$@"; do [[ $a == --quiet ]] || args+=("$a"); done
        alive() { [[ -f $state/pid ]] && kill -0 "$(cat "$state/pid")" 2>/dev/null && ! grep -q '^State:.*Z' /proc/"$(cat "$state/pid")"/status; }
        stop() {
          if alive; then
            kill -TERM "$(cat "$state/pid")"
            for _ in $(seq 1 450); do alive || break; sleep 0.1; done
            alive && kill -KILL "$(cat "$state/pid")"
          fi
          return 0
        }
        case ${args[0]} in
          restart)
            stop
            setsid '{{Prefix}}/current/hub/Hub.Host' --config '{{_dir.Combine("hub.json")}}' >>"$state/hub.log" 2>&1 </dev/null &
            echo $! >"$state/pid" ;;
          stop) stop ;;
          is-active) alive ;;
          is-failed) ! alive ;;
          reset-failed) exit 0 ;;
          *) echo "fake systemctl: ${args[0]} not supported" >&2; exit 1 ;;
        esac
        """;
}
