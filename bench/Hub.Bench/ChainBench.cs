using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using Hub.Ledger.Evm.Transactions;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// <c>./smartmeter bench chain [--bills 200] [--batch 100] [--cast 20] [--out docs/benchmarks.md]</c>: on a real
/// anvil (automine, no block time), the contracts as forge built them, and our EVM client: bill settlement latency
/// (p50/p95 per transaction, from signing to receipt), a batch of bills in one transaction, gas per anchored block
/// and per reading, and the same settlement made with <c>cast send</c> in the same run.
/// </summary>
internal static class ChainBench
{
    private const string Usage = "usage: ./smartmeter bench chain [--bills 200] [--batch 100] [--cast 20] [--out docs/benchmarks.md]";
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(30);
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly AbiFunction RegisterHub = AbiFunction.Parse("registerHub(bytes32,address,address,address)");
    private static readonly AbiFunction Anchor = AbiFunction.Parse("anchor(bytes32,uint64,bytes32[])");
    private static readonly AbiFunction Deposit = AbiFunction.Parse("deposit(bytes32)");
    private static readonly AbiFunction SubmitBill = AbiFunction.Parse("submitBill(bytes32,(bytes32,uint64,uint256,bytes32))");
    private static readonly AbiFunction SubmitBills = AbiFunction.Parse("submitBills(bytes32,(bytes32,uint64,uint256,bytes32)[])");
    private static readonly AbiFunction EscrowOf = AbiFunction.Parse("escrowOf(bytes32)", "uint256");
    private static readonly AbiFunction Settle = AbiFunction.Parse("settle(bytes32)");
    private static readonly AbiFunction SettleMany = AbiFunction.Parse("settleMany(bytes32[])");

    public static async Task<int> MainAsync(string[] args)
    {
        int bills = 200, batch = 100, castCalls = 20;
        var outFile = "docs/benchmarks.md";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--bills" when int.TryParse(value, CultureInfo.InvariantCulture, out var b) && b is >= 20 and <= 10_000: bills = b; i++; break;
                case "--batch" when int.TryParse(value, CultureInfo.InvariantCulture, out var b) && b is >= 2 and <= 1_000: batch = b; i++; break;
                case "--cast" when int.TryParse(value, CultureInfo.InvariantCulture, out var c) && c is >= 1 and <= 1_000: castCalls = c; i++; break;
                case "--out" when value is not null: outFile = value; i++; break;
                default:
                    await Console.Error.WriteLineAsync($"bench chain: bad argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        var machine = MachineInfo.Collect();
        Console.WriteLine($"bench chain: {bills} single settlements, a batch of {batch}, {castCalls} with cast send; {machine}");
        try
        {
            await Foundry.EnsureArtifactsAsync().ConfigureAwait(false);
            await using var anvil = await AnvilNode.StartAsync("--silent").ConfigureAwait(false);
            var rpc = anvil.Rpc;
            var rpcUrl = anvil.Url + "/";
            var chainId = anvil.ChainId;
            var anvilVersion = (await RunAsync(Foundry.Bin("anvil"), ["--version"]).ConfigureAwait(false)).Split('\n')[0].Trim();

            var result = await RunSuiteAsync(rpc, rpcUrl, chainId, bills, batch, castCalls).ConfigureAwait(false);
            var command = "./smartmeter bench chain" + (args.Length > 0 ? " " + string.Join(' ', args) : string.Empty);
            var markdown = ToMarkdown(result, machine, anvilVersion, command, bills, batch, castCalls);
            Console.WriteLine();
            Console.WriteLine(markdown);
            var outPath = Path.GetFullPath(outFile, RepoPaths.Root);
            BenchmarksDoc.WriteSection(outPath, "chain", markdown);
            Console.WriteLine($"\nwritten to {outPath}");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or PeerExitedException or EthRpcException)
        {
            await Console.Error.WriteLineAsync($"bench chain: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<ChainResult> RunSuiteAsync(EthRpcClient rpc, string rpcUrl, ulong chainId, int bills, int batch, int castCalls)
    {
        var deployerKey = await FundedKeyAsync(rpc, 1000).ConfigureAwait(false);
        var hubKey = await FundedKeyAsync(rpc, 1000).ConfigureAwait(false);
        var homeowner = await FundedKeyAsync(rpc, 100_000).ConfigureAwait(false);
        var supplier = Secp256k1Key.Generate();
        var deployer = new TransactionSender(rpc, deployerKey, chainId);
        var hubSender = new TransactionSender(rpc, hubKey, chainId);

        var registry = await deployer.DeployAsync(Artifact("HubRegistry"), AbiCodec.Encode("address", deployerKey.ChecksumAddress), ReceiptTimeout).ConfigureAwait(false);
        var anchors = await deployer.DeployAsync(Artifact("BlockAnchor"), AbiCodec.Encode("address", registry), ReceiptTimeout).ConfigureAwait(false);
        var settlement = await deployer.DeployAsync(
            Artifact("BillSettlement"),
            AbiCodec.Encode("address,address,address,uint64", registry, anchors, new byte[20], 0UL),
            ReceiptTimeout).ConfigureAwait(false);
        var hubId = Keccak256.Hash(Encoding.UTF8.GetBytes("bench-hub"));
        await deployer.SendAsync(registry, RegisterHub.EncodeCall(hubId, hubKey.ChecksumAddress, homeowner.ChecksumAddress, supplier.ChecksumAddress), BigInteger.Zero, ReceiptTimeout).ConfigureAwait(false);
        var totalBills = bills + Math.Min(50, bills) + batch + castCalls;
        var perBill = Ether / 1000; // 0.001 ETH a bill: the escrow covers every bill of the run
        await new TransactionSender(rpc, homeowner, chainId)
            .SendAsync(settlement, Deposit.EncodeCall(hubId), perBill * totalBills, ReceiptTimeout).ConfigureAwait(false);
        var escrow = (BigInteger)EscrowOf.DecodeOutput(await rpc.CallAsync(new CallRequest { To = settlement, Data = EscrowOf.EncodeCall(hubId) }).ConfigureAwait(false))[0]!;
        if (escrow != perBill * totalBills)
        {
            throw new InvalidOperationException($"the escrow holds {escrow} wei after a deposit of {perBill * totalBills} wei");
        }

        // Anchoring: one root per transaction (a hub that is up to date), then ten per transaction (catching up).
        var hub = new PreparedSender(rpc, hubKey, chainId);
        await hub.InitAsync().ConfigureAwait(false);
        ulong height = 0;
        var singleGas = new List<ulong>();
        for (var i = 0; i < 20; i++)
        {
            var receipt = await hub.SendAsync(anchors, Anchor.EncodeCall(hubId, ++height, new[] { Root(height) })).ConfigureAwait(false);
            singleGas.Add(receipt.GasUsed);
        }

        var tenGas = new List<ulong>();
        for (var i = 0; i < 5; i++)
        {
            var roots = Enumerable.Range(1, 10).Select(k => Root(height + (ulong)k)).ToArray();
            var receipt = await hub.SendAsync(anchors, Anchor.EncodeCall(hubId, height + 1, roots)).ConfigureAwait(false);
            height += 10;
            tenGas.Add(receipt.GasUsed);
        }

        // Bills: submitted (the hub's transaction), then settled once the block is anchored (dispute window 0).
        // Bills are submitted under local ids; BillSettlement's id of each is keccak256(hubId ‖ localId).
        byte[] OnChain(byte[] local) => Keccak256.Hash([.. hubId, .. local]);
        var single = Enumerable.Range(0, bills).Select(i => BillId("single", i)).ToArray();
        var submitLatency = new List<double>();
        var submitGas = new List<ulong>();
        foreach (var id in single)
        {
            var watch = Stopwatch.StartNew();
            var receipt = await hub.SendAsync(settlement, SubmitBill.EncodeCall(hubId, BillInput(id, height, perBill))).ConfigureAwait(false);
            submitLatency.Add(watch.Elapsed.TotalMilliseconds);
            submitGas.Add(receipt.GasUsed);
        }

        var supplierBefore = await rpc.GetBalanceAsync(supplier.ChecksumAddress).ConfigureAwait(false);
        var settleLatency = new List<double>();
        var settleGas = new List<ulong>();
        foreach (var id in single)
        {
            var watch = Stopwatch.StartNew();
            var receipt = await hub.SendAsync(settlement, Settle.EncodeCall(OnChain(id))).ConfigureAwait(false);
            settleLatency.Add(watch.Elapsed.TotalMilliseconds);
            settleGas.Add(receipt.GasUsed);
        }

        // The same transaction through TransactionSender.SendAsync: nonce, gas estimate and fee history fetched per call.
        var naive = Enumerable.Range(0, Math.Min(50, bills)).Select(i => BillId("naive", i)).ToArray();
        await hubSender.SendAsync(settlement, SubmitBills.EncodeCall(hubId, naive.Select(id => BillInput(id, height, perBill)).ToArray()), BigInteger.Zero, ReceiptTimeout).ConfigureAwait(false);
        hub.Resync();
        await hub.InitAsync().ConfigureAwait(false);
        var naiveLatency = new List<double>();
        foreach (var id in naive)
        {
            var watch = Stopwatch.StartNew();
            await hubSender.SendAsync(settlement, Settle.EncodeCall(OnChain(id)), BigInteger.Zero, ReceiptTimeout).ConfigureAwait(false);
            naiveLatency.Add(watch.Elapsed.TotalMilliseconds);
        }

        await hub.InitAsync().ConfigureAwait(false);

        // Batch mode: many bills submitted in one transaction and settled in one transaction.
        var batched = Enumerable.Range(0, batch).Select(i => BillId("batch", i)).ToArray();
        var watchBatch = Stopwatch.StartNew();
        var batchSubmit = await hub.SendAsync(settlement, SubmitBills.EncodeCall(hubId, batched.Select(id => BillInput(id, height, perBill)).ToArray())).ConfigureAwait(false);
        var batchSubmitMs = watchBatch.Elapsed.TotalMilliseconds;
        watchBatch.Restart();
        var batchSettle = await hub.SendAsync(settlement, SettleMany.EncodeCall((object)batched.Select(OnChain).ToArray())).ConfigureAwait(false);
        var batchSettleMs = watchBatch.Elapsed.TotalMilliseconds;

        // cast send: the same settle(bytes32) call, one process per transaction, as a script would make it.
        var viaCast = Enumerable.Range(0, castCalls).Select(i => BillId("cast", i)).ToArray();
        await hub.SendAsync(settlement, SubmitBills.EncodeCall(hubId, viaCast.Select(id => BillInput(id, height, perBill)).ToArray())).ConfigureAwait(false);
        var castLatency = new List<double>();
        var castGas = new List<ulong>();
        var privateKey = Hex.Encode(hubKey.PrivateKeyBytes());
        foreach (var id in viaCast)
        {
            var watch = Stopwatch.StartNew();
            var output = await RunAsync(Foundry.Bin("cast"), ["send", "--json", "--rpc-url", rpcUrl, "--private-key", privateKey, settlement, "settle(bytes32)", Hex.Encode(OnChain(id))]).ConfigureAwait(false);
            castLatency.Add(watch.Elapsed.TotalMilliseconds);
            var receipt = JsonNode.Parse(output)!;
            if (receipt["status"]?.GetValue<string>() != "0x1")
            {
                throw new InvalidOperationException($"cast send settle({Hex.Encode(id)}) failed: {output}");
            }

            castGas.Add(Convert.ToUInt64(receipt["gasUsed"]!.GetValue<string>(), 16));
        }

        // Exact balances: the supplier received every settled bill, to the wei.
        var paid = await rpc.GetBalanceAsync(supplier.ChecksumAddress).ConfigureAwait(false) - supplierBefore;
        var expected = perBill * (bills + naive.Length + batch + castCalls);
        if (paid != expected)
        {
            throw new InvalidOperationException($"the supplier received {paid} wei, expected {expected} wei");
        }

        return new ChainResult(
            singleGas, tenGas, submitLatency, submitGas, settleLatency, settleGas, naiveLatency,
            batch, batchSubmit.GasUsed, batchSubmitMs, batchSettle.GasUsed, batchSettleMs,
            castLatency, castGas, paid);
    }

    private static string ToMarkdown(ChainResult r, MachineInfo machine, string anvil, string command, int bills, int batch, int castCalls)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("## Chain: anchoring and bill settlement on anvil");
        sb.AppendLine();
        sb.AppendLine(c, $"Machine: {machine}. Chain: {anvil}, automine (no block time), chain id 31337. Command: `{command}`.");
        sb.AppendLine(c, $"Run at {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC.");
        sb.AppendLine();
        sb.AppendLine("Latency is measured from building and signing the transaction to holding its receipt (our client, over");
        sb.AppendLine("HTTP JSON-RPC on loopback). \"Prepared\": the nonce counted locally, fees read once, one gas estimate per");
        sb.AppendLine("transaction and the receipt polled every 2 ms: the client's floor. \"Per-call\": nonce, estimate and fees read");
        sb.AppendLine("for every transaction and the receipt polled every 100 ms (`TransactionSender.SendAsync`); anvil mines just");
        sb.AppendLine("after answering `eth_sendRawTransaction`, so the first poll usually misses and the poll interval dominates.");
        sb.AppendLine("The hub's chain sync sends like \"per-call\" (it reads the pending nonce before every send, which keeps it");
        sb.AppendLine("idempotent across restarts) and checks receipts on its `Chain:PollSeconds` loop; it settles in batches");
        sb.AppendLine("(`settleMany`). `cast send` starts one process per transaction.");
        sb.AppendLine();
        sb.AppendLine("| what | n | p50 ms | p95 ms | gas used |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        sb.AppendLine(c, $"| settle one bill (prepared) | {bills} | {P(r.SettleLatency, 50):0.0} | {P(r.SettleLatency, 95):0.0} | {Mean(r.SettleGas):N0} |");
        sb.AppendLine(c, $"| settle one bill (per-call nonce/estimate/fees) | {r.NaiveLatency.Count} | {P(r.NaiveLatency, 50):0.0} | {P(r.NaiveLatency, 95):0.0} | same |");
        sb.AppendLine(c, $"| settle one bill with `cast send` | {castCalls} | {P(r.CastLatency, 50):0.0} | {P(r.CastLatency, 95):0.0} | {Mean(r.CastGas):N0} |");
        sb.AppendLine(c, $"| submit one bill (prepared) | {bills} | {P(r.SubmitLatency, 50):0.0} | {P(r.SubmitLatency, 95):0.0} | {Mean(r.SubmitGas):N0} |");
        sb.AppendLine(c, $"| submit {batch} bills in one transaction | 1 | {r.BatchSubmitMs:0.0} | | {r.BatchSubmitGas:N0} ({r.BatchSubmitGas / (double)batch:N0} per bill) |");
        sb.AppendLine(c, $"| settle {batch} bills in one transaction (`settleMany`) | 1 | {r.BatchSettleMs:0.0} | | {r.BatchSettleGas:N0} ({r.BatchSettleGas / (double)batch:N0} per bill) |");
        sb.AppendLine();
        var perBlockSingle = Mean(r.SingleAnchorGas.Skip(1).ToList());
        var perBlockTen = Mean(r.TenAnchorGas) / 10;
        sb.AppendLine("| anchoring | gas |");
        sb.AppendLine("| --- | ---: |");
        sb.AppendLine(c, $"| one block per transaction (first anchor of a hub: {r.SingleAnchorGas[0]:N0}) | {perBlockSingle:N0} per block |");
        sb.AppendLine(c, $"| ten blocks per transaction (catching up) | {perBlockTen:N0} per block |");
        sb.AppendLine(c, $"| per reading, 60 s blocks of a home with 5 meters at one reading per 10 s (30 readings) | {perBlockSingle / 30:N0} |");
        sb.AppendLine(c, $"| per reading, full blocks of 10,000 readings (`Hub:MaxBlockReadings`) | {perBlockSingle / 10_000:N1} |");
        sb.AppendLine();
        sb.AppendLine(c, $"Every settlement paid the supplier exactly: {r.PaidWei} wei for {bills + r.NaiveLatency.Count + batch + castCalls} bills of 0.001 ETH, checked against the balance.");
        sb.AppendLine(c, $"The seed paper quotes 0.5 s per settlement transaction; the goal was p95 under 50 ms with a batch of at least 100 bills per transaction.");
        return sb.ToString();
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static double Mean(List<ulong> values) => values.Count == 0 ? 0 : values.Average(v => (double)v);

    private static object?[] BillInput(byte[] id, ulong height, BigInteger amount) =>
        [id, height, amount, Keccak256.Hash([.. id, .. "bill"u8])];

    private static byte[] BillId(string kind, int i) => Keccak256.Hash(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}-{i}")));

    private static byte[] Root(ulong height) => Keccak256.Hash(BitConverter.GetBytes(height));

    private static async Task<Secp256k1Key> FundedKeyAsync(EthRpcClient rpc, int ether)
    {
        var key = Secp256k1Key.Generate();
        var wei = Ether * ether;
        await rpc.SendAsync("anvil_setBalance", [key.ChecksumAddress, "0x" + wei.ToString("x", CultureInfo.InvariantCulture).TrimStart('0')]).ConfigureAwait(false);
        return key;
    }

    private static byte[] Artifact(string contract) => Hex.Decode(Foundry.Artifact(contract)["bytecode"]!["object"]!.GetValue<string>());

    private static Task<string> RunAsync(string program, string[] arguments) =>
        Foundry.RunAsync(program, arguments, TimeSpan.FromMinutes(5), "bench chain:");

    /// <summary>
    /// Sends as a long-running sender does: the nonce counted locally and the fees taken once, so a transaction
    /// costs one eth_estimateGas, one eth_sendRawTransaction and the receipt polls.
    /// </summary>
    private sealed class PreparedSender(EthRpcClient rpc, Secp256k1Key key, ulong chainId)
    {
        private ulong? _nonce;
        private BigInteger _maxFee;
        private BigInteger _tip;

        public void Resync() => _nonce = null;

        public async Task InitAsync()
        {
            _nonce = await rpc.GetTransactionCountAsync(key.ChecksumAddress).ConfigureAwait(false);
            var history = await rpc.GetFeeHistoryAsync(1).ConfigureAwait(false);
            _tip = await rpc.GetMaxPriorityFeePerGasAsync().ConfigureAwait(false);
            _maxFee = (history.NextBaseFee * 2) + _tip;
        }

        public async Task<TransactionReceipt> SendAsync(string to, byte[] data)
        {
            var gas = await rpc.EstimateGasAsync(new CallRequest { From = key.ChecksumAddress, To = to, Data = data }).ConfigureAwait(false);
            var tx = new Eip1559Transaction
            {
                ChainId = chainId,
                Nonce = _nonce ?? throw new InvalidOperationException("InitAsync first"),
                GasLimit = gas + (gas / 5),
                MaxPriorityFeePerGas = _tip,
                MaxFeePerGas = _maxFee,
                To = Hex.Decode(to),
                Data = data,
            };
            var signed = tx.Sign(key);
            await rpc.SendRawTransactionAsync(signed.Raw).ConfigureAwait(false);
            _nonce++;
            var receipt = await rpc.WaitForReceiptAsync(signed.Hash, ReceiptTimeout, TimeSpan.FromMilliseconds(2)).ConfigureAwait(false);
            return receipt.Succeeded ? receipt : throw new TransactionRevertedException(receipt) { Method = "eth_sendRawTransaction" };
        }
    }

    private sealed record ChainResult(
        List<ulong> SingleAnchorGas,
        List<ulong> TenAnchorGas,
        List<double> SubmitLatency,
        List<ulong> SubmitGas,
        List<double> SettleLatency,
        List<ulong> SettleGas,
        List<double> NaiveLatency,
        int Batch,
        ulong BatchSubmitGas,
        double BatchSubmitMs,
        ulong BatchSettleGas,
        double BatchSettleMs,
        List<double> CastLatency,
        List<ulong> CastGas,
        BigInteger PaidWei);
}
