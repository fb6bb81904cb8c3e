using System.Globalization;
using System.Numerics;
using Hub.Ledger.Billing;
using Hub.Ledger.Chain;

namespace Hub.Ledger.Market;

/// <summary>
/// <see cref="IMarketView"/>: the hub's orders and trades from its store, the book and the agent's state as the chain
/// sync last saw them, and the homeowner's own orders (validated here, placed by the agent).
/// </summary>
internal sealed class MarketBoard : IMarketView
{
    private const long MaxEnergyWh = 1L << 40;
    private const int MaxIntervalsAhead = 96;
    private readonly MarketOptions _options;
    private readonly MarketStore _store;
    private readonly IChainStatus _chain;
    private readonly Tariff? _tariff;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private MarketBookView _book = new(null, []);
    private string? _contract;
    private int _intervalSeconds;
    private int? _gateClosure;
    private string? _error;
    private DateTimeOffset? _errorAt;
    private DateTimeOffset? _lastPassAt;

    public MarketBoard(MarketOptions options, MarketStore store, IChainStatus chain, MarketPrices prices, Tariff? tariff, bool configured, TimeProvider time)
    {
        _options = options;
        _store = store;
        _chain = chain;
        Prices = prices;
        _tariff = tariff;
        IsConfigured = configured;
        _time = time;
        _intervalSeconds = options.IntervalSeconds;
    }

    /// <summary>A chain with an <c>energyMarket</c> is configured: the agent runs.</summary>
    public bool IsConfigured { get; }

    public MarketPrices Prices { get; }

    /// <summary>The last failure of a market step, for the skip reasons.</summary>
    public string? LastFailure
    {
        get
        {
            lock (_gate)
            {
                return _error;
            }
        }
    }

    public void Describe(string contract, int intervalSeconds, int gateClosure)
    {
        lock (_gate)
        {
            (_contract, _intervalSeconds, _gateClosure) = (contract, intervalSeconds, gateClosure);
        }
    }

    public void BookRead(MarketBookView book)
    {
        lock (_gate)
        {
            _book = book;
        }
    }

    public void Passed(DateTimeOffset at)
    {
        lock (_gate)
        {
            (_lastPassAt, _error, _errorAt) = (at, null, null);
        }
    }

    public void Failed(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            (_error, _errorAt) = (error, at);
        }
    }

    public MarketStatusView Status()
    {
        var now = _time.GetUtcNow();
        string? contract;
        int length;
        int? gate;
        string? error;
        DateTimeOffset? errorAt, lastPass;
        lock (_gate)
        {
            (contract, length, gate, error, errorAt, lastPass) = (_contract, _intervalSeconds, _gateClosure, _error, _errorAt, _lastPassAt);
        }

        var intervals = new DeliveryIntervals(length);
        var lead = (gate ?? 0) + _options.OrderLeadSeconds;
        var next = intervals.NextOpen(now, lead);
        var chain = _chain.Report();
        var state = !IsConfigured ? "not-configured"
            : chain.Status switch
            {
                "offline" => "offline",
                "error" => "error",
                "starting" => "starting",
                _ => contract is null ? "starting" : error is null ? "trading" : "error",
            };
        if (state is "offline" or "error" && error is null)
        {
            (error, errorAt) = (chain.LastError, chain.LastErrorAt);
        }

        return new MarketStatusView(state, _options.Mode.ToString(), _options.Meter, contract, length, gate, next, intervals.StartOf(next),
            intervals.StartOf(next) - TimeSpan.FromSeconds(lead), Currency, error, errorAt, lastPass, Totals());
    }

    public IReadOnlyList<MarketOrderView> Orders(long? beforeInterval, int limit) =>
        !_store.IsOpen ? [] : [.. _store.List(beforeInterval, limit).Select(ToView)];

    public IReadOnlyList<MarketTradeView> Trades(long? beforeInterval, int limit)
    {
        if (!_store.IsOpen)
        {
            return [];
        }

        var trades = new List<MarketTradeView>();
        long? before = beforeInterval;
        while (trades.Count < limit)
        {
            var page = _store.List(before, 50);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var record in page)
            {
                trades.AddRange(record.Trades.Select(t => ToView(record, t)));
            }

            before = page[^1].Interval;
        }

        return [.. trades.Take(limit)];
    }

    public MarketBookView Book()
    {
        lock (_gate)
        {
            return _book;
        }
    }

    public async Task<MarketOrderView> RequestOrderAsync(MarketOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var isBid = request.Side switch
        {
            "buy" => true,
            "sell" => false,
            _ => throw new MarketRequestException($"side: '{request.Side}' is not an order side; use \"sell\" (offer the grid meter's export) or \"buy\" (bid for its import)."),
        };
        if (request.EnergyWh is < 1 or > MaxEnergyWh)
        {
            throw new MarketRequestException(Invariant($"energyWh: {request.EnergyWh} must be a whole number of Wh from 1 to {MaxEnergyWh}."));
        }

        if (request.PricePerKwh <= 0 || request.PricePerKwh > 1_000_000)
        {
            throw new MarketRequestException(Invariant($"pricePerKwh: {request.PricePerKwh} must be above 0 (and at most 1000000) {Currency} per kWh."));
        }

        var status = Status();
        var interval = request.Interval ?? status.NextInterval;
        if (interval < status.NextInterval)
        {
            var intervals = new DeliveryIntervals(status.IntervalSeconds);
            throw new MarketRequestException(Invariant(
                $"interval: orders for interval {interval} (starting {intervals.StartOf(interval):yyyy-MM-dd HH:mm:ss} UTC) can no longer be sent before its gate closes; the next open interval is {status.NextInterval} (starting {status.NextIntervalStart:HH:mm:ss} UTC)."));
        }

        if (interval > status.NextInterval + MaxIntervalsAhead)
        {
            throw new MarketRequestException(Invariant($"interval: {interval} is too far ahead; orders are taken for the next {MaxIntervalsAhead} intervals (up to {status.NextInterval + MaxIntervalsAhead})."));
        }

        var price = Prices.ToWeiPerWh(request.PricePerKwh, roundUp: !isBid);
        if (price.IsZero)
        {
            throw new MarketRequestException(Invariant($"pricePerKwh: {request.PricePerKwh} is below the smallest price on chain (1 wei per Wh)."));
        }

        if (!IsConfigured)
        {
            throw new MarketRequestException("the market is not configured: the hub needs Chain:RpcUrl and a deployment file (Chain:Contracts) with an energyMarket (./smartmeter deploy).") { IsConflict = true };
        }

        if (string.IsNullOrEmpty(_options.Meter))
        {
            throw new MarketRequestException("the market needs Market:Meter, the meter at the grid connection whose counters prove what is sold or bought.") { IsConflict = true };
        }

        var record = new MarketOrderRecord(interval, isBid, request.EnergyWh, price, request.PricePerKwh, MarketOrderRecord.Homeowner, MarketOrderRecord.Queued,
            "the homeowner's order", _time.GetUtcNow());
        if (!await _store.AddAsync(record, cancellationToken).ConfigureAwait(false))
        {
            var existing = _store.Get(interval)!;
            throw new MarketRequestException(Invariant(
                $"interval {interval} already has an order of this hub ({(existing.IsBid ? "buy" : "sell")} {existing.EnergyWh} Wh, {existing.State}); the meter trades once per interval.")) { IsConflict = true };
        }

        return ToView(record);
    }

    private string Currency => _tariff?.Currency ?? "EUR";

    private MarketTotalsView Totals()
    {
        if (!_store.IsOpen)
        {
            return new MarketTotalsView(0, 0, _tariff is null ? null : 0, 0, 0, _tariff is null ? null : 0);
        }

        long sold = 0, bought = 0;
        BigInteger earned = 0, paid = 0;
        decimal earnedAtExport = 0, paidAtTariff = 0;
        foreach (var record in _store.WithTrades())
        {
            foreach (var trade in record.Trades.Where(t => t.Settled && t.DeliveredWh is not null))
            {
                var kwh = trade.DeliveredWh!.Value / 1000m;
                if (record.IsBid)
                {
                    bought += trade.DeliveredWh.Value;
                    paid += trade.PaidWei ?? 0;
                    paidAtTariff += kwh * (ImportPriceAt(record.Interval) ?? 0);
                }
                else
                {
                    sold += trade.DeliveredWh.Value;
                    earned += trade.PaidWei ?? 0;
                    earnedAtExport += kwh * (_tariff?.ExportPricePerKwh ?? 0);
                }
            }
        }

        return new MarketTotalsView(sold, Prices.ToAmount(earned), _tariff is null ? null : earnedAtExport, bought, Prices.ToAmount(paid), _tariff is null ? null : paidAtTariff);
    }

    private decimal? ImportPriceAt(long interval)
    {
        if (_tariff is null)
        {
            return null;
        }

        var start = new DeliveryIntervals(_intervalSeconds).StartOf(interval);
        return _tariff.Bands[_tariff.BandAt(_tariff.ToLocal(start))].PricePerKwh;
    }

    private MarketOrderView ToView(MarketOrderRecord r)
    {
        var intervals = new DeliveryIntervals(_intervalSeconds);
        var state = r.State;
        var reason = r.Reason;
        int? gate;
        lock (_gate)
        {
            gate = _gateClosure;
        }

        var sendBy = intervals.StartOf(r.Interval) - TimeSpan.FromSeconds((gate ?? 0) + _options.OrderLeadSeconds);
        if (state == MarketOrderRecord.Queued && _time.GetUtcNow() >= sendBy)
        {
            // The agent marks it on its next pass; until then (the chain away) the page already tells the truth.
            (state, reason) = (MarketOrderRecord.Skipped, Invariant($"not placed before {sendBy:HH:mm:ss} UTC: skipped, never placed late. {reason}"));
        }
        return new MarketOrderView(r.Interval, intervals.StartOf(r.Interval), intervals.EndOf(r.Interval), r.IsBid ? "buy" : "sell", r.EnergyWh, r.PricePerKwh,
            r.PriceWei.ToString(CultureInfo.InvariantCulture), r.Origin, state, reason, r.OrderId?.ToString(CultureInfo.InvariantCulture), r.PlaceTx, r.FilledWh,
            r.ClearingPriceWei is { } c && r.FilledWh > 0 ? Prices.ToPricePerKwh(c) : null, r.MeasuredWh, r.ProofTx);
    }

    private MarketTradeView ToView(MarketOrderRecord r, MarketTradeRecord t)
    {
        var intervals = new DeliveryIntervals(_intervalSeconds);
        var price = r.ClearingPriceWei ?? 0;
        var amount = t.PaidWei is { } paid ? Prices.ToAmount(paid) : (decimal?)null;
        var tariffPrice = r.IsBid ? ImportPriceAt(r.Interval) : _tariff?.ExportPricePerKwh;
        decimal? versus = null;
        if (tariffPrice is { } tp && amount is { } a && t.DeliveredWh is { } delivered)
        {
            var atTariff = delivered / 1000m * tp;
            versus = r.IsBid ? atTariff - a : a - atTariff;
        }

        return new MarketTradeView(r.Interval, intervals.StartOf(r.Interval), r.IsBid ? "buy" : "sell", t.BidId.ToString(CultureInfo.InvariantCulture),
            t.OfferId.ToString(CultureInfo.InvariantCulture), t.EnergyWh, Prices.ToPricePerKwh(price), price.ToString(CultureInfo.InvariantCulture), t.Settled,
            t.DeliveredWh, amount, tariffPrice, versus, t.SettleTx);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
