using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rpc;
using SmartMeter.Peers;

namespace Hub.Ledger.Evm.Tests.Anvil;

/// <summary>
/// A real anvil on a free loopback port, with the contracts built by forge. Installs Foundry from npm
/// (<c>npm ci</c> in contracts/) and builds the artifacts when they are missing; fails with a clear message when it cannot.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private ChildProcess? _anvil;

    public static string ContractsDir => Path.Combine(RepoPaths.Root, "contracts");

    public static string Bin(string tool) => Path.Combine(ContractsDir, "node_modules", ".bin", tool);

    public HttpClient Http { get; } = new();

    public EthRpcClient Rpc { get; private set; } = null!;

    public ulong ChainId { get; private set; }

    public async Task InitializeAsync()
    {
        await EnsureToolsAndArtifactsAsync();
        var port = FreePort.Next();
        _anvil = ChildProcess.Start("anvil", Bin("anvil"), ["--port", port.ToString(CultureInfo.InvariantCulture), "--silent"]);
        Rpc = new EthRpcClient(Http, new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(10));
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                ChainId = await Rpc.GetChainIdAsync();
                return;
            }
            catch (RpcTransportException) when (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30) && !_anvil.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_anvil is not null)
        {
            await _anvil.TerminateAsync(TimeSpan.FromSeconds(5));
            await _anvil.DisposeAsync();
        }

        Http.Dispose();
    }

    /// <summary>A fresh key holding <paramref name="wei"/> (anvil_setBalance).</summary>
    public async Task<Secp256k1Key> FundedKeyAsync(BigInteger wei)
    {
        var key = Secp256k1Key.Generate();
        await Rpc.SendAsync("anvil_setBalance", [key.ChecksumAddress, "0x" + wei.ToString("x", CultureInfo.InvariantCulture).TrimStart('0')]);
        return key;
    }

    /// <summary>The forge artifact's creation bytecode and method identifiers (signature → selector hex).</summary>
    public static (byte[] Bytecode, IReadOnlyDictionary<string, string> Methods) Artifact(string contract)
    {
        var path = Path.Combine(ContractsDir, "out", contract + ".sol", contract + ".json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var bytecode = Hex.Decode(json["bytecode"]!["object"]!.GetValue<string>());
        var methods = json["methodIdentifiers"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        return (bytecode, methods);
    }

    /// <summary>The custom errors the artifact's ABI declares, as <c>Name(type,…)</c>.</summary>
    public static IReadOnlyList<Evm.Abi.AbiError> Errors(string contract)
    {
        var path = Path.Combine(ContractsDir, "out", contract + ".sol", contract + ".json");
        var abi = JsonNode.Parse(File.ReadAllText(path))!["abi"]!.AsArray();
        return [.. abi
            .Where(e => e!["type"]!.GetValue<string>() == "error")
            .Select(e => Evm.Abi.AbiError.Parse(e!["name"]!.GetValue<string>() + "("
                + string.Join(",", e["inputs"]!.AsArray().Select(i => i!["type"]!.GetValue<string>())) + ")"))];
    }

    /// <summary>Runs <c>cast</c> and returns its stdout; throws with its output when it fails.</summary>
    public static async Task<string> CastAsync(params string[] arguments)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo(Bin("cast"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var cast = System.Diagnostics.Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = cast.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = cast.StandardError.ReadToEndAsync(timeout.Token);
        await cast.WaitForExitAsync(timeout.Token);
        return cast.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"cast {string.Join(' ', arguments)} exited {cast.ExitCode}:\n{await stdout}{await stderr}");
    }

    /// <summary><c>cast decode-transaction</c> prints the JSON object as a JSON string (quoted); accept both forms.</summary>
    public static JsonElement ParseCastJson(string output)
    {
        var text = output.Trim();
        using var outer = JsonDocument.Parse(text);
        var inner = outer.RootElement.ValueKind == JsonValueKind.String ? outer.RootElement.GetString()! : text;
        using var document = JsonDocument.Parse(inner);
        return document.RootElement.Clone();
    }

    private static async Task EnsureToolsAndArtifactsAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (!File.Exists(Bin("anvil")) || !File.Exists(Bin("cast")) || !File.Exists(Bin("forge")))
            {
                await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5),
                    "Foundry is installed from npm into contracts/node_modules (`cd contracts && npm ci`); is npm installed and the registry reachable?");
            }

            if (!File.Exists(Path.Combine(ContractsDir, "out", "BlockAnchor.sol", "BlockAnchor.json")))
            {
                await RunAsync(Bin("forge"), ["build"], TimeSpan.FromMinutes(5), "`cd contracts && PATH=$PWD/node_modules/.bin:$PATH forge build` failed.");
            }
        }
        finally
        {
            Setup.Release();
        }
    }

    private static async Task RunAsync(string program, string[] arguments, TimeSpan timeout, string hint)
    {
        var environment = new Dictionary<string, string?>
        {
            // forge runs solc-js through contracts/tools/solc, which needs node_modules/.bin on PATH.
            ["PATH"] = Path.Combine(ContractsDir, "node_modules", ".bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
        };
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(Path.GetFileName(program), program, arguments, ContractsDir, environment);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{hint} ({ex.Message})", ex);
        }

        await using (process)
        {
            var code = await process.WaitForExitAsync(timeout);
            if (code != 0)
            {
                throw new InvalidOperationException($"{hint}\n{program} {string.Join(' ', arguments)} exited {code}:\n{process.Log}");
            }
        }
    }
}
