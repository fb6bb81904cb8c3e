using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// A real anvil, the contracts deployed with <c>./smartmeter deploy</c>, and a real Hub.Host process with <c>Chain</c>
/// configured, sealing a block every second, with one mqtt meter to feed it.
/// </summary>
public sealed class ChainScope : IAsyncDisposable
{
    public const string MeterId = "house";
    private static readonly AbiFunction AnchoredHeightFn = AbiFunction.Parse("anchoredHeight(bytes32)", "uint64");
    private static readonly AbiFunction RootOfFn = AbiFunction.Parse("rootOf(bytes32,uint64)", "bytes32");
    private static readonly AbiEvent AnchoredEvent = AbiEvent.Parse("Anchored(bytes32 indexed hubId, uint64 indexed height, bytes32 root)");
    private readonly DateTimeOffset _start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
    private ulong _seq;

    private ChainScope(TestDirectory directory, AnvilNode anvil, Deployment deployment)
    {
        Directory = directory;
        Anvil = anvil;
        Deployment = deployment;
    }

    public TestDirectory Directory { get; }

    public AnvilNode Anvil { get; }

    public Deployment Deployment { get; }

    public HubProcess Hub { get; private set; } = null!;

    public HubConfig Config { get; private set; } = null!;

    public byte[] HubId => Hex.Decode(Deployment.HubId);

    /// <summary>
    /// anvil with <paramref name="anvilArguments"/>, deploy with <paramref name="deployArguments"/>, then the hub (chain
    /// settings overridable with <paramref name="chain"/> and <paramref name="rpcUrl"/>, the rest of hub.json with
    /// <paramref name="configure"/>; <paramref name="beforeHub"/> runs after the deployment, before the hub starts).
    /// </summary>
    public static async Task<ChainScope> StartAsync(string[]? anvilArguments = null, string[]? deployArguments = null, Action<JsonObject>? chain = null, Func<AnvilNode, string>? rpcUrl = null,
        Func<HubConfig, HubConfig>? configure = null, Func<AnvilNode, Deployment, Task>? beforeHub = null)
    {
        var directory = TestDirectory.Create("chain");
        AnvilNode? anvil = null;
        try
        {
            anvil = await AnvilNode.StartAsync(anvilArguments ?? []);
            var deployment = await Deployment.RunAsync(anvil, directory.Path, deployArguments ?? []);
            var scope = new ChainScope(directory, anvil, deployment);
            var section = new JsonObject
            {
                ["RpcUrl"] = rpcUrl?.Invoke(anvil) ?? anvil.Url,
                ["Contracts"] = deployment.File,
                ["KeyFile"] = deployment.HubKeyFile,
                ["PollSeconds"] = 0.3,
                ["MaxBackoffSeconds"] = 1,
                ["RpcTimeoutSeconds"] = 2,
            };
            chain?.Invoke(section);
            scope.Config = HubConfig.Create(directory.Combine("data"), MeterId) with
            {
                HubSettings = new Dictionary<string, double> { ["BlockSeconds"] = 1 },
                ExtraSections = new Dictionary<string, JsonNode> { ["Chain"] = section },
            };
            scope.Config = configure?.Invoke(scope.Config) ?? scope.Config;
            if (beforeHub is not null)
            {
                await beforeHub(anvil, deployment);
            }

            scope.Hub = await HubProcess.StartAsync(scope.Config, directory.Combine("hub.json"));
            return scope;
        }
        catch
        {
            if (anvil is not null)
            {
                await anvil.DisposeAsync();
            }

            directory.Dispose();
            throw;
        }
    }

    /// <summary>Publishes <paramref name="count"/> readings, one at a time (QoS 1).</summary>
    public async Task PublishAsync(int count)
    {
        await using var meter = await MeterClient.ConnectAsync(Config.BrokerPort!.Value, Config.Meter(MeterId));
        for (var i = 0; i < count; i++)
        {
            await meter.PublishAsync(Readings.Household(MeterId, ++_seq, _start));
        }
    }

    /// <summary>Publishes a reading now and then until the hub has sealed at least <paramref name="height"/> blocks.</summary>
    public async Task SealAtLeastAsync(long height, TimeSpan timeout)
    {
        await Hub.EventuallyAsync(
            async () =>
            {
                if (await LocalHeightAsync() >= height)
                {
                    return true;
                }

                await PublishAsync(1);
                return false;
            },
            timeout,
            $"{height} blocks sealed");
    }

    public async Task<long> LocalHeightAsync()
    {
        var items = (await Hub.GetJsonAsync("/api/blocks?limit=1")).GetProperty("items");
        return items.GetArrayLength() == 0 ? 0 : items[0].GetProperty("height").GetInt64();
    }

    public async Task<JsonElement> ChainHealthAsync() => (await Hub.HealthAsync()).Body.GetProperty("chain");

    public async Task<ulong> AnchoredOnChainAsync() =>
        (ulong)(BigInteger)AnchoredHeightFn.DecodeOutput(await Anvil.Rpc.CallAsync(new CallRequest { To = Deployment.BlockAnchor, Data = AnchoredHeightFn.EncodeCall(HubId) }))[0]!;

    public async Task<byte[]> RootOnChainAsync(long height) =>
        (byte[])RootOfFn.DecodeOutput(await Anvil.Rpc.CallAsync(new CallRequest { To = Deployment.BlockAnchor, Data = RootOfFn.EncodeCall(HubId, (ulong)height) }))[0]!;

    /// <summary>The heights of every Anchored event of this hub, in log order (eth_getLogs from block 0).</summary>
    public async Task<IReadOnlyList<long>> AnchoredEventHeightsAsync()
    {
        var logs = await Anvil.Rpc.GetLogsAsync(new LogFilter { Address = Deployment.BlockAnchor, Topics = [AnchoredEvent.Topic, HubId] });
        return [.. logs.Select(l => (long)(BigInteger)AnchoredEvent.Decode(l.Topics, l.Data)[1]!)];
    }

    /// <summary>Waits until every sealed block is anchored (the hub says synced and the chain agrees).</summary>
    public Task WaitAnchoredAsync(TimeSpan timeout) => Hub.EventuallyAsync(
        async () =>
        {
            var local = await LocalHeightAsync();
            return local > 0 && (long)await AnchoredOnChainAsync() == local && (await ChainHealthAsync()).GetProperty("anchoredHeight").ValueKind == JsonValueKind.Number
                && (await ChainHealthAsync()).GetProperty("anchoredHeight").GetInt64() == local;
        },
        timeout,
        "every sealed block anchored");

    /// <summary>Every block from /api/blocks, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> BlocksAsync()
    {
        var blocks = new List<JsonElement>();
        string? before = null;
        while (true)
        {
            var page = await Hub.GetJsonAsync("/api/blocks?limit=1000" + (before is null ? string.Empty : "&before=" + before));
            blocks.AddRange(page.GetProperty("items").EnumerateArray());
            if (page.GetProperty("next").ValueKind != JsonValueKind.Number)
            {
                break;
            }

            before = page.GetProperty("next").GetInt64().ToString(CultureInfo.InvariantCulture);
        }

        blocks.Reverse();
        return blocks;
    }

    /// <summary>The same hub on the same data, on fresh ports.</summary>
    public async Task RestartHubAsync()
    {
        await Hub.DisposeAsync();
        Config = Config.WithFreshPorts();
        Hub = await HubProcess.StartAsync(Config, Directory.Combine("hub.json"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        await Anvil.DisposeAsync();
        Directory.Dispose();
    }
}
