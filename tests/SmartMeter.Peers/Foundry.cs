using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SmartMeter.Peers;

/// <summary>
/// Foundry (anvil, forge, cast) as npm installs it into <c>contracts/node_modules</c>, and the contracts as forge builds
/// them into <c>contracts/out</c>. Installs (<c>npm ci</c>) and builds (<c>forge build</c>) what is missing, once per
/// process, and fails with the command's output when it cannot. Shared by the chain tests and <c>./smartmeter bench</c>.
/// </summary>
public static class Foundry
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static readonly string[] Tools = ["anvil", "cast", "forge"];

    public static string ContractsDir => Path.Combine(RepoPaths.Root, "contracts");

    /// <summary>A tool in <c>contracts/node_modules/.bin</c>.</summary>
    public static string Bin(string tool) => Path.Combine(ContractsDir, "node_modules", ".bin", tool);

    /// <summary><c>npm ci</c> in contracts/ unless anvil, cast and forge are there.</summary>
    public static async Task EnsureToolsAsync()
    {
        await Setup.WaitAsync().ConfigureAwait(false);
        try
        {
            await InstallToolsAsync().ConfigureAwait(false);
        }
        finally
        {
            Setup.Release();
        }
    }

    /// <summary>The tools, and <c>forge build</c> unless every contract of <c>contracts/src</c> has its artifact.</summary>
    public static async Task EnsureArtifactsAsync()
    {
        await Setup.WaitAsync().ConfigureAwait(false);
        try
        {
            await InstallToolsAsync().ConfigureAwait(false);
            var missing = Directory.GetFiles(Path.Combine(ContractsDir, "src"), "*.sol")
                .Select(Path.GetFileNameWithoutExtension)
                .Any(name => !File.Exists(ArtifactPath(name!)));
            if (missing)
            {
                await RunAsync(Bin("forge"), ["build"], TimeSpan.FromMinutes(5),
                    "`cd contracts && PATH=$PWD/node_modules/.bin:$PATH forge build` failed.").ConfigureAwait(false);
            }
        }
        finally
        {
            Setup.Release();
        }
    }

    /// <summary>forge's artifact of <paramref name="contract"/> (<c>out/X.sol/X.json</c>); <see cref="EnsureArtifactsAsync"/> first.</summary>
    public static JsonNode Artifact(string contract) => JsonNode.Parse(File.ReadAllText(ArtifactPath(contract)))!;

    /// <summary>Runs cast and returns its standard output, trimmed; throws with both outputs when it fails.</summary>
    public static Task<string> CastAsync(params string[] arguments) =>
        RunAsync(Bin("cast"), arguments, TimeSpan.FromSeconds(60), "cast failed.");

    /// <summary>
    /// Runs <paramref name="program"/> in contracts/ with node_modules/.bin on PATH (forge runs solc-js through
    /// contracts/tools/solc, which needs it) and returns its standard output, trimmed.
    /// </summary>
    /// <exception cref="InvalidOperationException">It could not start, exited non-zero or outlived <paramref name="timeout"/>; the message holds <paramref name="hint"/> and the output.</exception>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, string hint)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ContractsDir,
        };
        startInfo.Environment["PATH"] = Path.Combine(ContractsDir, "node_modules", ".bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var command = $"{Path.GetFileName(program)} {string.Join(' ', arguments)}";
        Process process;
        try
        {
            process = Process.Start(startInfo)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{hint} Cannot start {program}: {ex.Message}", ex);
        }

        using (process)
        {
            using var deadline = new CancellationTokenSource(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{hint} `{command}` did not finish within {timeout.TotalSeconds:0} s.");
            }

            var output = await stdout.ConfigureAwait(false);
            return process.ExitCode == 0
                ? output.Trim()
                : throw new InvalidOperationException($"{hint} `{command}` exited {process.ExitCode}:\n{output}{await stderr.ConfigureAwait(false)}");
        }
    }

    private static string ArtifactPath(string contract) => Path.Combine(ContractsDir, "out", contract + ".sol", contract + ".json");

    private static async Task InstallToolsAsync()
    {
        if (Tools.All(tool => File.Exists(Bin(tool))))
        {
            return;
        }

        await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5),
            "Foundry is installed from npm into contracts/node_modules (`cd contracts && npm ci`); is npm installed and the registry reachable?").ConfigureAwait(false);
    }
}
