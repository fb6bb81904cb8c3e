using System.Numerics;
using System.Text;
using System.Text.Json;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// <c>./smartmeter deploy</c> with the EnergyMarket's parameters, and <c>--join</c> (one more hub on the same
/// contracts), read back from a real anvil with our RPC client (docs/market.md "Parameters", "Deploying").
/// </summary>
public sealed class DeployTests
{
    private const string Neighbour = "0x90F79bf6EB2c4f870365E785982E1f101E93b906"; // anvil's dev account 3
    private static readonly AbiFunction HubOfFn = AbiFunction.Parse("hubOf(bytes32)", "(address,address,address,bool)");
    private static readonly AbiFunction IsOperatorFn = AbiFunction.Parse("isOperator(bytes32,address)", "bool");

    [Fact]
    public async Task Deploy_creates_the_energy_market_with_the_given_parameters_and_join_registers_another_hub_on_it()
    {
        using var directory = TestDirectory.Create("deploy-market");
        await using var anvil = await AnvilNode.StartAsync();
        var main = await Deployment.RunAsync(anvil, directory.Path, "--market-interval", "60", "--gate-closure", "10",
            "--reading-window", "15", "--settle-timeout", "90", "--max-orders", "77", "--max-orders-per-hub", "7", "--require-vouched-meters");

        Assert.NotNull(main.EnergyMarket);
        var market = main.EnergyMarket!;
        Assert.Equal(60, await UintAsync(anvil, market, "intervalLength()", "uint64"));
        Assert.Equal(10, await UintAsync(anvil, market, "gateClosure()", "uint64"));
        Assert.Equal(15, await UintAsync(anvil, market, "readingWindow()", "uint64"));
        Assert.Equal(90, await UintAsync(anvil, market, "settleTimeout()", "uint64"));
        Assert.Equal(77, await UintAsync(anvil, market, "maxOrdersPerInterval()", "uint32"));
        Assert.Equal(7, await UintAsync(anvil, market, "maxOrdersPerHub()", "uint32"));
        Assert.True((bool)(await CallAsync(anvil, market, AbiFunction.Parse("requireVouchedMeters()", "bool")))[0]!);
        Assert.Equal(main.HubRegistry, (string)(await CallAsync(anvil, market, AbiFunction.Parse("registry()", "address")))[0]!, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(main.BlockAnchor, (string)(await CallAsync(anvil, market, AbiFunction.Parse("anchors()", "address")))[0]!, StringComparer.OrdinalIgnoreCase);
        AssertMarketSection(main.File, 60, 10, 15, 90, 77, true);
        using (var file = JsonDocument.Parse(await File.ReadAllTextAsync(main.File)))
        {
            // The meter registrar: the deployer unless --registrar names another.
            var registrar = (string)(await CallAsync(anvil, main.HubRegistry, AbiFunction.Parse("registrar()", "address")))[0]!;
            Assert.Equal(Secp256k1Key.FromPrivateKey(Hex.Decode(Deployment.DeployerKey)).ChecksumAddress, registrar, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(registrar, file.RootElement.GetProperty("registrar").GetString(), StringComparer.OrdinalIgnoreCase);
        }

        var joined = await Deployment.JoinAsync(anvil, main, directory.Path, "neighbour-a", "--homeowner", Neighbour, "--fund-hub", "3ether");

        // The same contracts, this hub's identity.
        Assert.Equal((main.HubRegistry, main.BlockAnchor, main.BillSettlement, main.EnergyMarket), (joined.HubRegistry, joined.BlockAnchor, joined.BillSettlement, joined.EnergyMarket));
        Assert.Equal(Hex.Encode(Keccak256.Hash(Encoding.UTF8.GetBytes("neighbour-a"))), joined.HubId, StringComparer.OrdinalIgnoreCase);
        Assert.NotEqual(main.HubAddress, joined.HubAddress, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(Neighbour, joined.Homeowner, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(main.Supplier, joined.Supplier, StringComparer.OrdinalIgnoreCase);
        AssertMarketSection(joined.File, 60, 10, 15, 90, 77, true);
        using (var file = JsonDocument.Parse(await File.ReadAllTextAsync(joined.File)))
        {
            Assert.Equal("neighbour-a", file.RootElement.GetProperty("hubName").GetString());
            Assert.Equal(31337UL, file.RootElement.GetProperty("chainId").GetUInt64());
        }

        // The key file the hub will read is this hub's registered operator, and funded for gas.
        var keyAddress = Secp256k1Key.FromPrivateKey(Hex.Decode((await File.ReadAllTextAsync(joined.HubKeyFile)).Trim())).ChecksumAddress;
        Assert.Equal(joined.HubAddress, keyAddress, StringComparer.OrdinalIgnoreCase);
        var hub = (object?[])(await CallAsync(anvil, main.HubRegistry, HubOfFn, Hex.Decode(joined.HubId)))[0]!;
        Assert.Equal(joined.HubAddress, (string)hub[0]!, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(Neighbour, (string)hub[1]!, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(main.Supplier, (string)hub[2]!, StringComparer.OrdinalIgnoreCase);
        Assert.True((bool)hub[3]!);
        Assert.True((bool)(await CallAsync(anvil, main.HubRegistry, IsOperatorFn, Hex.Decode(joined.HubId), joined.HubAddress))[0]!);
        Assert.False((bool)(await CallAsync(anvil, main.HubRegistry, IsOperatorFn, Hex.Decode(joined.HubId), main.HubAddress))[0]!);
        Assert.Equal(BigInteger.Pow(10, 18) * 3, await anvil.Rpc.GetBalanceAsync(joined.HubAddress));

        // The first hub is untouched.
        var first = (object?[])(await CallAsync(anvil, main.HubRegistry, HubOfFn, Hex.Decode(main.HubId)))[0]!;
        Assert.Equal(main.HubAddress, (string)first[0]!, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deploy_uses_the_documented_market_defaults_and_join_refuses_a_hub_name_already_registered()
    {
        using var directory = TestDirectory.Create("deploy-defaults");
        await using var anvil = await AnvilNode.StartAsync();
        var main = await Deployment.RunAsync(anvil, directory.Path);

        var market = main.EnergyMarket!;
        Assert.Equal(900, await UintAsync(anvil, market, "intervalLength()", "uint64"));
        Assert.Equal(60, await UintAsync(anvil, market, "gateClosure()", "uint64"));
        Assert.Equal(120, await UintAsync(anvil, market, "readingWindow()", "uint64"));
        Assert.Equal(3600, await UintAsync(anvil, market, "settleTimeout()", "uint64"));
        Assert.Equal(1000, await UintAsync(anvil, market, "maxOrdersPerInterval()", "uint32"));
        Assert.Equal(10, await UintAsync(anvil, market, "maxOrdersPerHub()", "uint32"));
        Assert.False((bool)(await CallAsync(anvil, market, AbiFunction.Parse("requireVouchedMeters()", "bool")))[0]!);
        AssertMarketSection(main.File, 900, 60, 120, 3600, 1000, false);

        // "test-hub" is the first hub's name: joining under it must fail and write no file.
        var again = Path.Combine(directory.Path, "again.json");
        await using var join = Deployment.StartScript(["deploy", "--join", main.File, "--rpc-url", anvil.Url, "--hub-id", "test-hub",
            "--hub-key-file", Path.Combine(directory.Path, "again.key"), "--out", again]);
        Assert.NotEqual(0, await join.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("already registered", join.Log, StringComparison.Ordinal);
        Assert.False(File.Exists(again));
        var hub = (object?[])(await CallAsync(anvil, main.HubRegistry, HubOfFn, Hex.Decode(main.HubId)))[0]!;
        Assert.Equal(main.HubAddress, (string)hub[0]!, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deploy_refuses_market_parameters_the_contract_would_reject_before_touching_the_node()
    {
        // No node at all: the parameters are checked first, so the error is about them and not about the node.
        var unreachable = $"http://127.0.0.1:{FreePort.Next()}";
        foreach (var (arguments, message) in new (string[], string)[]
                 {
                     (["--market-interval", "60", "--reading-window", "60"], "--reading-window must be between 1 and"),
                     (["--max-orders", "0"], "--max-orders must be 1 to 2000"),
                     (["--max-orders", "2001"], "--max-orders must be 1 to 2000 (a larger book would not clear in one 30 M gas block"),
                     (["--max-orders", "100", "--max-orders-per-hub", "101"], "--max-orders-per-hub must be 1 to --max-orders (100)"),
                     (["--market-interval", "15m"], "--market-interval needs a whole number"),
                 })
        {
            await using var deploy = Deployment.StartScript(["deploy", "--rpc-url", unreachable, .. arguments]);
            Assert.Equal(2, await deploy.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains(message, deploy.Log, StringComparison.Ordinal);
        }
    }

    private static void AssertMarketSection(string file, int interval, int gate, int window, int timeout, int maxOrders, bool signatures)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var m = json.RootElement.GetProperty("market");
        Assert.Equal(interval, m.GetProperty("intervalSeconds").GetInt32());
        Assert.Equal(gate, m.GetProperty("gateClosureSeconds").GetInt32());
        Assert.Equal(window, m.GetProperty("readingWindowSeconds").GetInt32());
        Assert.Equal(timeout, m.GetProperty("settleTimeoutSeconds").GetInt32());
        Assert.Equal(maxOrders, m.GetProperty("maxOrdersPerInterval").GetInt32());
        Assert.Equal(signatures, m.GetProperty("requireVouchedMeters").GetBoolean());
    }

    private static async Task<BigInteger> UintAsync(AnvilNode anvil, string contract, string signature, string type) =>
        (BigInteger)(await CallAsync(anvil, contract, AbiFunction.Parse(signature, type)))[0]!;

    private static async Task<object?[]> CallAsync(AnvilNode anvil, string contract, AbiFunction function, params object?[] arguments) =>
        function.DecodeOutput(await anvil.Rpc.CallAsync(new CallRequest { To = contract, Data = function.EncodeCall(arguments) }));
}
