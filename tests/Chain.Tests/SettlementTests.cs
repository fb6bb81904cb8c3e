using System.Globalization;
using System.Numerics;
using Hub.Ledger;
using Hub.Ledger.Chain;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// The sync's bill settlement, unit level: the real ledger and chain sync in a generic host, a real anvil with the
/// deployed contracts, and a test <see cref="IBillSettlementFeed"/> in place of billing, to control exactly which bills appear when.
/// </summary>
public sealed class SettlementTests
{
    private static readonly AbiEvent BillSettled = AbiEvent.Parse("BillSettled(bytes32 indexed hubId, bytes32 indexed billId, address supplier, uint256 amount)");
    private static readonly BigInteger PerCent = BigInteger.Pow(10, 16);

    [Fact]
    public async Task Issued_bills_are_submitted_after_their_block_is_anchored_and_settled_once_with_exact_balances()
    {
        using var directory = TestDirectory.Create("settle");
        // Blocks every second, so that the 2 s dispute window passes on chain without help.
        await using var anvil = await AnvilNode.StartAsync("--block-time", "1");
        var deployment = await Deployment.RunAsync(anvil, directory.Path, "--dispute-window", "2");
        await Deployment.CastAsync("send", "--rpc-url", anvil.Url, "--private-key", Deployment.HomeownerKey, deployment.BillSettlement,
            "deposit(bytes32)", deployment.HubId, "--value", "100ether");
        var supplierBefore = await anvil.Rpc.GetBalanceAsync(deployment.Supplier);

        var feed = new TestFeed();
        using var host = BuildHost(directory.Combine("data"), anvil, deployment, feed);
        await host.StartAsync();
        try
        {
            var ingest = host.Services.GetRequiredService<IReadingIngest>();
            var start = TimeProvider.System.GetUtcNow().AddMinutes(-10);
            for (ulong seq = 1; seq <= 5; seq++)
            {
                Assert.True((await ingest.IngestAsync(Readings.Household("house", seq, start))).IsDurable);
            }

            // Bills on block 1 (sealed within a second), a credit note that must never reach the chain, and a bill on a
            // block far ahead that must wait.
            feed.Add(new BillToSettle(1, "2026-11-house", Keccak256.Hash("bill-1"u8), 1234, "EUR", 1));
            feed.Add(new BillToSettle(2, "2026-11-garage", Keccak256.Hash("bill-2"u8), 566, "EUR", 1));
            feed.Add(new BillToSettle(3, "2026-11-credit", Keccak256.Hash("bill-3"u8), -100, "EUR", 1));
            feed.Add(new BillToSettle(4, "2026-12-house", Keccak256.Hash("bill-4"u8), 999, "EUR", 1_000_000));

            var expected = (1234 + 566) * PerCent;
            await Eventually.HoldsAsync(
                async () => await anvil.Rpc.GetBalanceAsync(deployment.Supplier) - supplierBefore == expected,
                TimeSpan.FromSeconds(90),
                "the supplier paid for bills 1 and 2");

            // Settled once each, the credit note and the far-ahead bill not at all; the escrow holds the rest.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(expected, await anvil.Rpc.GetBalanceAsync(deployment.Supplier) - supplierBefore);
            var hubId = Hex.Decode(deployment.HubId);
            var settled = await anvil.Rpc.GetLogsAsync(new LogFilter { Address = deployment.BillSettlement, Topics = [BillSettled.Topic, hubId] });
            Assert.Equal(
                new[] { HubIds.BillId(hubId, "2026-11-house"), HubIds.BillId(hubId, "2026-11-garage") }.Select(b => Hex.Encode(b)).Order(),
                settled.Select(l => Hex.Encode((byte[])BillSettled.Decode(l.Topics, l.Data)[1]!)).Order());
            var escrow = await Deployment.CastAsync("call", "--rpc-url", anvil.Url, deployment.BillSettlement, "escrowOf(bytes32)(uint256)", deployment.HubId);
            Assert.StartsWith((100 * BigInteger.Pow(10, 18) - expected).ToString(CultureInfo.InvariantCulture), escrow, StringComparison.Ordinal);

            var status = host.Services.GetRequiredService<IChainStatus>().Report();
            Assert.Equal(1, status.BillsWaiting); // the bill on block 1000000 waits for its block
            Assert.Null(status.LastError);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_bill_above_the_homeowners_cap_waits_for_approval_and_a_disputed_bill_is_never_paid()
    {
        using var directory = TestDirectory.Create("settle-cap");
        await using var anvil = await AnvilNode.StartAsync("--block-time", "1");
        // A window long enough for the homeowner to dispute a bill once it is on chain, even on a loaded machine.
        var deployment = await Deployment.RunAsync(anvil, directory.Path, "--dispute-window", "20");
        await Deployment.CastAsync("send", "--rpc-url", anvil.Url, "--private-key", Deployment.HomeownerKey, deployment.BillSettlement,
            "deposit(bytes32)", deployment.HubId, "--value", "100ether");
        // The homeowner's cap: 10.00 EUR a bill.
        await Deployment.CastAsync("send", "--rpc-url", anvil.Url, "--private-key", Deployment.HomeownerKey, deployment.BillSettlement,
            "setMaxBillAmount(bytes32,uint256)", deployment.HubId, (1000 * PerCent).ToString(CultureInfo.InvariantCulture));
        var supplierBefore = await anvil.Rpc.GetBalanceAsync(deployment.Supplier);
        var hubId = Hex.Decode(deployment.HubId);

        var feed = new TestFeed();
        using var host = BuildHost(directory.Combine("data"), anvil, deployment, feed);
        await host.StartAsync();
        try
        {
            var ingest = host.Services.GetRequiredService<IReadingIngest>();
            var start = TimeProvider.System.GetUtcNow().AddMinutes(-10);
            for (ulong seq = 1; seq <= 3; seq++)
            {
                Assert.True((await ingest.IngestAsync(Readings.Household("house", seq, start))).IsDurable);
            }

            feed.Add(new BillToSettle(1, "big", Keccak256.Hash("bill-big"u8), 1234, "EUR", 1)); // above the cap
            feed.Add(new BillToSettle(2, "fair", Keccak256.Hash("bill-fair"u8), 566, "EUR", 1));
            feed.Add(new BillToSettle(3, "wrong", Keccak256.Hash("bill-wrong"u8), 300, "EUR", 1));

            async Task<ChainContracts.BillStatus> StatusAsync(string id) =>
                (ChainContracts.BillStatus)(int)(BigInteger)((object?[])ChainContracts.BillOf.DecodeOutput(await anvil.Rpc.CallAsync(
                    new CallRequest { To = deployment.BillSettlement, Data = ChainContracts.BillOf.EncodeCall(HubIds.BillId(hubId, id)) }))[0]!)[3]!;

            // The homeowner disputes "wrong" as soon as the hub has submitted it (with cast, as docs/market.md shows).
            await Eventually.HoldsAsync(async () => await StatusAsync("wrong") == ChainContracts.BillStatus.Pending, TimeSpan.FromSeconds(60), "bill 'wrong' submitted");
            await Deployment.CastAsync("send", "--rpc-url", anvil.Url, "--private-key", Deployment.HomeownerKey, deployment.BillSettlement,
                "dispute(bytes32)", Hex.Encode(HubIds.BillId(hubId, "wrong")));

            await Eventually.HoldsAsync(
                async () => await anvil.Rpc.GetBalanceAsync(deployment.Supplier) - supplierBefore == 566 * PerCent,
                TimeSpan.FromSeconds(90),
                "the supplier paid for the bill within the cap");
            Assert.Equal(ChainContracts.BillStatus.AwaitingApproval, await StatusAsync("big"));
            Assert.Equal(ChainContracts.BillStatus.Disputed, await StatusAsync("wrong"));

            // Approved, the big bill is paid after its dispute window; the disputed one never is.
            await Deployment.CastAsync("send", "--rpc-url", anvil.Url, "--private-key", Deployment.HomeownerKey, deployment.BillSettlement,
                "approve(bytes32)", Hex.Encode(HubIds.BillId(hubId, "big")));
            await Eventually.HoldsAsync(async () => await StatusAsync("big") == ChainContracts.BillStatus.Settled, TimeSpan.FromSeconds(120), "the approved bill settled");
            Assert.Equal((566 + 1234) * PerCent, await anvil.Rpc.GetBalanceAsync(deployment.Supplier) - supplierBefore);
            Assert.Equal(ChainContracts.BillStatus.Disputed, await StatusAsync("wrong"));
            var escrow = await Deployment.CastAsync("call", "--rpc-url", anvil.Url, deployment.BillSettlement, "escrowOf(bytes32)(uint256)", deployment.HubId);
            Assert.StartsWith((100 * BigInteger.Pow(10, 18) - ((566 + 1234) * PerCent)).ToString(CultureInfo.InvariantCulture), escrow, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static IHost BuildHost(string dataDir, AnvilNode anvil, Deployment deployment, TestFeed feed)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:DataDir"] = dataDir,
            ["Hub:BlockSeconds"] = "1",
            ["Meters:0:Id"] = "house",
            ["Meters:0:Plugin"] = "mqtt",
            ["Chain:RpcUrl"] = anvil.Url,
            ["Chain:Contracts"] = deployment.File,
            ["Chain:KeyFile"] = deployment.HubKeyFile,
            ["Chain:PollSeconds"] = "0.3",
            ["Chain:MaxBackoffSeconds"] = "1",
        });
        builder.Logging.ClearProviders();
        builder.AddHubLedger();
        // After AddHubLedger: it registers billing's BillBook as the feed, and the last registration wins.
        builder.Services.AddSingleton<IBillSettlementFeed>(feed);
        builder.AddHubChain();

        // After the ledger's own registration (billing's feed), so that the sync resolves this one.
        builder.Services.AddSingleton<IBillSettlementFeed>(feed);
        return builder.Build();
    }

    private sealed class TestFeed : IBillSettlementFeed
    {
        private readonly Lock _gate = new();
        private readonly List<BillToSettle> _bills = [];

        public void Add(BillToSettle bill)
        {
            lock (_gate)
            {
                _bills.Add(bill);
            }
        }

        public IReadOnlyList<BillToSettle> IssuedAfter(long afterSequence, int limit)
        {
            lock (_gate)
            {
                return [.. _bills.Where(b => b.Sequence > afterSequence).OrderBy(b => b.Sequence).Take(limit)];
            }
        }
    }
}
