using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// Issue 7, "orders not placed in time are skipped, never placed late": a real hub whose node stops answering while
/// the homeowner's order waits for its gate; when the node answers again after the gate, the order is skipped (on the
/// page, in the API, and nothing on chain), and the next order is placed as usual.
/// </summary>
public sealed class MarketSkipTests
{
    private const int IntervalSeconds = 20;
    private const int GateSeconds = 4;
    private const int LeadSeconds = 2;
    private static readonly AbiEvent OrderPlaced = AbiEvent.Parse("OrderPlaced(uint256 indexed interval, uint256 indexed orderId, bytes32 indexed hubId, bytes32 meterId, bool isBid, uint256 energyWh, uint256 price)");

    [Fact]
    public async Task An_order_that_misses_its_gate_while_the_chain_is_away_is_skipped_and_never_placed_late()
    {
        FlakyRpc? flaky = null;
        await using var scope = await ChainScope.StartAsync(
            deployArguments: ["--market-interval", "20", "--gate-closure", "4", "--reading-window", "4", "--settle-timeout", "30"],
            rpcUrl: node => (flaky = new FlakyRpc(node.Url, FlakyRpc.RpcMode.Forward)).Url,
            configure: config => config with
            {
                ExtraSections = new Dictionary<string, JsonNode>(config.ExtraSections)
                {
                    ["Market"] = new JsonObject { ["Mode"] = "Off", ["Meter"] = ChainScope.MeterId, ["IntervalSeconds"] = IntervalSeconds, ["OrderLeadSeconds"] = LeadSeconds },
                },
            });
        await using var _ = flaky!;
        var market = scope.Deployment.EnergyMarket!;
        await scope.Hub.EventuallyAsync(async () => (await StatusAsync(scope)).GetProperty("state").GetString() == "trading", TimeSpan.FromSeconds(60), "the market agent trading");

        // Leave enough time before the next gate for the POST, but the node goes away at once.
        await WaitForFreshIntervalAsync();
        flaky!.Mode = FlakyRpc.RpcMode.Hang;
        var queued = await PostAsync(scope, new { side = "sell", energyWh = 100, pricePerKwh = 0.10 });
        Assert.Equal(HttpStatusCode.Accepted, queued.Status);
        var interval = queued.Body.GetProperty("interval").GetInt64();
        Assert.Equal("queued", queued.Body.GetProperty("state").GetString());

        // A second order for the same interval: the meter trades once per interval.
        var twice = await PostAsync(scope, new { side = "buy", energyWh = 10, pricePerKwh = 0.30, interval });
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);

        // Past its gate (start − gate − lead), the chain still away: the page already says skipped.
        var sendBy = DateTimeOffset.FromUnixTimeSeconds(interval * IntervalSeconds) - TimeSpan.FromSeconds(GateSeconds + LeadSeconds);
        await WallClock.WaitUntilAsync(sendBy + TimeSpan.FromSeconds(1));
        Assert.Equal("skipped", (await OrderAsync(scope, interval)).GetProperty("state").GetString());

        // The node answers again (before the contract's own gate has closed): the agent does not send it late.
        flaky.Mode = FlakyRpc.RpcMode.Forward;
        await scope.Hub.EventuallyAsync(
            async () => (await OrderAsync(scope, interval)).GetProperty("reason").GetString()!.Contains("never placed late", StringComparison.Ordinal)
                && (await StatusAsync(scope)).GetProperty("state").GetString() == "trading",
            TimeSpan.FromSeconds(60),
            "the agent back, the order skipped");
        await WallClock.WaitUntilAsync(DateTimeOffset.FromUnixTimeSeconds(interval * IntervalSeconds) + TimeSpan.FromSeconds(1));
        Assert.Empty(await scope.Anvil.Rpc.GetLogsAsync(new LogFilter { Address = market, Topics = [OrderPlaced.Topic, AbiCodec.Encode("uint256", new BigInteger(interval))] }));
        var skipped = await OrderAsync(scope, interval);
        Assert.Equal("skipped", skipped.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("orderId").ValueKind);

        // The next order goes out as usual.
        var next = await PostAsync(scope, new { side = "sell", energyWh = 100, pricePerKwh = 0.10 });
        Assert.Equal(HttpStatusCode.Accepted, next.Status);
        var nextInterval = next.Body.GetProperty("interval").GetInt64();
        Assert.True(nextInterval > interval);
        await scope.Hub.EventuallyAsync(
            async () => (await OrderAsync(scope, nextInterval)).GetProperty("state").GetString() == "placed",
            TimeSpan.FromSeconds(60),
            "the next order placed");
        Assert.Single(await scope.Anvil.Rpc.GetLogsAsync(new LogFilter { Address = market, Topics = [OrderPlaced.Topic, AbiCodec.Encode("uint256", new BigInteger(nextInterval))] }));
    }

    private static async Task WaitForFreshIntervalAsync()
    {
        // Right after an interval starts, the next open interval's send-by time is at least ~14 s away.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var next = ((now / 1000 / IntervalSeconds) + 1) * IntervalSeconds * 1000L;
        await Task.Delay(TimeSpan.FromMilliseconds(next - now + 200));
    }

    private static async Task<JsonElement> StatusAsync(ChainScope scope) => (await scope.Hub.GetJsonAsync("/api/market/offers")).GetProperty("status");

    private static async Task<JsonElement> OrderAsync(ChainScope scope, long interval) =>
        (await scope.Hub.GetJsonAsync("/api/market/offers")).GetProperty("items").EnumerateArray().Single(o => o.GetProperty("interval").GetInt64() == interval);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(ChainScope scope, object body)
    {
        using var response = await scope.Hub.Client.PostAsJsonAsync(new Uri("/api/market/offers", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
