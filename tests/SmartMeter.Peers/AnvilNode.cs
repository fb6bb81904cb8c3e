using System.Globalization;
using Hub.Ledger.Evm.Rpc;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// A real anvil (from contracts/node_modules, installed with npm ci when missing) on a fixed loopback port, so that it
/// can be stopped and started again at the same URL (with <c>--dump-state</c>/<c>--load-state</c>).
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private readonly HttpClient _http = new();
    private ChildProcess? _process;

    private AnvilNode(int port)
    {
        Port = port;
        Url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        Rpc = new EthRpcClient(_http, new Uri(Url + "/"), TimeSpan.FromSeconds(10));
    }

    public static string ContractsDir => Path.Combine(RepoPaths.Root, "contracts");

    public static string Bin(string tool) => Path.Combine(ContractsDir, "node_modules", ".bin", tool);

    public int Port { get; }

    public string Url { get; }

    public EthRpcClient Rpc { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts anvil on a free port with <paramref name="arguments"/> (e.g. --dump-state FILE).</summary>
    public static async Task<AnvilNode> StartAsync(params string[] arguments)
    {
        await EnsureToolsAsync();
        var node = new AnvilNode(FreePort.Next());
        await node.RestartAsync(arguments);
        return node;
    }

    /// <summary>Starts (again) on the same port.</summary>
    public async Task RestartAsync(params string[] arguments)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("anvil is running; stop it first.");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = ChildProcess.Start("anvil", Bin("anvil"), ["--port", Port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1", .. arguments]);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                await Rpc.GetChainIdAsync();
                return;
            }
            catch (RpcTransportException) when (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>SIGTERM (anvil writes --dump-state on the way out) and wait.</summary>
    public async Task StopAsync()
    {
        if (_process is not null && !_process.HasExited)
        {
            await _process.TerminateAsync(TimeSpan.FromSeconds(15));
        }
    }

    public Task<System.Text.Json.JsonElement> SendAsync(string method, params System.Text.Json.Nodes.JsonNode?[] parameters) => Rpc.SendAsync(method, parameters);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync();
            await _process.DisposeAsync();
        }

        _http.Dispose();
    }

    private static async Task EnsureToolsAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (!File.Exists(Bin("anvil")) || !File.Exists(Bin("cast")) || !File.Exists(Bin("forge")))
            {
                await using var npm = ChildProcess.Start("npm", "npm", ["ci", "--no-audit", "--no-fund"], ContractsDir);
                if (await npm.WaitForExitAsync(TimeSpan.FromMinutes(5)) != 0)
                {
                    throw new InvalidOperationException($"`cd contracts && npm ci` failed; anvil, forge and cast come from npm.\n{npm.Log}");
                }
            }
        }
        finally
        {
            Setup.Release();
        }
    }
}
