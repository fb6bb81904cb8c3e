using System.Diagnostics;
using System.Text;

namespace Image.Tests;

/// <summary>Runs a command-line tool to its end (no shell) and returns its exit code, stdout and stderr.</summary>
public static class Tool
{
    public static async Task<ToolResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? standardInput = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not end within {(timeout ?? TimeSpan.FromMinutes(5)).TotalSeconds} s");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr, $"{fileName} {string.Join(' ', startInfo.ArgumentList)}");
    }

    /// <summary>Runs the tool and returns its stdout; throws with everything it said unless it exits 0.</summary>
    public static async Task<string> OutputAsync(string fileName, params string[] arguments)
    {
        var result = await RunAsync(fileName, arguments);
        return result.ExitCode == 0 ? result.Stdout : throw new InvalidOperationException(result.Describe());
    }
}

/// <summary>What a tool ended with.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr, string CommandLine)
{
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CommandLine).Append(" exited ").Append(ExitCode).Append('\n');
        text.Append("stdout:\n").Append(Stdout).Append("\nstderr:\n").Append(Stderr);
        return text.ToString();
    }
}
