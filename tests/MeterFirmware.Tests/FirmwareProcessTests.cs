using System.Diagnostics;
using System.Globalization;
using Hub.Plugins.Abstractions;
using MeterFirmware.State;
using MeterFirmware.Tests.TestSupport;

namespace MeterFirmware.Tests;

/// <summary>The built <c>meter-firmware.dll</c> as the demo and the end-to-end tests run it.</summary>
public sealed class FirmwareProcessTests : IDisposable
{
    private static readonly string FirmwareDll = Path.Combine(AppContext.BaseDirectory, "meter-firmware.dll");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Process Start(params string[] args)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet, [FirmwareDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the firmware");
    }

    [Fact]
    public async Task Sigterm_stops_cleanly_with_the_state_saved_and_one_log_line_per_connect()
    {
        var port = MosquittoBroker.FreePort();
        await using var broker = await MosquittoBroker.StartAsync(port, Directory.CreateDirectory(_dir.Combine("broker")).FullName);
        await using var subscriber = new ReadingSubscriber("sub-process");
        await subscriber.ConnectAsync(port);
        var state = _dir.Combine("state");

        using var firmware = Start("--meter-id", "house", "--profile", "household", "--mqtt", $"mqtt://house:pw@127.0.0.1:{port}",
            "--state-dir", state, "--interval", "100ms", "--speed", "60");
        var stdout = firmware.StandardOutput.ReadToEndAsync();
        var stderr = firmware.StandardError.ReadToEndAsync();

        var messages = await subscriber.TakeAsync(5, TimeSpan.FromSeconds(30));
        using (var kill = Process.Start("kill", ["-TERM", firmware.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await firmware.WaitForExitAsync(timeout.Token);
        var log = await stdout;

        Assert.True(firmware.ExitCode == 0, $"exit {firmware.ExitCode}; stderr: {await stderr}\n{log}");
        var last = ReadingJson.Parse(messages[^1].Payload, "house", DateTimeOffset.UnixEpoch);
        var saved = new StateStore(state).Load()!;
        Assert.True(saved.Seq >= last.Seq, $"state seq {saved.Seq} behind published seq {last.Seq}");
        Assert.True(Math.Round(saved.EnergyImportWh, 3) >= last.EnergyImportWh);

        // Every seq handed out is either acknowledged or still in the outbox: nothing vanished on the way down.
        var buffered = Firmware.OutboxFiles(state).Length;
        Assert.Contains("connected to mqtt://house@127.0.0.1", log, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw@", log, StringComparison.Ordinal);
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 4, $"expected start/connect/stop lines only, not one per reading ({saved.Seq} readings, {buffered} buffered):\n{log}");
    }

    [Fact]
    public async Task Missing_arguments_exit_64_with_usage_on_stderr()
    {
        using var firmware = Start("--meter-id", "house");
        var stderr = firmware.StandardError.ReadToEndAsync();
        await firmware.WaitForExitAsync();

        Assert.Equal(64, firmware.ExitCode);
        var text = await stderr;
        Assert.Contains("--profile is required", text, StringComparison.Ordinal);
        Assert.Contains("usage: meter-firmware", text, StringComparison.Ordinal);
    }
}
