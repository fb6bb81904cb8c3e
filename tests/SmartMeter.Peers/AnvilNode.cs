using System.Globalization;
using Hub.Ledger.Evm.Rpc;

namespace SmartMeter.Peers;

/// <summary>
/// A real anvil (from contracts/node_modules, installed with npm ci when missing; see <see cref="Foundry"/>) on a
/// loopback port of its own, which it keeps, so that it can be stopped and started again at the same URL (with
/// <c>--dump-state</c>/<c>--load-state</c>).
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    private readonly HttpClient _http = new();
    private ChildProcess? _process;

    private AnvilNode(int port)
    {
        Port = port;
        Url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        Rpc = new EthRpcClient(_http, new Uri(Url + "/"), TimeSpan.FromSeconds(10));
    }

    public int Port { get; }

    public string Url { get; }

    public EthRpcClient Rpc { get; }

    /// <summary>The chain id anvil answered when it started.</summary>
    public ulong ChainId { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts anvil on a free port with <paramref name="arguments"/> (e.g. --dump-state FILE, --silent).</summary>
    public static async Task<AnvilNode> StartAsync(params string[] arguments)
    {
        await Foundry.EnsureToolsAsync().ConfigureAwait(false);
        var node = new AnvilNode(FreePort.Next());
        await node.RestartAsync(arguments).ConfigureAwait(false);
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
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        _process = ChildProcess.Start("anvil", Foundry.Bin("anvil"), ["--port", Port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1", .. arguments]);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                ChainId = await Rpc.GetChainIdAsync().ConfigureAwait(false);
                return;
            }
            catch (RpcTransportException) when (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    /// <summary>SIGTERM (anvil writes --dump-state on the way out) and wait.</summary>
    public async Task StopAsync()
    {
        if (_process is not null && !_process.HasExited)
        {
            await _process.TerminateAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
    }

    public Task<System.Text.Json.JsonElement> SendAsync(string method, params System.Text.Json.Nodes.JsonNode?[] parameters) => Rpc.SendAsync(method, parameters);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync().ConfigureAwait(false);
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
    }
}
