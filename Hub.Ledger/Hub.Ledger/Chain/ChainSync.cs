using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using Hub.Ledger.Evm.Transactions;

namespace Hub.Ledger.Chain;

/// <summary>
/// One pass of the chain sync (docs/config.md "Chain"): resolve the transaction in flight, then read the chain's
/// state and send the next transaction: the anchor of the next sealed blocks (several roots per transaction when
/// behind), else the submission of bills whose block is anchored, else the settlement of bills whose dispute window
/// has passed. At most one transaction is in flight, so nonces never race; each is recorded in the outbox, signed,
/// before it is broadcast, and everything is decided from the chain's state (anchoredHeight, billOf, the nonce), so a
/// crash at any point neither anchors twice nor skips.
/// </summary>
internal sealed class ChainSync
{
    private const int BillsPerRead = 100;
    private readonly ChainOptions _options;
    private readonly ChainDeployment _deployment;
    private readonly EthRpcClient _rpc;
    private readonly Secp256k1Key _key;
    private readonly ChainOutbox _outbox;
    private readonly LedgerStore _ledger;
    private readonly IBillSettlementFeed? _bills;
    private readonly TimeProvider _time;
    private readonly Market.MarketAgent? _market;
    private ulong? _disputeWindow;

    public ChainSync(ChainOptions options, ChainDeployment deployment, EthRpcClient rpc, Secp256k1Key key, ChainOutbox outbox, LedgerStore ledger, IBillSettlementFeed? bills, TimeProvider time,
        Market.MarketAgent? market = null)
    {
        _market = market;
        _options = options;
        _deployment = deployment;
        _rpc = rpc;
        _key = key;
        _outbox = outbox;
        _ledger = ledger;
        _bills = bills;
        _time = time;
        HubId = HubIds.Resolve(options.HubId, deployment);
        ExpectedChainId = options.ChainId ?? deployment.ChainId;
    }

    public byte[] HubId { get; }

    public ulong ExpectedChainId { get; }

    public string Address => _key.ChecksumAddress;

    /// <summary>The anchored height read from the chain in the last pass that reached it.</summary>
    public long? AnchoredHeight { get; private set; }

    /// <summary>The transaction waiting for its receipt after the last pass.</summary>
    public string? PendingTx { get; private set; }

    /// <summary>Runs one pass; true when it changed something (run the next pass soon), false when idle or waiting.</summary>
    public async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await PassAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcTransportException ex)
        {
            throw new ChainSyncException($"the chain node at {_rpc.Endpoint} is unreachable: {ex.Message}", ex) { Offline = true };
        }
        catch (RpcResponseException ex)
        {
            throw new ChainSyncException($"the chain node at {_rpc.Endpoint} answered garbage: {ex.Message}", ex) { Offline = true };
        }
        catch (JsonRpcErrorException ex)
        {
            throw new ChainSyncException($"the chain node refused: {ex.Message}", ex);
        }
        catch (AbiException ex)
        {
            throw new ChainSyncException($"a contract answered data that does not decode ({ex.Message}); is Chain:Contracts the deployment on this chain?", ex);
        }
    }

    private async Task<bool> PassAsync(CancellationToken ct)
    {
        await CheckChainAsync(ct).ConfigureAwait(false);
        if (_outbox.InFlight() is { } inFlight)
        {
            var settled = await ResolveAsync(inFlight, ct).ConfigureAwait(false);
            if (!settled)
            {
                return false;
            }
        }

        await CheckOperatorAsync(ct).ConfigureAwait(false);

        PendingTx = null;

        // Orders first: their gate does not wait, while anchoring can catch up a moment later.
        if (_market is not null && await SendMarketAsync(_market.BeforeAnchorAsync, ct).ConfigureAwait(false))
        {
            return true;
        }

        var anchored = (long)await CallUInt64Async(_deployment.BlockAnchor, ChainContracts.AnchoredHeight.EncodeCall(HubId), ct).ConfigureAwait(false);
        AnchoredHeight = anchored;
        var local = _ledger.Store.Tip.Height;
        if (Math.Min(anchored, local) > 0)
        {
            await CheckAnchoredRootAsync(Math.Min(anchored, local), ct).ConfigureAwait(false);
        }

        if (anchored > local)
        {
            throw new ChainSyncException(Invariant(
                $"the chain has {anchored} blocks anchored for hub {Hex.Encode(HubId)} but the local ledger has only {local}; is Hub:DataDir the hub's data, and Chain:HubId its id?"));
        }

        if (anchored < local)
        {
            await SendAnchorAsync(anchored + 1, (int)Math.Min(local - anchored, _options.MaxRootsPerTransaction), ct).ConfigureAwait(false);
            return true;
        }

        if (_market is not null && await SendMarketAsync(c => _market.AfterAnchorAsync(anchored, c), ct).ConfigureAwait(false))
        {
            return true;
        }

        return _bills is not null && await SyncBillsAsync(anchored, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the market's next transaction, if any. A market step that is refused (it would revert, the node drops
    /// it, it reverts) is the market's failure only: reported on the market's status and retried later, while
    /// anchoring and bills go on. An unreachable node is everybody's failure and is thrown.
    /// </summary>
    private async Task<bool> SendMarketAsync(Func<CancellationToken, Task<Market.MarketDraft?>> next, CancellationToken ct)
    {
        try
        {
            if (await next(ct).ConfigureAwait(false) is not { } draft)
            {
                return false;
            }

            await SendAsync(new OutboxEntry(0, OutboxEntry.Market, 0, 0, [], draft.To, draft.Data, 0, 0, 0, 0, [], [], OutboxEntry.Signed, default, null, draft.Value, draft.Note), ct).ConfigureAwait(false);
            return true;
        }
        catch (ChainSyncException ex) when (!ex.Offline)
        {
            _market!.Failed(ex.Message);
            return false;
        }
        catch (JsonRpcErrorException ex)
        {
            _market!.Failed($"the chain node refused: {ex.Message}");
            return false;
        }
        catch (AbiException ex)
        {
            _market!.Failed($"the market contract answered data that does not decode ({ex.Message}); is energyMarket in the deployment file the EnergyMarket?");
            return false;
        }
    }

    /// <summary>The node is on the expected chain and the contracts exist there.</summary>
    private async Task CheckChainAsync(CancellationToken ct)
    {
        var chainId = await _rpc.GetChainIdAsync(ct).ConfigureAwait(false);
        if (chainId != ExpectedChainId)
        {
            throw new ChainSyncException(Invariant(
                $"wrong chain: the node at {_rpc.Endpoint} is chain id {chainId}, but the hub expects {ExpectedChainId} (Chain:ChainId or the deployment file's chainId); nothing is sent to another chain"));
        }

        foreach (var (name, address) in new[] { ("blockAnchor", _deployment.BlockAnchor), ("hubRegistry", _deployment.HubRegistry) })
        {
            var code = await _rpc.SendAsync("eth_getCode", [address, "latest"], ct).ConfigureAwait(false);
            if (code.ValueKind != JsonValueKind.String || code.GetString() is not { Length: > 2 })
            {
                throw new ChainSyncException(
                    $"no contract at {name} {address} on chain {chainId}: the node's state does not hold the deployment (node restarted without its state? run ./smartmeter deploy again)");
            }
        }

    }

    /// <summary>This key may anchor for this hub (after the in-flight transaction is resolved, so that its fate is reported first).</summary>
    private async Task CheckOperatorAsync(CancellationToken ct)
    {
        var isOperator = ChainContracts.IsOperator.DecodeOutput(await _rpc.CallAsync(
            new CallRequest { To = _deployment.HubRegistry, Data = ChainContracts.IsOperator.EncodeCall(HubId, _key.ChecksumAddress) }, "latest", ct).ConfigureAwait(false));
        if (isOperator[0] is not true)
        {
            throw new ChainSyncException(
                $"the hub key {_key.ChecksumAddress} is not the registered operator of hub {Hex.Encode(HubId)} in registry {_deployment.HubRegistry}; register it (./smartmeter deploy)");
        }
    }

    private async Task CheckAnchoredRootAsync(long anchored, CancellationToken ct)
    {
        var block = _ledger.Store.GetBlock(anchored);
        var onChain = (byte[])ChainContracts.RootOf.DecodeOutput(await _rpc.CallAsync(
            new CallRequest { To = _deployment.BlockAnchor, Data = ChainContracts.RootOf.EncodeCall(HubId, (ulong)anchored) }, "latest", ct).ConfigureAwait(false))[0]!;
        if (block is not null && !onChain.AsSpan().SequenceEqual(block.Header.MerkleRoot))
        {
            throw new ChainSyncException(Invariant(
                $"block {anchored}: the root on chain {Hex.Encode(onChain)} is not the local root {Hex.Encode(block.Header.MerkleRoot)}; the local ledger and the chain disagree, nothing more is anchored (run Hub.Host verify)"));
        }

        if (block is not null && block.AnchorTx is null)
        {
            // Anchored by a transaction the store never heard back from (a crash after broadcasting, a restored
            // node): learn the transactions from the Anchored events, so the blocks show them.
            await BackfillAnchorsAsync(anchored, ct).ConfigureAwait(false);
        }
    }

    private async Task BackfillAnchorsAsync(long anchored, CancellationToken ct)
    {
        var logs = await _rpc.GetLogsAsync(new LogFilter
        {
            Address = _deployment.BlockAnchor,
            Topics = [ChainContracts.Anchored.Topic, HubId],
            FromBlock = "0x" + _deployment.FromBlock.ToString("x", CultureInfo.InvariantCulture),
        }, ct).ConfigureAwait(false);
        var anchors = new Dictionary<long, string>();
        foreach (var log in logs.Where(l => !l.Removed && l.TransactionHash is not null && ChainContracts.Anchored.Matches(l.Topics)))
        {
            var height = (long)(BigInteger)ChainContracts.Anchored.Decode(log.Topics, log.Data)[1]!;
            if (height <= anchored && _ledger.Store.GetBlock(height) is { AnchorTx: null })
            {
                anchors[height] = Hex.Encode(log.TransactionHash!);
            }
        }

        await _outbox.SetAnchorTxAsync(anchors, anchored, ct).ConfigureAwait(false);
    }

    private async Task SendAnchorAsync(long first, int count, CancellationToken ct)
    {
        var roots = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            roots[i] = (_ledger.Store.GetBlock(first + i) ?? throw new InvalidOperationException(Invariant($"block {first + i} is missing from the store"))).Header.MerkleRoot;
        }

        var data = ChainContracts.Anchor.EncodeCall(HubId, (ulong)first, roots);
        await SendAsync(new OutboxEntry(0, OutboxEntry.Anchor, first, count, [], _deployment.BlockAnchor, data, 0, 0, 0, 0, [], [], OutboxEntry.Signed, default, null), ct).ConfigureAwait(false);
    }

    /// <summary>Takes new bills from billing, then submits those whose block is anchored, then settles those past the dispute window.</summary>
    private async Task<bool> SyncBillsAsync(long anchored, CancellationToken ct)
    {
        await TakeBillsAsync(ct).ConfigureAwait(false);

        var toSubmit = new List<ChainBill>();
        var already = new Dictionary<long, string>();
        foreach (var bill in _outbox.Bills(ChainBill.New, _options.MaxBillsPerTransaction * 2).Where(b => b.BlockHeight <= anchored))
        {
            var (status, _) = await BillOnChainAsync(bill, ct).ConfigureAwait(false);
            if (status == ChainContracts.BillStatus.None)
            {
                toSubmit.Add(bill);
            }
            else
            {
                already[bill.Sequence] = ChainBill.Submitted;
            }

            if (toSubmit.Count == _options.MaxBillsPerTransaction)
            {
                break;
            }
        }

        if (already.Count > 0)
        {
            await _outbox.SetBillStatesAsync(already, "found on chain", ct).ConfigureAwait(false);
        }

        if (toSubmit.Count > 0)
        {
            // Each bill under its local id: the contract makes its id keccak256(hubId ‖ localId), which is ChainBillId.
            var inputs = toSubmit.Select(b => new object?[] { HubIds.LocalBillId(b.BillId), (ulong)b.BlockHeight, b.Amount, b.BillHash }).ToArray();
            var data = ChainContracts.SubmitBills.EncodeCall(HubId, inputs);
            await SendAsync(new OutboxEntry(0, OutboxEntry.Submit, 0, 0, [.. toSubmit.Select(b => b.Sequence)], _deployment.BillSettlement, data, 0, 0, 0, 0, [], [], OutboxEntry.Signed, default, null), ct).ConfigureAwait(false);
            return true;
        }

        var window = _disputeWindow ??= await CallUInt64Async(_deployment.BillSettlement, ChainContracts.DisputeWindow.EncodeCall(), ct).ConfigureAwait(false);
        var now = await LatestBlockTimestampAsync(ct).ConfigureAwait(false);
        var toSettle = new List<ChainBill>();
        var moved = new Dictionary<long, string>();
        foreach (var bill in _outbox.Bills(ChainBill.Submitted, _options.MaxBillsPerTransaction * 2))
        {
            var (status, submittedAt) = await BillOnChainAsync(bill, ct).ConfigureAwait(false);
            switch (status)
            {
                case ChainContracts.BillStatus.Pending when submittedAt + window <= now && bill.BlockHeight <= anchored:
                    toSettle.Add(bill);
                    break;
                case ChainContracts.BillStatus.Settled:
                    moved[bill.Sequence] = ChainBill.Settled;
                    break;
                case ChainContracts.BillStatus.Disputed:
                    moved[bill.Sequence] = ChainBill.Disputed;
                    break;
                case ChainContracts.BillStatus.Cancelled:
                    moved[bill.Sequence] = ChainBill.Cancelled;
                    break;
                case ChainContracts.BillStatus.None:
                    // The node lost the submission (restarted with another state): submit it again.
                    moved[bill.Sequence] = ChainBill.New;
                    break;
                default:
                    break;
            }

            if (toSettle.Count == _options.MaxBillsPerTransaction)
            {
                break;
            }
        }

        if (moved.Count > 0)
        {
            await _outbox.SetBillStatesAsync(moved, "read from chain", ct).ConfigureAwait(false);
        }

        if (toSettle.Count == 0)
        {
            return moved.Count > 0;
        }

        var settleData = ChainContracts.SettleMany.EncodeCall(new object?[] { toSettle.Select(b => b.ChainBillId).ToArray() });
        await SendAsync(new OutboxEntry(0, OutboxEntry.Settle, 0, 0, [.. toSettle.Select(b => b.Sequence)], _deployment.BillSettlement, settleData, 0, 0, 0, 0, [], [], OutboxEntry.Signed, default, null), ct).ConfigureAwait(false);
        return true;
    }

    private async Task TakeBillsAsync(CancellationToken ct)
    {
        var after = _outbox.BillSequence();
        var factor = _options.AmountFactor;
        while (true)
        {
            var issued = _bills!.IssuedAfter(after, BillsPerRead);
            if (issued.Count == 0)
            {
                return;
            }

            var taken = new List<ChainBill>(issued.Count);
            foreach (var bill in issued)
            {
                var skip = bill.AmountMinorUnits <= 0 ? "not settled on chain: a credit note or zero amount (the contract pays suppliers only)"
                    : _options.Currency is { } currency && !string.Equals(currency, bill.Currency, StringComparison.OrdinalIgnoreCase)
                        ? $"not settled on chain: currency {bill.Currency}, Chain:Currency is {currency}"
                        : null;
                taken.Add(new ChainBill(bill.Sequence, bill.BillId, HubIds.BillId(HubId, bill.BillId), bill.BillHash,
                    bill.AmountMinorUnits * factor, bill.LastBlockHeight, skip is null ? ChainBill.New : ChainBill.Skipped, skip));
                after = Math.Max(after, bill.Sequence);
            }

            await _outbox.TakeBillsAsync(taken, after, ct).ConfigureAwait(false);
            if (issued.Count < BillsPerRead)
            {
                return;
            }
        }
    }

    private async Task<(ChainContracts.BillStatus Status, ulong SubmittedAt)> BillOnChainAsync(ChainBill bill, CancellationToken ct)
    {
        var output = ChainContracts.BillOf.DecodeOutput(await _rpc.CallAsync(
            new CallRequest { To = _deployment.BillSettlement, Data = ChainContracts.BillOf.EncodeCall(bill.ChainBillId) }, "latest", ct).ConfigureAwait(false));
        var fields = (object?[])output[0]!;
        return ((ChainContracts.BillStatus)(int)(BigInteger)fields[3]!, (ulong)(BigInteger)fields[2]!);
    }

    /// <summary>Signs (pending nonce, estimated gas, current fees), records in the outbox, then broadcasts and briefly waits for the receipt.</summary>
    private async Task SendAsync(OutboxEntry draft, CancellationToken ct)
    {
        var nonce = await _rpc.GetTransactionCountAsync(Address, "pending", ct).ConfigureAwait(false);
        ulong gas;
        try
        {
            gas = await _rpc.EstimateGasAsync(new CallRequest { From = Address, To = draft.To, Data = draft.Data, Value = draft.Value }, ct).ConfigureAwait(false);
        }
        catch (JsonRpcErrorException ex) when (ex.RevertData is not null || ex.RpcMessage.Contains("revert", StringComparison.OrdinalIgnoreCase))
        {
            var reason = ex.RevertData is { } data ? RevertDecoder.Decode(data, [.. ChainContracts.Errors, .. Market.MarketContract.Errors]).Message : ex.RpcMessage;
            throw new ChainSyncException($"the {draft.Describe()} would revert: {reason}; nothing sent", ex);
        }

        gas += gas / 5; // the estimate is exact for the state it ran on, which may move before the transaction is mined
        var (tip, maxFee) = await FeesAsync(ct).ConfigureAwait(false);
        var balance = await _rpc.GetBalanceAsync(Address, "latest", ct).ConfigureAwait(false);
        var needed = (maxFee * gas) + draft.Value;
        if (balance < needed)
        {
            throw new ChainSyncException(Invariant(
                $"the hub key {Address} has {balance} wei, but the {draft.Describe()} may cost up to {needed} wei (gas {gas} × max fee {maxFee}, value {draft.Value}); fund it"));
        }

        var signed = Sign(draft.To, draft.Data, gas, nonce, tip, maxFee, draft.Value);
        var entry = await _outbox.RecordAsync(draft with { Gas = gas, Nonce = nonce, Tip = tip, MaxFee = maxFee, Raw = signed.Raw, Hashes = [signed.HashHex], SentAt = _time.GetUtcNow() }, ct).ConfigureAwait(false);
        PendingTx = signed.HashHex;
        await BroadcastAsync(entry, signed.Raw, ct).ConfigureAwait(false);
        await WaitBrieflyAsync(entry, ct).ConfigureAwait(false);
    }

    private async Task WaitBrieflyAsync(OutboxEntry entry, CancellationToken ct)
    {
        // A node that mines at once (anvil) gives the receipt within milliseconds; otherwise the next passes look.
        for (var i = 0; i < 10; i++)
        {
            if (await ResolveAsync(_outbox.InFlight() ?? entry, ct, replace: false).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50 * (i + 1)), _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Broadcasts; a refusal drops the entry (nothing of it can be mined) and says why, except for a replacement
    /// (<paramref name="previous"/> given): the version it was to replace is still in the pool and may be mined, so
    /// the entry goes back to that version, in flight, and is replaced again after <c>Chain:ReplaceAfterSeconds</c>.
    /// </summary>
    private async Task BroadcastAsync(OutboxEntry entry, byte[] raw, CancellationToken ct, OutboxEntry? previous = null)
    {
        try
        {
            await _rpc.SendRawTransactionAsync(raw, ct).ConfigureAwait(false);
        }
        catch (JsonRpcErrorException ex) when (IsAlreadyKnown(ex))
        {
            // The node has it already: a rebroadcast after a lost answer.
        }
        catch (JsonRpcErrorException ex) when (IsNonceTooLow(ex))
        {
            // Its nonce is used: by this very transaction (mined) or by another. The next pass reads the receipts.
        }
        catch (JsonRpcErrorException ex) when (previous is not null)
        {
            var message = $"the node refused the replacement of the {entry.Describe()} ({entry.LatestHash}): {ex.RpcMessage}; the previous version ({previous.LatestHash}) stays in flight";
            await _outbox.MarkAsync(previous with { SentAt = _time.GetUtcNow() }, OutboxEntry.Signed, message, ct).ConfigureAwait(false);
            PendingTx = previous.LatestHash;
            throw new ChainSyncException(message, ex);
        }
        catch (JsonRpcErrorException ex)
        {
            await _outbox.MarkAsync(entry, OutboxEntry.Dropped, ex.RpcMessage, ct).ConfigureAwait(false);
            PendingTx = null;
            throw new ChainSyncException($"the node refused the {entry.Describe()} ({entry.LatestHash}): {ex.RpcMessage}", ex);
        }
    }

    /// <summary>
    /// Looks for the in-flight entry's receipt (of any version); true when it is resolved (confirmed, reverted or
    /// dropped), false while it waits. A transaction the node forgot is broadcast again; one stuck longer than
    /// <c>Chain:ReplaceAfterSeconds</c> is replaced with higher fees under the same nonce.
    /// </summary>
    private async Task<bool> ResolveAsync(OutboxEntry entry, CancellationToken ct, bool replace = true)
    {
        PendingTx = entry.LatestHash;
        // The nonce first, the receipts second: a transaction mined in between is then found by its receipt.
        var mined = await _rpc.GetTransactionCountAsync(Address, "latest", ct).ConfigureAwait(false);
        foreach (var hash in entry.Hashes.Reverse())
        {
            var receipt = await _rpc.GetTransactionReceiptAsync(Hex.Decode(hash), ct).ConfigureAwait(false);
            if (receipt is null)
            {
                continue;
            }

            PendingTx = null;
            if (!receipt.Succeeded)
            {
                var message = Invariant($"the {entry.Describe()} ({hash}) reverted in block {receipt.BlockNumber}");
                await _outbox.MarkAsync(entry, OutboxEntry.Reverted, message, ct).ConfigureAwait(false);
                throw new ChainSyncException(message + "; the chain's state is read again before anything else is sent");
            }

            await ConfirmAsync(entry, hash, receipt, ct).ConfigureAwait(false);
            return true;
        }

        if (mined > entry.Nonce)
        {
            // The nonce was used by a transaction that is none of ours: nothing of this entry can be mined any more.
            await _outbox.MarkAsync(entry, OutboxEntry.Dropped, Invariant($"nonce {entry.Nonce} was used by another transaction"), ct).ConfigureAwait(false);
            PendingTx = null;
            return true;
        }

        var known = await _rpc.SendAsync("eth_getTransactionByHash", [entry.LatestHash], ct).ConfigureAwait(false);
        if (known.ValueKind == JsonValueKind.Null)
        {
            // Not in the node's pool (node restarted, or the broadcast never arrived): send the recorded bytes again.
            await BroadcastAsync(entry, entry.Raw, ct).ConfigureAwait(false);
            return false;
        }

        if (replace && _time.GetUtcNow() - entry.SentAt >= TimeSpan.FromSeconds(_options.ReplaceAfterSeconds))
        {
            await ReplaceAsync(entry, ct).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Same nonce, gas and data; both fees at least +12.5 % (geth and anvil require +10 %), and never below today's.</summary>
    private async Task ReplaceAsync(OutboxEntry entry, CancellationToken ct)
    {
        var (tip, maxFee) = await FeesAsync(ct).ConfigureAwait(false);
        var bumpedTip = BigInteger.Max(tip, Bump(entry.Tip));
        var bumpedFee = BigInteger.Max(BigInteger.Max(maxFee, Bump(entry.MaxFee)), bumpedTip);
        var signed = Sign(entry.To, entry.Data, entry.Gas, entry.Nonce, bumpedTip, bumpedFee, entry.Value);
        var replaced = await _outbox.RecordReplacementAsync(entry, signed.Raw, signed.HashHex, bumpedTip, bumpedFee, _time.GetUtcNow(), ct).ConfigureAwait(false);
        PendingTx = signed.HashHex;
        await BroadcastAsync(replaced, signed.Raw, ct, entry).ConfigureAwait(false);
    }

    private static BigInteger Bump(BigInteger fee) => fee + (fee / 8) + 1;

    private async Task ConfirmAsync(OutboxEntry entry, string hash, TransactionReceipt receipt, CancellationToken ct)
    {
        switch (entry.Kind)
        {
            case OutboxEntry.Anchor:
                await _outbox.ConfirmAnchorAsync(entry, hash, ct).ConfigureAwait(false);
                AnchoredHeight = Math.Max(AnchoredHeight ?? 0, entry.FirstHeight + entry.Count - 1);
                break;
            case OutboxEntry.Market:
                // What the market transaction did is read back from the chain (events and views) on the next pass.
                await _outbox.ConfirmAsync(entry, hash, ct).ConfigureAwait(false);
                break;
            case OutboxEntry.Submit:
                await _outbox.ConfirmBillsAsync(entry, hash, entry.Bills.ToDictionary(b => b, _ => ChainBill.Submitted), ct).ConfigureAwait(false);
                break;
            default:
                // settleMany skips what it cannot settle: only the BillSettled events say which were paid.
                var paid = receipt.Logs
                    .Where(l => ChainContracts.BillSettled.Matches(l.Topics))
                    .Select(l => (byte[])ChainContracts.BillSettled.Decode(l.Topics, l.Data)[1]!)
                    .ToList();
                var bills = _outbox.AllBills().Where(b => entry.Bills.Contains(b.Sequence) && paid.Any(p => p.AsSpan().SequenceEqual(b.ChainBillId)));
                await _outbox.ConfirmBillsAsync(entry, hash, bills.ToDictionary(b => b.Sequence, _ => ChainBill.Settled), ct).ConfigureAwait(false);
                break;
        }
    }

    private SignedTransaction Sign(string to, byte[] data, ulong gas, ulong nonce, BigInteger tip, BigInteger maxFee, BigInteger value) => new Eip1559Transaction
    {
        ChainId = ExpectedChainId,
        Nonce = nonce,
        GasLimit = gas,
        MaxPriorityFeePerGas = tip,
        MaxFeePerGas = maxFee,
        To = Hex.Decode(to),
        Value = value,
        Data = data,
    }.Sign(_key);

    private async Task<(BigInteger Tip, BigInteger MaxFee)> FeesAsync(CancellationToken ct)
    {
        var history = await _rpc.GetFeeHistoryAsync(1, "latest", null, ct).ConfigureAwait(false);
        var tip = await _rpc.GetMaxPriorityFeePerGasAsync(ct).ConfigureAwait(false);
        return (tip, (history.NextBaseFee * 2) + tip);
    }

    private async Task<ulong> CallUInt64Async(string to, byte[] data, CancellationToken ct) =>
        (ulong)(BigInteger)AbiCodec.Decode("uint64", await _rpc.CallAsync(new CallRequest { To = to, Data = data }, "latest", ct).ConfigureAwait(false))[0]!;

    private async Task<ulong> LatestBlockTimestampAsync(CancellationToken ct)
    {
        var block = await _rpc.SendAsync("eth_getBlockByNumber", ["latest", JsonValue.Create(false)], ct).ConfigureAwait(false);
        if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.String
            && ulong.TryParse(ts.GetString()![2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        throw new RpcResponseException("eth_getBlockByNumber: the latest block has no hex timestamp.") { Method = "eth_getBlockByNumber" };
    }

    private static bool IsAlreadyKnown(JsonRpcErrorException ex) =>
        ex.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("already imported", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("already exists", StringComparison.OrdinalIgnoreCase);

    private static bool IsNonceTooLow(JsonRpcErrorException ex) =>
        ex.RpcMessage.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("nonce is too low", StringComparison.OrdinalIgnoreCase);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
