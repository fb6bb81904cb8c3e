using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// Issue 6 "Bad input": an RPC that returns errors, garbage or hangs; a wrong chain id; an unfunded key; a reverted
/// transaction. Each time: a clear /health error, the hub keeps storing and sealing, nothing is lost (it catches up
/// once the cause is gone), no crash.
/// </summary>
public sealed class BadInputTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(FlakyRpc.RpcMode.Error, "error", "backend database is corrupt")]
    [InlineData(FlakyRpc.RpcMode.Garbage, "offline", "answered garbage")]
    [InlineData(FlakyRpc.RpcMode.Hang, "offline", "did not answer within 2 s")]
    public async Task A_bad_rpc_endpoint_is_reported_the_hub_goes_on_and_catches_up_once_it_answers(FlakyRpc.RpcMode mode, string status, string reason)
    {
        FlakyRpc? rpc = null;
        try
        {
            await using var scope = await ChainScope.StartAsync(rpcUrl: anvil => (rpc = new FlakyRpc(anvil.Url, mode)).Url);
            await scope.SealAtLeastAsync(2, Wait);
            await ExpectChainErrorAsync(scope, status, reason);
            Assert.Equal(0UL, await scope.AnchoredOnChainAsync());
            Assert.True(rpc!.Requests > 0);

            rpc.Mode = FlakyRpc.RpcMode.Forward;
            await scope.WaitAnchoredAsync(Wait);
            // Every height once, none skipped. The hub seals on (a block a second), so the events are compared with
            // themselves, not with a local height read a moment later (one more block may be sealed and anchored by then).
            var heights = await scope.AnchoredEventHeightsAsync();
            Assert.True(heights.Count >= 2, $"{heights.Count} heights anchored");
            Assert.Equal(Enumerable.Range(1, heights.Count).Select(h => (long)h), heights);
        }
        finally
        {
            if (rpc is not null)
            {
                await rpc.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_wrong_chain_id_sends_nothing_and_says_so()
    {
        await using var scope = await ChainScope.StartAsync(chain: c => c["ChainId"] = 1);
        await scope.SealAtLeastAsync(1, Wait);
        await ExpectChainErrorAsync(scope, "error", "wrong chain: the node at");
        Assert.Equal(0UL, await scope.AnchoredOnChainAsync());
        Assert.Empty(await scope.AnchoredEventHeightsAsync());
    }

    [Fact]
    public async Task An_unfunded_key_is_reported_and_anchoring_resumes_once_it_is_funded()
    {
        await using var scope = await ChainScope.StartAsync(deployArguments: ["--fund-hub", "0"]);
        await scope.SealAtLeastAsync(2, Wait);
        await ExpectChainErrorAsync(scope, "error", "fund it");
        Assert.Equal(0UL, await scope.AnchoredOnChainAsync());

        await scope.Anvil.SendAsync("anvil_setBalance", JsonValue.Create(scope.Deployment.HubAddress), JsonValue.Create("0xde0b6b3a7640000"));
        await scope.WaitAnchoredAsync(Wait);
        Assert.Equal(Enumerable.Range(1, (int)await scope.LocalHeightAsync()).Select(h => (long)h), await scope.AnchoredEventHeightsAsync());
    }

    [Fact]
    public async Task A_transaction_reverted_on_chain_is_reported_and_the_hub_goes_on()
    {
        await using var scope = await ChainScope.StartAsync();
        await scope.SealAtLeastAsync(1, Wait);
        await scope.WaitAnchoredAsync(Wait);

        // The next anchor waits in the pool; the registry's owner deactivates the hub with a higher tip, so the
        // deactivation is mined first in the same block and the anchor reverts with NotOperator.
        await scope.Anvil.SendAsync("evm_setAutomine", JsonValue.Create(false));
        var anchored = await scope.LocalHeightAsync();
        await scope.SealAtLeastAsync(anchored + 1, Wait);
        await scope.Hub.EventuallyAsync(
            async () => (await scope.ChainHealthAsync()).GetProperty("pendingTx").ValueKind == JsonValueKind.String,
            Wait,
            "an anchor pending in the pool");
        await Deployment.CastAsync("send", "--async", "--rpc-url", scope.Anvil.Url, "--private-key", Deployment.DeployerKey,
            "--priority-gas-price", "100gwei", "--gas-price", "200gwei", scope.Deployment.HubRegistry, "deactivate(bytes32)", scope.Deployment.HubId);
        await scope.Anvil.SendAsync("evm_mine");
        await scope.Anvil.SendAsync("evm_setAutomine", JsonValue.Create(true));

        await scope.Hub.Process.WaitForLineAsync(l => l.Contains("reverted in block", StringComparison.Ordinal), Wait);
        await ExpectChainErrorAsync(scope, "error", "is not the registered operator");
        Assert.Equal((ulong)anchored, await scope.AnchoredOnChainAsync());
        var stored = await scope.Hub.StoredReadingsAsync();
        await scope.PublishAsync(1);
        await scope.Hub.EventuallyAsync(async () => await scope.Hub.StoredReadingsAsync() > stored, Wait, "the hub still stores readings");
    }

    /// <summary>/health says the chain's trouble in words while the hub stays healthy and goes on sealing.</summary>
    private static async Task ExpectChainErrorAsync(ChainScope scope, string status, string reason)
    {
        string? seen = null;
        await scope.Hub.EventuallyAsync(
            async () =>
            {
                var chain = await scope.ChainHealthAsync();
                seen = chain.GetRawText();
                return chain.GetProperty("status").GetString() == status
                    && chain.GetProperty("lastError").GetString() is { } error && error.Contains(reason, StringComparison.Ordinal)
                    && chain.GetProperty("behindSince").ValueKind == JsonValueKind.String;
            },
            Wait,
            $"/health chain '{status}' with '{reason}'");
        var (httpStatus, body) = await scope.Hub.HealthAsync();
        Assert.True((int)httpStatus == 200, body.GetRawText());
        Assert.False(scope.Hub.Process.HasExited);
        // Sealing goes on: /health's localHeight follows (the store's tip is set just after the block's commit, so
        // it may trail /api/blocks for a moment).
        var height = await scope.LocalHeightAsync();
        await scope.SealAtLeastAsync(height + 1, Wait);
        await scope.Hub.EventuallyAsync(async () => (await scope.ChainHealthAsync()).GetProperty("localHeight").GetInt64() > height, Wait, $"/health localHeight beyond {height} (was: {seen})");
    }
}
