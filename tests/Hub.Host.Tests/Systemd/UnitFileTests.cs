using System.Diagnostics;

namespace Hub.Host.Tests.Systemd;

public sealed class UnitFileTests
{
    private static string UnitFile => Path.Combine(Path.GetDirectoryName(HubProcess.HubDll)!, "..", "..", "..", "deploy", "smartmeter.service");

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_file()
    {
        var info = new ProcessStartInfo("systemd-analyze", ["verify", Path.GetFullPath(UnitFile)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"systemd-analyze verify failed ({process.ExitCode}):\n{stderr}");
        Assert.DoesNotContain("smartmeter.service:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Type=notify")]
    [InlineData("WatchdogSec=")]
    [InlineData("User=smartmeter")]
    [InlineData("ProtectSystem=strict")]
    [InlineData("StateDirectory=smartmeter")]
    [InlineData("RestartPreventExitStatus=78")]
    public void The_unit_runs_the_hub_as_a_notify_service_in_a_sandbox(string setting)
    {
        var lines = File.ReadAllLines(UnitFile);
        Assert.Contains(lines, l => l.StartsWith(setting, StringComparison.Ordinal));
    }
}
