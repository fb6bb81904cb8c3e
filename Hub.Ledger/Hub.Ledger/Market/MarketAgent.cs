using System.Globalization;
using System.Numerics;
using System.Text;
using Hub.Ledger.Chain;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Market;

/// <summary>
/// The trading agent (docs/market.md "The hub's agent"), driven by the chain sync, whose single sender it shares so
/// that nonces never race: before anchoring, <see cref="BeforeAnchorAsync"/> registers the grid meter, plans the next
/// open interval from the policy and places queued orders while their gate is open — an order that missed its gate
/// is skipped, never placed late; after anchoring, <see cref="AfterAnchorAsync"/> clears intervals whose gate closed,
/// proves the grid meter's counters over each filled interval with readings of anchored blocks, settles the trades,
/// releases the unfilled escrow and withdraws the hub key's refunds. Each call returns at most one transaction; every
/// decision is read from the chain (logs and views), so a crash or an offline spell at any point loses nothing and
/// does nothing twice.
/// </summary>
internal sealed class MarketAgent
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(10);

    /// <summary>The page's book is read at most this often: busy passes follow each other every 50 ms.</summary>
    private static readonly TimeSpan BookRefresh = TimeSpan.FromSeconds(2);
    private readonly MarketOptions _options;
    private readonly MarketStore _store;
    private readonly LedgerStore _ledger;
    private readonly EthRpcClient _rpc;
    private readonly string _market;
    private readonly byte[] _hubId;
    private readonly string _address;
    private readonly ulong _fromBlock;
    private readonly TimeProvider _time;
    private readonly MarketPrices _prices;
    private readonly byte[]? _meterId;
    private readonly string? _meterKey;
    private readonly byte[]? _meterSigner;
    private readonly MarketBoard _board;
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = [];
    private MarketParameters? _parameters;
    private bool _meterRegistered;

    /// <summary>Why the agent does not trade in a market of vouched meters (null when the vouched key fits).</summary>
    private string? _vouchedProblem;
    private long _plannedThrough = long.MinValue;
    private string? _draftKey;
    private DateTimeOffset _bookReadAt = DateTimeOffset.MinValue;

    public MarketAgent(MarketOptions options, MarketStore store, LedgerStore ledger, EthRpcClient rpc, string market, byte[] hubId, string address,
        ulong fromBlock, MeterCatalog meters, MarketPrices prices, MarketBoard board, TimeProvider time)
    {
        _options = options;
        _store = store;
        _ledger = ledger;
        _rpc = rpc;
        _market = market;
        _hubId = hubId;
        _address = address;
        _fromBlock = fromBlock;
        _prices = prices;
        _board = board;
        _time = time;
        if (!string.IsNullOrEmpty(options.Meter))
        {
            _meterId = Keccak256.Hash(Encoding.UTF8.GetBytes(options.Meter));

            // The key the registry holds for the meter: its signing key when it signs (the contract can then check
            // its signatures), else the hub's own address (any non-zero key registers a meter).
            var signer = MeterRules.From(meters.Find(options.Meter)).SignerAddress;
            _meterSigner = signer;
            _meterKey = signer is null ? address : Secp256k1.ToChecksumAddress(signer);
        }
    }

    /// <summary>Time-critical work, before anchoring: the meter's registration, planning, placing.</summary>
    public async Task<MarketDraft?> BeforeAnchorAsync(CancellationToken ct)
    {
        _draftKey = null;
        var p = await ParametersAsync(ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (_meterId is null)
        {
            return null;
        }

        if (!_meterRegistered && p.RequireVouchedMeters)
        {
            // Only the registrar registers meters in this market: the hub checks that the key it vouched for is the
            // key Meters:N:PublicKey names (readings signed by another would not count), and never registers one.
            if (Paused("vouched", now))
            {
                return null;
            }

            var vouched = (string)MarketContract.VouchedKey.DecodeOutput(await CallAsync(p.Registry, MarketContract.VouchedKey.EncodeCall(_hubId, _meterId), ct).ConfigureAwait(false))[0]!;
            _vouchedProblem = VouchedKeyProblem(vouched);
            if (_vouchedProblem is not null)
            {
                _pausedUntil["vouched"] = now + FailurePause;
                _board.Failed(now, _vouchedProblem);
                return null;
            }

            _meterRegistered = true;
        }

        if (!_meterRegistered)
        {
            var key = (string)MarketContract.MeterKey.DecodeOutput(await CallAsync(p.Registry, MarketContract.MeterKey.EncodeCall(_hubId, _meterId), ct).ConfigureAwait(false))[0]!;
            _meterRegistered = !string.Equals(key, "0x0000000000000000000000000000000000000000", StringComparison.OrdinalIgnoreCase);
            if (!_meterRegistered)
            {
                return Draft("register", p.Registry, MarketContract.SetMeterKey.EncodeCall(_hubId, _meterId, _meterKey!), 0,
                    $"register meter {_options.Meter} for trading (key {_meterKey})");
            }
        }

        await PlanAsync(p, now, ct).ConfigureAwait(false);

        foreach (var record in _store.Active().Where(r => r.State == MarketOrderRecord.Queued))
        {
            var sendBy = p.Intervals.StartOf(record.Interval) - TimeSpan.FromSeconds((double)p.GateClosure + _options.OrderLeadSeconds);
            var placed = await FindPlacedAsync(record.Interval, ct).ConfigureAwait(false);
            if (placed is { } found)
            {
                await _store.SaveAsync(record with { State = MarketOrderRecord.Placed, OrderId = found.OrderId, PlaceTx = found.Tx }, ct).ConfigureAwait(false);
                continue;
            }

            if (now >= sendBy)
            {
                var why = _board.LastFailure is { } failure ? $"; last failure: {failure}" : string.Empty;
                await _store.SaveAsync(record with
                {
                    State = MarketOrderRecord.Skipped,
                    Reason = Invariant($"not placed before {sendBy:HH:mm:ss} UTC (the gate closes {p.GateClosure} s before the interval, Market:OrderLeadSeconds {_options.OrderLeadSeconds} s before that): skipped, never placed late{why}. {record.Reason}"),
                }, ct).ConfigureAwait(false);
                continue;
            }

            if (Paused("place:" + record.Interval.ToString(CultureInfo.InvariantCulture), now))
            {
                continue;
            }

            var escrow = record.IsBid ? record.PriceWei * record.EnergyWh : BigInteger.Zero;
            return Draft("place:" + record.Interval.ToString(CultureInfo.InvariantCulture), _market,
                MarketContract.PlaceOrder.EncodeCall(_hubId, _meterId, (ulong)record.Interval, record.IsBid, record.EnergyWh, record.PriceWei), escrow,
                Invariant($"place {(record.IsBid ? "bid" : "offer")} of {record.EnergyWh} Wh for interval {record.Interval}"));
        }

        return null;
    }

    /// <summary>Clearing, proofs, settlement, releases and withdrawal, for orders whose time has come.</summary>
    public async Task<MarketDraft?> AfterAnchorAsync(long anchoredHeight, CancellationToken ct)
    {
        _draftKey = null;
        var p = await ParametersAsync(ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        await RefreshBookAsync(p, now, ct).ConfigureAwait(false);
        foreach (var active in _store.Active().Where(r => r.State != MarketOrderRecord.Queued))
        {
            var draft = await NextStepAsync(p, active, anchoredHeight, now, ct).ConfigureAwait(false);
            if (draft is not null)
            {
                return draft;
            }
        }

        var credit = (BigInteger)MarketContract.CreditOf.DecodeOutput(await CallAsync(_market, MarketContract.CreditOf.EncodeCall(_address), ct).ConfigureAwait(false))[0]!;
        if (credit > 0 && !Paused("withdraw", now))
        {
            return Draft("withdraw", _market, MarketContract.Withdraw.EncodeCall(), 0, Invariant($"withdraw {credit} wei of refunds"));
        }

        if (_vouchedProblem is not null)
        {
            // Not trading: the status keeps saying why (a pass that reached the market would otherwise clear it).
            _board.Failed(now, _vouchedProblem);
        }
        else
        {
            _board.Passed(now);
        }

        return null;
    }

    /// <summary>Why the registrar's key for the grid meter does not fit this hub's configuration, or null when it does.</summary>
    private string? VouchedKeyProblem(string vouched)
    {
        if (string.Equals(vouched, "0x0000000000000000000000000000000000000000", StringComparison.OrdinalIgnoreCase))
        {
            return $"meter {_options.Meter} is not vouched for: this market trades only meters the registrar registered (./smartmeter registrar add-meter --meter-id {_options.Meter} --public-key … with the meter's printed public key); not trading until then";
        }

        if (_meterSigner is null)
        {
            return $"meter {_options.Meter} is vouched for with key {vouched}, but hub.json gives it no Meters:N:PublicKey: set it to the meter's public key (its readings must be signed to count); not trading";
        }

        var configured = Secp256k1.ToChecksumAddress(_meterSigner);
        return string.Equals(vouched, configured, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"meter {_options.Meter}: the registrar vouched for key {vouched}, but Meters:N:PublicKey is the key of {configured}: readings it signs would not count; fix hub.json or have the registrar register the installed meter; not trading";
    }

    /// <summary>The last draft failed (would revert, was refused or reverted): leave that step alone for a while.</summary>
    public void Failed(string message)
    {
        if (_draftKey is not null)
        {
            _pausedUntil[_draftKey] = _time.GetUtcNow() + FailurePause;
        }

        if (_draftKey is "register")
        {
            _meterRegistered = false;
        }

        _board.Failed(_time.GetUtcNow(), message);
    }

    private async Task<MarketDraft?> NextStepAsync(MarketParameters p, MarketOrderRecord record, long anchoredHeight, DateTimeOffset now, CancellationToken ct)
    {
        var i = record.Interval;
        var key = i.ToString(CultureInfo.InvariantCulture);
        var start = p.Intervals.StartOf(i);
        var end = p.Intervals.EndOf(i);
        if (now < start - TimeSpan.FromSeconds(p.GateClosure) || record.OrderId is not { } orderId)
        {
            return null;
        }

        var order = await OrderAsync(orderId, ct).ConfigureAwait(false);
        if (!order.HubId.AsSpan().SequenceEqual(_hubId))
        {
            // The chain does not hold this hub's order under that id (a node whose state was reset, a market deployed
            // afresh): there is nothing to clear, prove or settle; keeping it active would retry for ever.
            await _store.SaveAsync(record with { State = MarketOrderRecord.Skipped, Reason = Invariant($"order {orderId} is not on the chain any more (was the node's state reset?); nothing to settle") }, ct).ConfigureAwait(false);
            return null;
        }

        var info = (object?[])MarketContract.IntervalInfo.DecodeOutput(await CallAsync(_market, MarketContract.IntervalInfo.EncodeCall((ulong)i), ct).ConfigureAwait(false))[0]!;
        if (info[1] is not true)
        {
            return Paused("clear:" + key, now) ? null : Draft("clear:" + key, _market, MarketContract.Clear.EncodeCall((ulong)i), 0, $"clear interval {key}");
        }

        if (record.FilledWh is null)
        {
            var trades = order.FilledWh == 0 ? [] : await TradesOfAsync(i, orderId, order, ct).ConfigureAwait(false);
            record = record with
            {
                State = order.FilledWh == 0 ? MarketOrderRecord.Placed : MarketOrderRecord.Filled,
                FilledWh = order.FilledWh,
                ClearingPriceWei = (BigInteger)info[2]!,
                Trades = trades,
                Reason = order.FilledWh == 0 ? "cleared without a match" + (record.IsBid ? "; the escrow is released" : string.Empty) : record.Reason,
            };
            await _store.SaveAsync(record, ct).ConfigureAwait(false);
        }

        if (record.IsBid && !order.Released)
        {
            return Paused("release:" + key, now) ? null : Draft("release:" + key, _market, MarketContract.ReleaseBid.EncodeCall(orderId), 0, $"release the unfilled escrow of the bid for interval {key}");
        }

        if (record.IsBid && !record.Released)
        {
            record = record with { Released = true };
            await _store.SaveAsync(record, ct).ConfigureAwait(false);
        }

        if (order.FilledWh == 0)
        {
            await _store.SaveAsync(record with { State = MarketOrderRecord.Unfilled }, ct).ConfigureAwait(false);
            return null;
        }

        if (now < end)
        {
            return null;
        }

        if (order.Proven && record.MeasuredWh is null)
        {
            record = record with { MeasuredWh = order.MeasuredWh, ProofTx = await ProofTxAsync(orderId, ct).ConfigureAwait(false) };
            await _store.SaveAsync(record, ct).ConfigureAwait(false);
        }

        if (!order.Proven && !Paused("prove:" + key, now))
        {
            var (proof, waiting) = BuildProof(p, record, start, end, anchoredHeight, now);
            if (proof is not null)
            {
                return Draft("prove:" + key, _market, MarketContract.ProveDelivery.EncodeCall(orderId, proof[0], proof[1], proof[2], proof[3]), 0,
                    $"prove the {(record.IsBid ? "import" : "export")} of meter {_options.Meter} over interval {key}");
            }

            if (waiting != record.Reason)
            {
                record = record with { Reason = waiting };
                await _store.SaveAsync(record, ct).ConfigureAwait(false);
            }
        }

        var changed = false;
        var updated = new List<MarketTradeRecord>(record.Trades.Count);
        MarketDraft? settle = null;
        foreach (var trade in record.Trades)
        {
            if (trade.Settled)
            {
                updated.Add(trade);
                continue;
            }

            var settledOnChain = (bool)MarketContract.TradeSettled.DecodeOutput(await CallAsync(_market, MarketContract.TradeSettled.EncodeCall(trade.BidId, trade.OfferId), ct).ConfigureAwait(false))[0]!;
            if (settledOnChain)
            {
                updated.Add(await SettledTradeAsync(i, trade, ct).ConfigureAwait(false));
                changed = true;
                continue;
            }

            updated.Add(trade);
            if (settle is not null)
            {
                continue;
            }

            var other = await OrderAsync(record.IsBid ? trade.OfferId : trade.BidId, ct).ConfigureAwait(false);
            var timedOut = now >= end + TimeSpan.FromSeconds(p.SettleTimeout);
            var tradeKey = Invariant($"settle:{trade.BidId}:{trade.OfferId}");
            if ((timedOut || (order.Proven && other.Proven)) && !Paused(tradeKey, now))
            {
                settle = Draft(tradeKey, _market, MarketContract.SettleTrade.EncodeCall(trade.BidId, trade.OfferId), 0, $"settle a trade of interval {key}");
            }
        }

        if (changed)
        {
            var allSettled = updated.All(t => t.Settled);
            record = record with { Trades = updated, State = allSettled ? MarketOrderRecord.Settled : record.State, Reason = allSettled ? "every trade settled" : record.Reason };
            await _store.SaveAsync(record, ct).ConfigureAwait(false);
        }

        return settle;
    }

    /// <summary>Plans the next open interval once, when the policy trades and nothing is there yet (the homeowner's own order wins).</summary>
    private async Task PlanAsync(MarketParameters p, DateTimeOffset now, CancellationToken ct)
    {
        var planning = new MarketOptions
        {
            Mode = _options.Mode,
            Meter = _options.Meter,
            IntervalSeconds = p.IntervalSeconds,
            OrderLeadSeconds = (int)p.GateClosure + _options.OrderLeadSeconds,
            LookbackIntervals = _options.LookbackIntervals,
            SellThresholdWh = _options.SellThresholdWh,
            MinSellPricePerKwh = _options.MinSellPricePerKwh,
            MaxBuyWhPerInterval = _options.MaxBuyWhPerInterval,
            MaxBuyPricePerKwh = _options.MaxBuyPricePerKwh,
        };
        var target = p.Intervals.NextOpen(now, planning.OrderLeadSeconds);
        if (_options.Mode == MarketMode.Off || target <= _plannedThrough)
        {
            return;
        }

        if (_store.Get(target) is null)
        {
            var plan = OrderPlanner.Plan(planning, History(p, now), now);
            if (plan.ForecastNetExportWh is null)
            {
                // No complete interval of the grid meter yet (a hub just started, a gap in readings): try again on the
                // next pass, until the interval's send-by time passes.
                return;
            }

            if (!plan.IsEmpty && plan.Interval == target)
            {
                var isBid = plan.BuyWh > 0;
                var pricePerKwh = isBid ? plan.MaxPricePerKwh : plan.MinPricePerKwh;
                await _store.AddAsync(new MarketOrderRecord(target, isBid, isBid ? plan.BuyWh : plan.SellWh, _prices.ToWeiPerWh(pricePerKwh, roundUp: !isBid),
                    pricePerKwh, MarketOrderRecord.Agent, MarketOrderRecord.Queued, plan.Reason, now), ct).ConfigureAwait(false);
            }
        }

        _plannedThrough = target;
    }

    /// <summary>The grid meter's valid counter readings over the lookback, oldest first.</summary>
    private List<IntervalEnergy> History(MarketParameters p, DateTimeOffset now)
    {
        var from = p.Intervals.StartOf(p.Intervals.IndexOf(now) - _options.LookbackIntervals - 1);
        var samples = new List<CounterSample>();
        string? cursor = null;
        do
        {
            var page = _ledger.Store.Page(new ReadingQuery(_options.Meter, from, now, 1000, cursor));
            samples.AddRange(page.Items
                .Where(r => r.Valid && r.Reading.EnergyImportWh is not null && r.Reading.EnergyExportWh is not null)
                .Select(r => new CounterSample(r.Reading.Timestamp, r.Reading.EnergyImportWh!.Value, r.Reading.EnergyExportWh!.Value))
                .Reverse());
            cursor = page.Next;
        }
        while (cursor is not null);

        samples.Reverse();
        var maxGap = TimeSpan.FromSeconds(Math.Max(60, p.IntervalSeconds / 3.0));
        return [.. IntervalEnergy.FromCounters(samples, p.Intervals, maxGap)];
    }

    /// <summary>
    /// The proofs of the four readings the contract takes (at the start and at the end: the meter's last reading at
    /// or before the boundary and its next reading, seq + 1, after it), or why they are not ready.
    /// </summary>
    private (object?[][]? Proof, string Waiting) BuildProof(MarketParameters p, MarketOrderRecord record, DateTimeOffset start, DateTimeOffset end, long anchoredHeight, DateTimeOffset now)
    {
        var readings = new List<StoredReading>(4);
        foreach (var at in new[] { start, end })
        {
            var (boundary, next, waiting) = BoundaryPair(p, record.IsBid, at, now);
            if (boundary is null || next is null)
            {
                return (null, waiting);
            }

            readings.Add(boundary);
            readings.Add(next);
        }

        foreach (var reading in readings)
        {
            if (reading.BlockHeight is not { } height || height > anchoredHeight)
            {
                return (null, Invariant($"waiting for reading {reading.Id} (at {reading.Reading.Timestamp:HH:mm:ss.fff}) to be sealed and anchored before proving"));
            }
        }

        object?[] Encode(StoredReading reading)
        {
            var proof = _ledger.Store.GetProof(reading.Id) ?? throw new InvalidOperationException(Invariant($"reading {reading.Id} is sealed but has no proof"));
            return [(ulong)proof.Block.Header.Height, proof.LeafEncoding, proof.Siblings.ToArray()];
        }

        return ([.. readings.Select(Encode)], string.Empty);
    }

    /// <summary>
    /// The meter's last reading at or before <paramref name="at"/> (within the reading window) and its next reading
    /// (seq + 1) after it: the pair that fixes the boundary's counter (docs/market.md "Proof of delivery"). A meter's
    /// readings arrive in order, so the pair is known once the next one is stored; until then, or when the boundary
    /// reading is unusable or the next one was lost, the reason is returned.
    /// </summary>
    private (StoredReading? Boundary, StoredReading? Next, string Waiting) BoundaryPair(MarketParameters p, bool isBid, DateTimeOffset at, DateTimeOffset now)
    {
        var window = TimeSpan.FromSeconds(p.ReadingWindow);
        var last = _ledger.Store.Page(new ReadingQuery(_options.Meter, at - window + TimeSpan.FromMilliseconds(1), at + TimeSpan.FromMilliseconds(1), 1, null)).Items;
        if (last.Count == 0)
        {
            return (null, null, now < at + window
                ? Invariant($"waiting for the readings of {_options.Meter} around {at:HH:mm:ss} UTC")
                : Invariant($"no reading of {_options.Meter} within {p.ReadingWindow} s before {at:HH:mm:ss} UTC: the delivery cannot be proven (no proof, no payment for a seller)"));
        }

        var boundary = last[0];
        if (!boundary.Valid || (isBid ? boundary.Reading.EnergyImportWh : boundary.Reading.EnergyExportWh) is null || boundary.Reading.Seq is not { } seq)
        {
            return (boundary, null, Invariant($"the last reading of {_options.Meter} before {at:HH:mm:ss} UTC (reading {boundary.Id}) is invalid, lacks the {(isBid ? "import" : "export")} counter or a seq: the delivery cannot be proven"));
        }

        // The next reading: the oldest after the boundary, read page by page (newest first) over one interval.
        StoredReading? next = null;
        string? cursor = null;
        do
        {
            var page = _ledger.Store.Page(new ReadingQuery(_options.Meter, at + TimeSpan.FromMilliseconds(1), at + TimeSpan.FromSeconds(p.IntervalSeconds), 1000, cursor));
            if (page.Items.Count > 0)
            {
                next = page.Items[0];
            }

            cursor = page.Next;
        }
        while (cursor is not null);

        if (next is null)
        {
            return (boundary, null, Invariant($"waiting for the first reading of {_options.Meter} after {at:HH:mm:ss} UTC, which fixes the last one before it"));
        }

        return next.Reading.Seq == seq + 1
            ? (boundary, next, string.Empty)
            : (boundary, null, Invariant($"the reading of {_options.Meter} after {at:HH:mm:ss} UTC has seq {next.Reading.Seq}, not {seq + 1} (a reading was lost at the boundary): the delivery cannot be proven"));
    }

    private async Task<IReadOnlyList<MarketTradeRecord>> TradesOfAsync(long interval, BigInteger orderId, ChainOrder own, CancellationToken ct)
    {
        var book = await BookAsync(interval, ct).ConfigureAwait(false);
        var trades = new List<MarketTradeRecord>();
        foreach (var other in book.Where(o => o.IsBid != own.IsBid && o.FilledWh > 0))
        {
            var from = BigInteger.Max(own.MatchedFrom, other.MatchedFrom);
            var to = BigInteger.Min(own.MatchedFrom + own.FilledWh, other.MatchedFrom + other.FilledWh);
            if (to > from)
            {
                trades.Add(own.IsBid ? new MarketTradeRecord(orderId, other.OrderId, (long)(to - from)) : new MarketTradeRecord(other.OrderId, orderId, (long)(to - from)));
            }
        }

        return trades;
    }

    private async Task<MarketTradeRecord> SettledTradeAsync(long interval, MarketTradeRecord trade, CancellationToken ct)
    {
        var logs = await LogsAsync([MarketContract.TradeSettledEvent.Topic, Word(interval), Word(trade.BidId), Word(trade.OfferId)], ct).ConfigureAwait(false);
        var log = logs.Count > 0 ? logs[0] : null;
        if (log is null)
        {
            return trade with { Settled = true };
        }

        var v = MarketContract.TradeSettledEvent.Decode(log.Topics, log.Data);
        return trade with
        {
            Settled = true,
            DeliveredWh = (long)(BigInteger)v[4]!,
            PaidWei = (BigInteger)v[5]!,
            RefundedWei = (BigInteger)v[6]!,
            SettleTx = log.TransactionHash is { } h ? Hex.Encode(h) : null,
        };
    }

    private async Task<string?> ProofTxAsync(BigInteger orderId, CancellationToken ct)
    {
        var logs = await LogsAsync([MarketContract.DeliveryProven.Topic, Word(orderId)], ct).ConfigureAwait(false);
        return logs.Count > 0 && logs[0].TransactionHash is { } h ? Hex.Encode(h) : null;
    }

    /// <summary>This hub's order for the interval on chain, from the OrderPlaced events (a placement whose receipt the hub never saw counts).</summary>
    private async Task<(BigInteger OrderId, string? Tx)?> FindPlacedAsync(long interval, CancellationToken ct)
    {
        var logs = await LogsAsync([MarketContract.OrderPlaced.Topic, Word(interval), null, _hubId], ct).ConfigureAwait(false);
        foreach (var log in logs)
        {
            var v = MarketContract.OrderPlaced.Decode(log.Topics, log.Data);
            if (((byte[])v[3]!).AsSpan().SequenceEqual(_meterId))
            {
                return ((BigInteger)v[1]!, log.TransactionHash is { } h ? Hex.Encode(h) : null);
            }
        }

        return null;
    }

    /// <summary>Every order of an interval with its fill (from OrderPlaced and OrderFilled events).</summary>
    private async Task<List<ChainOrder>> BookAsync(long interval, CancellationToken ct)
    {
        var placed = await LogsAsync([MarketContract.OrderPlaced.Topic, Word(interval)], ct).ConfigureAwait(false);
        var filled = await LogsAsync([MarketContract.OrderFilled.Topic, Word(interval)], ct).ConfigureAwait(false);
        var fills = new Dictionary<BigInteger, (long Filled, BigInteger From)>();
        foreach (var log in filled)
        {
            var v = MarketContract.OrderFilled.Decode(log.Topics, log.Data);
            fills[(BigInteger)v[1]!] = ((long)(BigInteger)v[2]!, (BigInteger)v[3]!);
        }

        var book = new List<ChainOrder>();
        foreach (var log in placed)
        {
            var v = MarketContract.OrderPlaced.Decode(log.Topics, log.Data);
            var id = (BigInteger)v[1]!;
            var fill = fills.GetValueOrDefault(id);
            book.Add(new ChainOrder(id, (byte[])v[2]!, (bool)v[4]!, (long)(BigInteger)v[5]!, (BigInteger)v[6]!, fill.Filled, fill.From, 0, false, false));
        }

        return [.. book.OrderBy(o => o.OrderId)];
    }

    /// <summary>Reads the books of the intervals around now for the market page.</summary>
    private async Task RefreshBookAsync(MarketParameters p, DateTimeOffset now, CancellationToken ct)
    {
        if (now - _bookReadAt < BookRefresh)
        {
            return;
        }

        var current = p.Intervals.IndexOf(now);
        var open = p.Intervals.NextOpen(now, (int)p.GateClosure);
        var intervals = new List<MarketBookInterval>();
        for (var i = current - 1; i <= open; i++)
        {
            var info = (object?[])MarketContract.IntervalInfo.DecodeOutput(await CallAsync(_market, MarketContract.IntervalInfo.EncodeCall((ulong)i), ct).ConfigureAwait(false))[0]!;
            var cleared = info[1] is true;
            var price = (BigInteger)info[2]!;
            var orders = (uint)(BigInteger)info[0]! == 0 ? [] : await BookAsync(i, ct).ConfigureAwait(false);
            intervals.Add(new MarketBookInterval(i, p.Intervals.StartOf(i), p.Intervals.StartOf(i) - TimeSpan.FromSeconds(p.GateClosure), cleared,
                cleared && price > 0 ? _prices.ToPricePerKwh(price) : null,
                [.. orders.Select(o => new MarketBookOrder(o.OrderId.ToString(CultureInfo.InvariantCulture), o.IsBid ? "buy" : "sell", o.EnergyWh,
                    _prices.ToPricePerKwh(o.Price), o.Price.ToString(CultureInfo.InvariantCulture), o.HubId.AsSpan().SequenceEqual(_hubId), cleared ? o.FilledWh : null))]));
        }

        _board.BookRead(new MarketBookView(now, intervals));
        _bookReadAt = now;
    }

    private async Task<ChainOrder> OrderAsync(BigInteger orderId, CancellationToken ct)
    {
        var f = (object?[])MarketContract.OrderOf.DecodeOutput(await CallAsync(_market, MarketContract.OrderOf.EncodeCall(orderId), ct).ConfigureAwait(false))[0]!;
        return new ChainOrder(orderId, (byte[])f[9]!, (bool)f[4]!, (long)(BigInteger)f[1]!, (BigInteger)f[0]!, (long)(BigInteger)f[2]!, (BigInteger)f[3]!,
            (long)(BigInteger)f[6]!, (bool)f[7]!, (bool)f[8]!);
    }

    private async Task<MarketParameters> ParametersAsync(CancellationToken ct)
    {
        if (_parameters is { } known)
        {
            return known;
        }

        async Task<ulong> U64(AbiFunction f) => (ulong)(BigInteger)f.DecodeOutput(await CallAsync(_market, f.EncodeCall(), ct).ConfigureAwait(false))[0]!;
        var length = await U64(MarketContract.IntervalLength).ConfigureAwait(false);
        if (length != (ulong)_options.IntervalSeconds)
        {
            throw new ChainSyncException(Invariant(
                $"Market:IntervalSeconds is {_options.IntervalSeconds} but the market contract {_market} delivers in intervals of {length} s; set Market:IntervalSeconds to {length}"));
        }

        var registry = (string)MarketContract.Registry.DecodeOutput(await CallAsync(_market, MarketContract.Registry.EncodeCall(), ct).ConfigureAwait(false))[0]!;
        var vouched = (bool)MarketContract.RequireVouchedMeters.DecodeOutput(await CallAsync(_market, MarketContract.RequireVouchedMeters.EncodeCall(), ct).ConfigureAwait(false))[0]!;
        _parameters = new MarketParameters((int)length, await U64(MarketContract.GateClosure).ConfigureAwait(false),
            await U64(MarketContract.ReadingWindow).ConfigureAwait(false), await U64(MarketContract.SettleTimeout).ConfigureAwait(false), registry, vouched);
        _board.Describe(_market, (int)length, (int)_parameters.GateClosure);
        return _parameters;
    }

    private MarketDraft Draft(string key, string to, byte[] data, BigInteger value, string note)
    {
        _draftKey = key;
        return new MarketDraft(to, data, value, note);
    }

    private bool Paused(string key, DateTimeOffset now) => _pausedUntil.TryGetValue(key, out var until) && now < until;

    private async Task<byte[]> CallAsync(string to, byte[] data, CancellationToken ct) =>
        await _rpc.CallAsync(new CallRequest { To = to, Data = data }, "latest", ct).ConfigureAwait(false);

    private async Task<IReadOnlyList<LogEntry>> LogsAsync(IReadOnlyList<byte[]?> topics, CancellationToken ct) =>
        [.. (await _rpc.GetLogsAsync(new LogFilter
        {
            Address = _market,
            Topics = topics,
            FromBlock = "0x" + _fromBlock.ToString("x", CultureInfo.InvariantCulture),
        }, ct).ConfigureAwait(false)).Where(l => !l.Removed)];

    private static byte[] Word(BigInteger value) => AbiCodec.Encode("uint256", value);

    private static byte[] Word(long value) => Word(new BigInteger(value));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>An order as the contract holds it.</summary>
    private sealed record ChainOrder(BigInteger OrderId, byte[] HubId, bool IsBid, long EnergyWh, BigInteger Price, long FilledWh, BigInteger MatchedFrom, long MeasuredWh, bool Proven, bool Released);

    /// <summary>The contract's immutable parameters, read once.</summary>
    private sealed record MarketParameters(int IntervalSeconds, ulong GateClosure, ulong ReadingWindow, ulong SettleTimeout, string Registry, bool RequireVouchedMeters)
    {
        public DeliveryIntervals Intervals => new(IntervalSeconds);
    }
}

/// <summary>A market transaction for the chain sync to send.</summary>
internal sealed record MarketDraft(string To, byte[] Data, BigInteger Value, string Note);
