using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>Runs Debian's mbpoll once (-1) against a TCP port and parses its "[ref]: value" lines.</summary>
internal static partial class Mbpoll
{
    public sealed record Result(int ExitCode, string Output, IReadOnlyDictionary<int, string> Values);

    public static async Task<Result> RunAsync(int port, params string[] arguments)
    {
        var info = new ProcessStartInfo("mbpoll")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-m", "tcp", "-1", "-o", "2", "-p", port.ToString(CultureInfo.InvariantCulture), .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("mbpoll did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mbpoll {string.Join(' ', info.ArgumentList)} did not finish.");
        }

        var output = await stdout + await stderr;
        var values = ValueLine().Matches(output).ToDictionary(
            m => int.Parse(m.Groups["ref"].Value, CultureInfo.InvariantCulture), m => m.Groups["value"].Value);
        return new Result(process.ExitCode, output, values);
    }

    [GeneratedRegex(@"^\[(?<ref>\d+)\]:\s+(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex ValueLine();
}
