using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>Issue 6 "What it must show": blocks sealed by the real hub are anchored on a real anvil, in order, once.</summary>
public sealed class AnchoringTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_sealed_block_is_anchored_and_the_root_on_chain_equals_the_local_root_for_every_height()
    {
        await using var scope = await ChainScope.StartAsync();
        await scope.SealAtLeastAsync(4, Wait);
        await scope.WaitAnchoredAsync(Wait);

        var blocks = await scope.BlocksAsync();
        Assert.True(blocks.Count >= 4);
        foreach (var block in blocks)
        {
            var height = block.GetProperty("height").GetInt64();
            Assert.Equal(block.GetProperty("merkleRoot").GetString(), Hex.Encode(await scope.RootOnChainAsync(height)));
            Assert.StartsWith("0x", block.GetProperty("anchorTx").GetString(), StringComparison.Ordinal);
        }

        var heights = await scope.AnchoredEventHeightsAsync();
        Assert.Equal(Enumerable.Range(1, blocks.Count).Select(h => (long)h), heights.Take(blocks.Count));
        var health = await scope.ChainHealthAsync();
        Assert.Contains(health.GetProperty("status").GetString(), new[] { "synced", "syncing" });
        Assert.Equal(scope.Deployment.HubAddress, health.GetProperty("address").GetString());

        // A reading's proof carries the anchor transaction, and the contract verifies the proof (what docs/ledger.md shows with cast).
        var reading = (await scope.Hub.AllReadingsAsync(ChainScope.MeterId))[0];
        var proof = await scope.Hub.GetJsonAsync($"/api/readings/{reading.GetProperty("id").GetInt64()}/proof");
        var anchorTx = proof.GetProperty("block").GetProperty("anchorTx").GetString();
        Assert.StartsWith("0x", anchorTx, StringComparison.Ordinal);
        var receipt = await scope.Anvil.Rpc.GetTransactionReceiptAsync(Hex.Decode(anchorTx!));
        Assert.True(receipt!.Succeeded);
        var siblings = "[" + string.Join(',', proof.GetProperty("siblings").EnumerateArray().Select(s => s.GetString())) + "]";
        var verified = await Deployment.CastAsync("call", "--rpc-url", scope.Anvil.Url, scope.Deployment.BlockAnchor,
            "verifyReading(bytes32,uint64,bytes32,bytes32[])(bool)", scope.Deployment.HubId,
            proof.GetProperty("blockHeight").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            proof.GetProperty("leaf").GetString()!, siblings);
        Assert.Equal("true", verified);
    }

    [Fact]
    public async Task Anvil_stopped_then_restarted_with_its_state_the_hub_catches_up_with_no_gap_and_no_duplicate()
    {
        var state = Path.Combine(Path.GetTempPath(), $"anvil-state-{Guid.NewGuid():N}.json");
        try
        {
            await using var scope = await ChainScope.StartAsync(["--dump-state", state]);
            await scope.SealAtLeastAsync(2, Wait);
            await scope.WaitAnchoredAsync(Wait);

            await scope.Anvil.StopAsync();
            Assert.True(File.Exists(state), "anvil wrote no state on SIGTERM");
            var before = await scope.LocalHeightAsync();
            await scope.SealAtLeastAsync(before + 3, Wait);
            await scope.Hub.EventuallyAsync(
                async () =>
                {
                    var chain = await scope.ChainHealthAsync();
                    return chain.GetProperty("status").GetString() == "offline"
                        && chain.GetProperty("behindSince").ValueKind == JsonValueKind.String
                        && chain.GetProperty("lastError").GetString()!.Contains("unreachable", StringComparison.Ordinal);
                },
                Wait,
                "/health chain offline, behind since a time, with the reason");
            Assert.Equal(200, (int)(await scope.Hub.HealthAsync()).Status); // the hub itself goes on

            await scope.Anvil.RestartAsync("--load-state", state, "--dump-state", state);
            await scope.WaitAnchoredAsync(Wait);
            var local = await scope.LocalHeightAsync();
            Assert.True(local >= before + 3);
            Assert.Equal(Enumerable.Range(1, (int)local).Select(h => (long)h), await scope.AnchoredEventHeightsAsync());
            foreach (var block in await scope.BlocksAsync())
            {
                Assert.Equal(block.GetProperty("merkleRoot").GetString(), Hex.Encode(await scope.RootOnChainAsync(block.GetProperty("height").GetInt64())));
            }

            Assert.Equal("synced", (await scope.ChainHealthAsync()).GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public async Task Hub_killed_between_signing_and_receipt_does_not_anchor_twice_after_restart()
    {
        await using var scope = await ChainScope.StartAsync();
        await scope.SealAtLeastAsync(1, Wait);
        await scope.WaitAnchoredAsync(Wait);

        // The next anchor stays in the pool: signed, recorded, broadcast, no receipt.
        await scope.Anvil.SendAsync("evm_setAutomine", JsonValue.Create(false));
        var anchored = await scope.LocalHeightAsync();
        await scope.SealAtLeastAsync(anchored + 1, Wait);
        string? pending = null;
        await scope.Hub.EventuallyAsync(
            async () =>
            {
                var chain = await scope.ChainHealthAsync();
                pending = chain.GetProperty("pendingTx").GetString();
                return pending is not null;
            },
            Wait,
            "an anchor transaction pending in anvil's pool");
        await scope.Hub.KillHardAsync();

        // Mined while the hub is dead; the restarted hub finds its receipt (or the chain's height) and sends no duplicate.
        await scope.Anvil.SendAsync("evm_mine");
        await scope.Anvil.SendAsync("evm_setAutomine", JsonValue.Create(true));
        var receipt = await scope.Anvil.Rpc.GetTransactionReceiptAsync(Hex.Decode(pending!));
        Assert.True(receipt!.Succeeded);
        await scope.RestartHubAsync();
        await scope.SealAtLeastAsync((long)await scope.AnchoredOnChainAsync() + 1, Wait);
        await scope.WaitAnchoredAsync(Wait);

        var local = await scope.LocalHeightAsync();
        Assert.Equal(Enumerable.Range(1, (int)local).Select(h => (long)h), await scope.AnchoredEventHeightsAsync());
        var blocks = await scope.BlocksAsync();
        Assert.Contains(blocks, b => b.GetProperty("anchorTx").GetString() == pending);
        Assert.All(blocks, b => Assert.Equal(JsonValueKind.String, b.GetProperty("anchorTx").ValueKind));
    }
}
