using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using Hub.Plugins.Abstractions;
using SmartMeter.Peers;
using Xunit.Abstractions;

namespace Chain.Tests;

/// <summary>
/// Issue 7 end to end: three Hub.Host processes on one anvil with the contracts of <c>./smartmeter deploy</c>
/// (<c>--join</c> for the neighbours), each with a grid meter publishing real readings over MQTT. The seller's agent
/// offers its surplus, the buyers' agents bid for their shortfall, the agents clear, prove and settle. The test
/// recomputes every settlement from the hubs' own readings (the contract's rules, independently) and checks the
/// money to the wei: paid, refunded, released, credited. One interval the seller's meter exports nothing (not paid,
/// buyers refunded); one interval a buyer's hub is down (the others trade on, its trade settles after the timeout).
/// The market takes only registrar-vouched meters (issue 16): each meter signs its readings with its own key, which the
/// registrar registers with <c>./smartmeter registrar add-meter</c>; every proof is the meter's signed readings at the
/// boundaries, each with the meter's next reading after it.
/// </summary>
public sealed class MarketEndToEndTests(ITestOutputHelper output)
{
    private const int IntervalSeconds = 20;
    private const int GateSeconds = 4;
    /// <summary>
    /// A boundary reading may lie up to 8 s before the boundary: the meters publish every second and wait for each
    /// PUBACK (an fsync on the hub), so on a loaded machine a few seconds can pass without a reading; with 4 s a
    /// stall at a boundary could leave a side unable to prove.
    /// </summary>
    private const int WindowSeconds = 8;
    private const int SettleTimeoutSeconds = 30;
    private const string Meter = "grid";
    private const double SellerExportWhPerSecond = 10;
    private const double BuyerImportWhPerSecond = 5;

    /// <summary>anvil's dev accounts 5 and 6: the buyers' homeowners.</summary>
    private const string HomeownerA = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
    private const string HomeownerB = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";

    private static readonly AbiEvent OrderPlaced = AbiEvent.Parse("OrderPlaced(uint256 indexed interval, uint256 indexed orderId, bytes32 indexed hubId, bytes32 meterId, bool isBid, uint256 energyWh, uint256 price)");
    private static readonly AbiEvent IntervalCleared = AbiEvent.Parse("IntervalCleared(uint256 indexed interval, uint256 price, uint256 matchedWh, uint256 orders)");
    private static readonly AbiEvent OrderFilled = AbiEvent.Parse("OrderFilled(uint256 indexed interval, uint256 indexed orderId, uint256 filledWh, uint256 matchedFrom)");
    private static readonly AbiEvent DeliveryProven = AbiEvent.Parse("DeliveryProven(uint256 indexed orderId, uint256 measuredWh)");
    private static readonly AbiEvent TradeSettled = AbiEvent.Parse("TradeSettled(uint256 indexed interval, uint256 indexed bidId, uint256 indexed offerId, uint256 energyWh, uint256 deliveredWh, uint256 paid, uint256 refunded)");
    private static readonly AbiEvent BidReleased = AbiEvent.Parse("BidReleased(uint256 indexed orderId, uint256 refunded)");
    private static readonly AbiEvent Withdrawn = AbiEvent.Parse("Withdrawn(address indexed to, uint256 amount)");
    private static readonly AbiFunction CreditOf = AbiFunction.Parse("creditOf(address)", "uint256");
    private static readonly AbiFunction VouchedKey = AbiFunction.Parse("vouchedKey(bytes32,bytes32)", "address");

    [Fact]
    public async Task Three_hubs_trade_surplus_settle_on_metered_delivery_with_exact_balances_through_a_dark_seller_and_a_hub_outage()
    {
        using var directory = TestDirectory.Create("market");
        await using var anvil = await AnvilNode.StartAsync();
        var seller = await Deployment.RunAsync(anvil, directory.Path,
            "--market-interval", Text(IntervalSeconds), "--gate-closure", Text(GateSeconds), "--reading-window", Text(WindowSeconds),
            "--settle-timeout", Text(SettleTimeoutSeconds), "--max-orders", "100", "--max-orders-per-hub", "3", "--require-vouched-meters");
        Assert.NotNull(seller.EnergyMarket);
        var buyerA = await Deployment.JoinAsync(anvil, seller, directory.Path, "buyer-a", "--homeowner", HomeownerA);
        var buyerB = await Deployment.JoinAsync(anvil, seller, directory.Path, "buyer-b", "--homeowner", HomeownerB);
        var market = seller.EnergyMarket!;

        // The installer's step: each meter prints its public key, the registrar (the deployer here) vouches for it.
        var meterKeys = new[] { Secp256k1Key.Generate(), Secp256k1Key.Generate(), Secp256k1Key.Generate() };
        var names = new[] { "test-hub", "buyer-a", "buyer-b" };
        for (var i = 0; i < names.Length; i++)
        {
            await using var registrar = Deployment.StartScript(["registrar", "add-meter", "--rpc-url", anvil.Url, "--deployment", seller.File, "--hub-id", names[i],
                "--meter-id", Meter, "--public-key", Hex.Encode(meterKeys[i].PublicKey), "--connection-point", "EAN-" + names[i]]);
            var code = await registrar.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(code == 0, $"./smartmeter registrar add-meter exited {code}:\n{registrar.Log}");
        }

        foreach (var (deployment, key) in new[] { (seller, meterKeys[0]), (buyerA, meterKeys[1]), (buyerB, meterKeys[2]) })
        {
            var vouched = (string)VouchedKey.DecodeOutput(await anvil.Rpc.CallAsync(new CallRequest
            {
                To = seller.HubRegistry,
                Data = VouchedKey.EncodeCall(Hex.Decode(deployment.HubId), Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(Meter))),
            }))[0]!;
            Assert.Equal(key.ChecksumAddress, vouched, StringComparer.OrdinalIgnoreCase);
        }

        // The seller's meter goes dark (exports nothing) for one interval, chosen once trading has begun.
        var darkInterval = long.MaxValue;
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        double DarkSeconds(double t)
        {
            var dark = Interlocked.Read(ref darkInterval);
            if (dark == long.MaxValue)
            {
                return 0;
            }

            // Dark from a reading window before the interval: the contract's start reading lies in that window, so
            // the proven delta (reading to reading) is 0 — the meter really exported nothing over the interval.
            var from = ((double)dark * IntervalSeconds) - WindowSeconds;
            var to = (double)(dark + 1) * IntervalSeconds;
            return Math.Clamp(t, from, to) - from;
        }

        // The three hubs start together (each its own process), as neighbours' hubs would.
        var starting = new[]
        {
            TradingHub.StartAsync(directory, anvil, "seller", seller, "Sell", t => (0, SellerExportWhPerSecond * (t - t0 - DarkSeconds(t))), meterKeys[0]),
            TradingHub.StartAsync(directory, anvil, "buyer-a", buyerA, "Buy", t => (BuyerImportWhPerSecond * (t - t0), 0), meterKeys[1]),
            TradingHub.StartAsync(directory, anvil, "buyer-b", buyerB, "Buy", t => (BuyerImportWhPerSecond * (t - t0), 0), meterKeys[2]),
        };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }

            throw;
        }

        await using var s = await starting[0];
        await using var a = await starting[1];
        await using var b = await starting[2];
        TradingHub[] hubs = [s, a, b];

        // Trading begins: the first interval in which all three hubs have an order on chain.
        var first = 0L;
        await s.Hub.EventuallyAsync(
            async () =>
            {
                var placed = new List<HashSet<long>>();
                foreach (var hub in hubs)
                {
                    placed.Add([.. (await hub.OrdersAsync()).Where(o => o.GetProperty("orderId").ValueKind == JsonValueKind.String).Select(o => o.GetProperty("interval").GetInt64())]);
                }

                var common = placed[0].Where(i => placed[1].Contains(i) && placed[2].Contains(i)).Order().ToList();
                first = common.Count > 0 ? common[0] : 0;
                return first > 0;
            },
            TimeSpan.FromMinutes(3),
            "all three hubs placing orders");
        // The next interval whose dark stretch (from a reading window before its start) still lies ahead: the
        // seller's meter exports nothing over it. Chosen late (a slow poll under load), the stretch would begin in
        // the past, the simulated export counter would step back, and the readings after it would be invalid for
        // a while — the seller could then not prove the intervals after the dark one either.
        var chosenAt = DateTimeOffset.UtcNow;
        var darkOne = first + 1;
        while (Start(darkOne) - TimeSpan.FromSeconds(WindowSeconds) < chosenAt + TimeSpan.FromSeconds(2))
        {
            darkOne++;
        }

        Interlocked.Exchange(ref darkInterval, darkOne);
        var outage = darkOne + 1; // buyer-b's hub is down from just before this interval until just after its end
        var last = outage + 2;
        output.WriteLine($"trading from interval {first} ({Start(first):O}); at {chosenAt:O} chose dark {darkOne}, outage {outage}, last {last}");
        await WallClock.WaitUntilAsync(Start(outage) - TimeSpan.FromSeconds(1));
        await b.StopAsync();
        await WallClock.WaitUntilAsync(Start(outage + 1) + TimeSpan.FromSeconds(2));
        await b.RestartAsync(directory);

        // Everything of intervals first..last is done on every hub: settled, unfilled or skipped.
        await s.Hub.EventuallyAsync(
            async () =>
            {
                foreach (var hub in hubs)
                {
                    var open = (await hub.OrdersAsync()).Where(o => o.GetProperty("interval").GetInt64() is var i && i >= first && i <= last)
                        .Where(o => o.GetProperty("state").GetString() is not ("settled" or "unfilled" or "skipped")).ToList();
                    if (open.Count > 0)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromMinutes(4),
            "every order of the traded intervals settled");

        // ---- The chain's record, from the events.
        var rpc = anvil.Rpc;
        var snapshot = await rpc.GetBlockNumberAsync();
        var block = "0x" + snapshot.ToString("x", CultureInfo.InvariantCulture);
        async Task<IReadOnlyList<LogEntry>> Logs(AbiEvent e, params byte[]?[] more) =>
            await rpc.GetLogsAsync(new LogFilter { Address = market, Topics = [e.Topic, .. more], ToBlock = block });

        var orders = new Dictionary<BigInteger, (long Interval, byte[] HubId, bool IsBid, BigInteger Energy, BigInteger Price)>();
        foreach (var log in await Logs(OrderPlaced))
        {
            var v = OrderPlaced.Decode(log.Topics, log.Data);
            orders[(BigInteger)v[1]!] = ((long)(BigInteger)v[0]!, (byte[])v[2]!, (bool)v[4]!, (BigInteger)v[5]!, (BigInteger)v[6]!);
        }

        var prices = (await Logs(IntervalCleared)).Select(l => IntervalCleared.Decode(l.Topics, l.Data)).ToDictionary(v => (long)(BigInteger)v[0]!, v => (BigInteger)v[1]!);
        var fills = (await Logs(OrderFilled)).Select(l => OrderFilled.Decode(l.Topics, l.Data)).ToDictionary(v => (BigInteger)v[1]!, v => ((BigInteger)v[2]!, (BigInteger)v[3]!));
        var measured = (await Logs(DeliveryProven)).Select(l => DeliveryProven.Decode(l.Topics, l.Data)).ToDictionary(v => (BigInteger)v[0]!, v => (BigInteger)v[1]!);
        var settled = (await Logs(TradeSettled)).Select(l => TradeSettled.Decode(l.Topics, l.Data)).ToDictionary(v => ((BigInteger)v[1]!, (BigInteger)v[2]!), v => v);
        var released = (await Logs(BidReleased)).Select(l => BidReleased.Decode(l.Topics, l.Data)).ToDictionary(v => (BigInteger)v[0]!, v => (BigInteger)v[1]!);
        var hubOf = hubs.ToDictionary(h => h.Deployment.HubId.ToLowerInvariant());
        TradingHub Owner(BigInteger orderId) => hubOf[Hex.Encode(orders[orderId].HubId).ToLowerInvariant()];

        // ---- Every proven delta is the hub's own readings' delta (the contract's boundary rule, recomputed here).
        foreach (var (orderId, delta) in measured.Where(m => orders[m.Key].Interval >= first && orders[m.Key].Interval <= last))
        {
            var order = orders[orderId];
            var readings = await Owner(orderId).Hub.AllReadingsAsync(Meter);
            var counter = order.IsBid ? "energyImportWh" : "energyExportWh";
            Assert.Equal(Floor(Boundary(readings, Start(order.Interval + 1), counter)) - Floor(Boundary(readings, Start(order.Interval), counter)), delta);
        }

        // ---- Every trade of the traded intervals: settled once, exactly as the rules say.
        var trades = 0;
        var bidsChecked = 0;
        for (var interval = first; interval <= last; interval++)
        {
            var price = prices[interval];
            var ofInterval = orders.Where(o => o.Value.Interval == interval).ToList();
            var bids = ofInterval.Where(o => o.Value.IsBid).Select(o => o.Key).ToList();
            var offers = ofInterval.Where(o => !o.Value.IsBid).Select(o => o.Key).ToList();
            foreach (var bid in bids)
            {
                var paidAndRefunded = BigInteger.Zero;
                foreach (var offer in offers)
                {
                    var energy = Overlap(fills, bid, offer);
                    if (energy == 0)
                    {
                        continue;
                    }

                    trades++;
                    var sellerShare = measured.TryGetValue(offer, out var sold) ? energy * BigInteger.Min(sold, fills[offer].Item1) / fills[offer].Item1 : 0;
                    var buyerShare = measured.TryGetValue(bid, out var taken) ? energy * BigInteger.Min(taken, fills[bid].Item1) / fills[bid].Item1 : energy;
                    var delivered = BigInteger.Min(sellerShare, buyerShare);
                    var v = settled[(bid, offer)];
                    Assert.Equal(energy, (BigInteger)v[3]!);
                    Assert.Equal(delivered, (BigInteger)v[4]!);
                    Assert.Equal(delivered * price, (BigInteger)v[5]!);
                    Assert.Equal((energy * orders[bid].Price) - (delivered * price), (BigInteger)v[6]!);
                    paidAndRefunded += (BigInteger)v[5]! + (BigInteger)v[6]!;

                    if (interval == darkOne)
                    {
                        // The dark interval: the seller's meter exported nothing; nothing is paid, the buyer gets it all back.
                        Assert.Equal(BigInteger.Zero, (BigInteger)v[5]!);
                        Assert.Equal(energy * orders[bid].Price, (BigInteger)v[6]!);
                    }
                    else if ((interval != outage && interval != outage + 1) || Owner(bid) != b)
                    {
                        // Everyone delivered in full: both sides proved it, and the buyer pays the uniform price for every Wh.
                        if (!measured.ContainsKey(bid) || !measured.ContainsKey(offer))
                        {
                            var unproven = measured.ContainsKey(bid) ? offer : bid;
                            var record = (await Owner(unproven).OrdersAsync()).Single(o => o.GetProperty("interval").GetInt64() == interval);
                            Assert.Fail($"interval {interval}: order {unproven} of {Owner(unproven)} was not proven: {record}\n{Owner(unproven).Hub.Log}");
                        }

                        Assert.True(energy == delivered, $"interval {interval}: bid {bid} / offer {offer}: {delivered} of {energy} Wh delivered (proven: bid {taken}, offer {sold})");
                    }
                }

                // The bid's escrow is accounted for to the wei: trades (paid + refunded) plus the released rest.
                Assert.True(released.ContainsKey(bid), $"bid {bid} released");
                Assert.Equal(orders[bid].Energy * orders[bid].Price, paidAndRefunded + released[bid]);
                bidsChecked++;
            }
        }

        Assert.True(trades >= 7, $"{trades} trades in intervals {first}..{last}");
        output.WriteLine($"{trades} trades, {bidsChecked} bids checked");

        // ---- The dark interval: the seller proved 0 Wh of export.
        var darkOffer = orders.Single(o => o.Value.Interval == darkOne && !o.Value.IsBid).Key;
        Assert.Equal(BigInteger.Zero, measured[darkOffer]);

        // ---- The outage: buyer-b's hub was down over the boundary between the outage interval and the next, so it could
        // prove neither (its trades settled after the timeout, the buyer deemed to have taken everything); the seller
        // and buyer-a traded both intervals in full, proven and settled without waiting for the timeout.
        foreach (var interval in new[] { outage, outage + 1 })
        {
            var ofB = settled.Values.Where(v => (long)(BigInteger)v[0]! == interval && Owner((BigInteger)v[1]!) == b).ToList();
            Assert.All(ofB, v => Assert.False(measured.ContainsKey((BigInteger)v[1]!), $"buyer-b proved interval {interval} without readings?"));
            var ofA = settled.Values.Where(v => (long)(BigInteger)v[0]! == interval && Owner((BigInteger)v[1]!) == a).ToList();
            Assert.NotEmpty(ofA);
            foreach (var v in ofA)
            {
                var at = await BlockTimeOfAsync(rpc, market, TradeSettled, (BigInteger)v[1]!, (BigInteger)v[2]!, block);
                Assert.True(at < Start(interval + 1) + TimeSpan.FromSeconds(SettleTimeoutSeconds), $"interval {interval}: buyer-a's trade settled at {at:O}, not held up by buyer-b");
            }
        }

        // ---- The money: the seller's homeowner is credited exactly what its trades paid; the buyer keys' refunds and
        // releases went back to them (withdrawn by their agents, or still credited).
        var paidToSeller = settled.Values.Where(v => Owner((BigInteger)v[2]!) == s).Aggregate(BigInteger.Zero, (sum, v) => sum + (BigInteger)v[5]!);
        Assert.Equal(paidToSeller, await CreditAsync(rpc, market, seller.Homeowner, block));
        foreach (var buyer in new[] { a, b })
        {
            var owed = settled.Values.Where(v => Owner((BigInteger)v[1]!) == buyer).Aggregate(BigInteger.Zero, (sum, v) => sum + (BigInteger)v[6]!)
                + released.Where(r => Owner(r.Key) == buyer).Aggregate(BigInteger.Zero, (sum, r) => sum + r.Value);
            var withdrawn = (await Logs(Withdrawn, Hex.Decode("000000000000000000000000" + buyer.Deployment.HubAddress[2..])))
                .Aggregate(BigInteger.Zero, (sum, l) => sum + (BigInteger)Withdrawn.Decode(l.Topics, l.Data)[1]!);
            Assert.Equal(owed, withdrawn + await CreditAsync(rpc, market, buyer.Deployment.HubAddress, block));
        }

        // ---- The homeowner withdraws: the coins arrive, to the wei.
        var before = await rpc.GetBalanceAsync(seller.Homeowner);
        var credit = await CreditAsync(rpc, market, seller.Homeowner, "latest");
        var receipt = JsonDocument.Parse(await Deployment.CastAsync("send", "--json", "--rpc-url", anvil.Url, "--private-key", Deployment.HomeownerKey, market, "withdraw()")).RootElement;
        var gas = Big(receipt.GetProperty("gasUsed").GetString()!) * Big(receipt.GetProperty("effectiveGasPrice").GetString()!);
        Assert.Equal(before + credit - gas, await rpc.GetBalanceAsync(seller.Homeowner));
        Assert.True(credit > 0);

        // ---- What the homeowners see: each hub's trades as on chain, amounts in the currency.
        foreach (var hub in hubs)
        {
            var listed = (await hub.Hub.GetJsonAsync("/api/market/trades?limit=500")).GetProperty("items").EnumerateArray()
                .Where(t => t.GetProperty("interval").GetInt64() is var i && i >= first && i <= last).ToList();
            Assert.NotEmpty(listed);
            foreach (var t in listed)
            {
                var v = settled[(Big(t.GetProperty("bidId").GetString()!), Big(t.GetProperty("offerId").GetString()!))];
                Assert.True(t.GetProperty("settled").GetBoolean());
                Assert.Equal((long)(BigInteger)v[4]!, t.GetProperty("deliveredWh").GetInt64());
                var wei = (BigInteger)v[5]!;
                Assert.Equal((decimal)wei / 1e16m / 100m, t.GetProperty("amount").GetDecimal()); // Chain:AmountPerMinorUnit 10^16, EUR
            }
        }
    }

    private static async Task<DateTimeOffset> BlockTimeOfAsync(EthRpcClient rpc, string market, AbiEvent e, BigInteger bid, BigInteger offer, string toBlock)
    {
        var word = (BigInteger x) => AbiCodec.Encode("uint256", x);
        var log = (await rpc.GetLogsAsync(new LogFilter { Address = market, Topics = [e.Topic, null, word(bid), word(offer)], ToBlock = toBlock })).Single();
        var header = await rpc.SendAsync("eth_getBlockByNumber", ["0x" + log.BlockNumber!.Value.ToString("x", CultureInfo.InvariantCulture), JsonValue.Create(false)]);
        return DateTimeOffset.FromUnixTimeSeconds((long)Big(header.GetProperty("timestamp").GetString()!));
    }

    private static async Task<BigInteger> CreditAsync(EthRpcClient rpc, string market, string who, string block) =>
        (BigInteger)CreditOf.DecodeOutput(await rpc.CallAsync(new CallRequest { To = market, Data = CreditOf.EncodeCall(who) }, block))[0]!;

    /// <summary>
    /// The counter of the boundary reading as the contract fixes it: the meter's last reading at or before the
    /// boundary (within the window, valid), whose next reading (seq + 1) lies after the boundary.
    /// </summary>
    private static double Boundary(IReadOnlyList<JsonElement> readings, DateTimeOffset boundary, string counter)
    {
        var all = readings
            .Select(r => (At: DateTimeOffset.Parse(r.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture), Seq: r.GetProperty("seq").GetUInt64(),
                Valid: r.GetProperty("valid").GetBoolean(), Value: r.GetProperty(counter).GetDouble()))
            .ToList();
        var reading = all.Where(r => r.At <= boundary).MaxBy(r => r.At);
        Assert.True(reading.At > boundary - TimeSpan.FromSeconds(WindowSeconds) && reading.Valid, $"the boundary reading at {boundary:O}: {reading}");
        Assert.Contains(all, r => r.Seq == reading.Seq + 1 && r.At > boundary);
        return reading.Value;
    }

    private static BigInteger Floor(double wh) => new(Math.Floor(wh));

    private static BigInteger Overlap(Dictionary<BigInteger, (BigInteger Filled, BigInteger From)> fills, BigInteger bid, BigInteger offer)
    {
        if (!fills.TryGetValue(bid, out var b) || !fills.TryGetValue(offer, out var o))
        {
            return 0;
        }

        var from = BigInteger.Max(b.From, o.From);
        var to = BigInteger.Min(b.From + b.Filled, o.From + o.Filled);
        return to > from ? to - from : 0;
    }

    private static DateTimeOffset Start(long interval) => DateTimeOffset.FromUnixTimeSeconds(interval * IntervalSeconds);

    private static BigInteger Big(string text) => text.StartsWith("0x", StringComparison.Ordinal)
        ? BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
        : BigInteger.Parse(text, CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
