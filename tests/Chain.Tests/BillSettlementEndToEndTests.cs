using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Chain;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using Hub.Plugins.Abstractions;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// Issue 6 end to end: a real Hub.Host with <c>Tariff</c> (hourly periods) and <c>Chain</c> against a real anvil with
/// the contracts deployed by <c>./smartmeter deploy</c> and the escrow funded; readings of past hours over MQTT →
/// bills issued by billing → their blocks anchored → submitted → settled after the dispute window, paid exactly once.
/// </summary>
public sealed class BillSettlementEndToEndTests
{
    private static readonly AbiEvent BillSettled = AbiEvent.Parse("BillSettled(bytes32 indexed hubId, bytes32 indexed billId, address supplier, uint256 amount)");

    /// <summary>Deliberately not the default (10^16), so that the test proves the setting is applied.</summary>
    private static readonly BigInteger PerMinorUnit = BigInteger.Pow(10, 15);

    private static readonly AbiFunction BillIdOf = AbiFunction.Parse("billIdOf(bytes32,bytes32)", "bytes32");

    [Fact]
    public async Task Issued_bills_settle_on_chain_once_with_exact_balances_and_show_their_transaction()
    {
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        if (now - hour < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        BigInteger supplierBefore = 0;
        await using var scope = await ChainScope.StartAsync(
            anvilArguments: ["--block-time", "1"], // the dispute window passes on chain without help
            deployArguments: ["--dispute-window", "2"],
            chain: section => section["AmountPerMinorUnit"] = PerMinorUnit.ToString(CultureInfo.InvariantCulture),
            configure: config => config with
            {
                ExtraSections = new Dictionary<string, JsonNode>(config.ExtraSections!)
                {
                    ["Tariff"] = new JsonObject
                    {
                        ["Currency"] = "EUR",
                        ["TimeZone"] = "Europe/Berlin",
                        ["Period"] = "Hourly",
                        ["ImportPricePerKwh"] = 0.30,
                        ["StandingChargePerDay"] = 0.48,

                        // No early issue of a silent hour (the default waits an hour): the hours H-2 and H-1 each have a
                        // reading after their end, so they are issued at once, while the hour H cannot be issued (and
                        // paid) in the middle of the test should the clock pass H+1.
                        ["IssueDelaySeconds"] = 3600,
                    },
                },
            },
            beforeHub: async (anvil, deployment) =>
            {
                await Deployment.CastAsync("send", "--rpc-url", anvil.Url, "--private-key", Deployment.HomeownerKey, deployment.BillSettlement,
                    "deposit(bytes32)", deployment.HubId, "--value", "100ether");
                supplierBefore = await anvil.Rpc.GetBalanceAsync(deployment.Supplier);
            });

        // Readings at H-2:10, H-1:10 and now, 1000 Wh apart: the hours H-2 and H-1 end with readings on both sides.
        var times = new[] { hour.AddHours(-2).AddMinutes(10), hour.AddHours(-1).AddMinutes(10), DateTimeOffset.UtcNow.AddSeconds(-1) };
        await using (var meter = await MeterClient.ConnectAsync(scope.Config.BrokerPort!.Value, scope.Config.Meter(ChainScope.MeterId)))
        {
            for (var i = 0; i < times.Length; i++)
            {
                await meter.PublishAsync(Readings.Household(ChainScope.MeterId, (ulong)i + 1, times[i].AddSeconds(-(i + 1))) with { EnergyImportWh = 10_000 + (1000 * i), PowerW = 1000 });
            }
        }

        // Every issued bill reaches "settled" with the transaction that paid it.
        List<JsonElement> bills = [];
        await scope.Hub.EventuallyAsync(
            async () =>
            {
                bills = [.. (await scope.Hub.GetJsonAsync("/api/bills")).GetProperty("items").EnumerateArray()];
                return bills.Count >= 2 && bills.All(b => b.GetProperty("settlementStatus").GetString() == "settled");
            },
            TimeSpan.FromSeconds(120),
            "the bills of the hours H-2 and H-1 issued and settled on chain");
        Assert.All(bills, b => Assert.Equal("bill", b.GetProperty("kind").GetString()));

        var hubId = scope.HubId;
        var expected = bills.Aggregate(BigInteger.Zero, (sum, b) => sum + (b.GetProperty("totalMinorUnits").GetInt64() * PerMinorUnit));
        Assert.True(expected > 0);
        Assert.Equal(expected, await scope.Anvil.Rpc.GetBalanceAsync(scope.Deployment.Supplier) - supplierBefore);

        var settledLogs = await scope.Anvil.Rpc.GetLogsAsync(new LogFilter { Address = scope.Deployment.BillSettlement, Topics = [BillSettled.Topic, hubId] });
        foreach (var bill in bills)
        {
            var id = bill.GetProperty("id").GetString()!;
            var chainId = HubIds.BillId(hubId, id);
            // The contract derives the id from the hub's id and the local id the hub submitted: no hub can take it first.
            var derived = (byte[])BillIdOf.DecodeOutput(await scope.Anvil.Rpc.CallAsync(
                new CallRequest { To = scope.Deployment.BillSettlement, Data = BillIdOf.EncodeCall(hubId, HubIds.LocalBillId(id)) }))[0]!;
            Assert.Equal(Hex.Encode(chainId), Hex.Encode(derived));
            var (status, one) = await scope.Hub.GetAsync($"/api/bills/{id}");
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            Assert.Equal("settled", one.GetProperty("settlementStatus").GetString());
            var tx = one.GetProperty("settlementTx").GetString();
            Assert.Matches("^0x[0-9a-f]{64}$", tx);

            // billOf holds the bill's hash and amount, settled; the settling transaction is the one the API shows.
            var onChain = (object?[])ChainContracts.BillOf.DecodeOutput(await scope.Anvil.Rpc.CallAsync(
                new CallRequest { To = scope.Deployment.BillSettlement, Data = ChainContracts.BillOf.EncodeCall(chainId) }))[0]!;
            Assert.Equal(bill.GetProperty("hash").GetString(), Hex.Encode((byte[])onChain[5]!));
            Assert.Equal(bill.GetProperty("totalMinorUnits").GetInt64() * PerMinorUnit, (BigInteger)onChain[4]!);
            Assert.Equal(ChainContracts.BillStatus.Settled, (ChainContracts.BillStatus)(int)(BigInteger)onChain[3]!);
            var log = Assert.Single(settledLogs, l => ((byte[])BillSettled.Decode(l.Topics, l.Data)[1]!).AsSpan().SequenceEqual(chainId));
            Assert.Equal(tx, Hex.Encode(log.TransactionHash!));
        }

        Assert.Equal(bills.Count, settledLogs.Count);

        // After a restart on the same data nothing is submitted or settled again.
        await scope.RestartHubAsync();

        // New readings, so there are new blocks to anchor and the sync runs full passes after the restart: seq 4-6, a
        // millisecond apart right after the last one (still in the hour H, which is not billed during the test), with
        // the counter unchanged — no energy, nothing that could change or issue a bill.
        var heightBefore = await scope.LocalHeightAsync();
        await using (var meter = await MeterClient.ConnectAsync(scope.Config.BrokerPort!.Value, scope.Config.Meter(ChainScope.MeterId)))
        {
            var lastAt = ReadingJson.TruncateToMilliseconds(times[^1]);
            for (var k = 1; k <= 3; k++)
            {
                await meter.PublishAsync(Readings.Household(ChainScope.MeterId, (ulong)(times.Length + k), lastAt) with
                {
                    Timestamp = lastAt.AddMilliseconds(k),
                    EnergyImportWh = 10_000 + (1000 * (times.Length - 1)),
                    PowerW = 1000,
                });
            }
        }

        await scope.Hub.EventuallyAsync(async () => await scope.LocalHeightAsync() > heightBefore, TimeSpan.FromSeconds(30), "the new readings sealed");
        await scope.WaitAnchoredAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(expected, await scope.Anvil.Rpc.GetBalanceAsync(scope.Deployment.Supplier) - supplierBefore);
        Assert.Equal(bills.Count, (await scope.Anvil.Rpc.GetLogsAsync(new LogFilter { Address = scope.Deployment.BillSettlement, Topics = [BillSettled.Topic, hubId] })).Count);
        var after = (await scope.Hub.GetJsonAsync("/api/bills")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            bills.Select(b => (b.GetProperty("id").GetString(), b.GetProperty("settlementTx").GetString())).Order(),
            after.Where(b => bills.Any(x => x.GetProperty("id").GetString() == b.GetProperty("id").GetString()))
                .Select(b => (b.GetProperty("id").GetString(), b.GetProperty("settlementTx").GetString())).Order());
        Assert.Equal(JsonValueKind.Null, (await scope.ChainHealthAsync()).GetProperty("lastError").ValueKind);
    }
}
