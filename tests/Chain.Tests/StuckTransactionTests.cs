using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Chain;
using Hub.Ledger.Crypto;
using Hub.Ledger.Storage;

namespace Chain.Tests;

/// <summary>
/// Issue 6: "a transaction stuck in the pool is replaced with a higher fee", and a restart in the middle of it
/// neither anchors twice nor skips. The anchor gets stuck for real: anvil's automine is off, so the hub's transaction
/// sits in anvil's pool (seen with <c>txpool_content</c>) until the test mines a block.
/// </summary>
public sealed class StuckTransactionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stuck_anchor_is_replaced_with_same_nonce_and_higher_fees_and_after_kill_9_the_mined_old_version_is_found_without_duplicate_or_gap()
    {
        // Chain:ReplaceAfterSeconds = 1: the hub replaces a transaction without receipt after one second.
        await using var scope = await ChainScope.StartAsync(chain: c => c["ReplaceAfterSeconds"] = 1);
        await scope.SealAtLeastAsync(1, Wait);
        await scope.WaitAnchoredAsync(Wait);
        var address = scope.Deployment.HubAddress;
        var nonce = await scope.Anvil.Rpc.GetTransactionCountAsync(address, "latest");

        // Nothing is mined any more: the next anchor stays in the pool.
        await scope.Anvil.SendAsync("evm_setAutomine", JsonValue.Create(false));
        var anchoredBefore = await scope.LocalHeightAsync();
        await scope.SealAtLeastAsync(anchoredBefore + 1, Wait);

        // Three versions seen in the pool, one after the other, always one transaction of the hub, same nonce, fees up.
        var versions = new List<PooledTx>();
        var mostInPool = 0;
        await scope.Hub.EventuallyAsync(
            async () =>
            {
                var pool = await PoolAsync(scope, address);
                mostInPool = Math.Max(mostInPool, pool.Count);
                if (pool.Count == 1 && (versions.Count == 0 || versions[^1].Hash != pool[0].Hash))
                {
                    versions.Add(pool[0]);
                }

                return versions.Count >= 3;
            },
            Wait,
            "the stuck anchor replaced twice in anvil's pool");
        Assert.Equal(1, mostInPool); // one transaction in flight, never a second nonce
        // Replaced, not added: anvil's pool no longer holds the first version.
        Assert.Equal(JsonValueKind.Null, (await scope.Anvil.SendAsync("eth_getRawTransactionByHash", JsonValue.Create(versions[0].Hash))).ValueKind);
        Assert.All(versions, v => Assert.Equal(nonce, v.Nonce));
        for (var i = 1; i < versions.Count; i++)
        {
            // +12.5 % on both fees (anvil itself would take +10 %).
            Assert.True(versions[i].MaxFee * 8 >= versions[i - 1].MaxFee * 9, $"maxFeePerGas {versions[i].MaxFee} after {versions[i - 1].MaxFee}");
            Assert.True(versions[i].Tip * 8 >= versions[i - 1].Tip * 9, $"maxPriorityFeePerGas {versions[i].Tip} after {versions[i - 1].Tip}");
            Assert.Equal(versions[0].Input, versions[i].Input);
            Assert.Equal(versions[0].Gas, versions[i].Gas);
        }

        // kill -9 while a replacement is pending.
        await scope.Hub.KillHardAsync();
        var pooled = Assert.Single(await PoolAsync(scope, address));

        // The outbox recorded every version it signed (before broadcasting it), oldest first, still in flight.
        var entry = Assert.Single(ReadOutbox(scope), e => e.State == OutboxEntry.Signed);
        Assert.Equal(nonce, entry.Nonce);
        Assert.Equal(versions.Select(v => v.Hash), entry.Hashes.Where(h => versions.Any(v => v.Hash == h)));
        Assert.Equal(versions[0].Hash, entry.Hashes[0]);
        Assert.Contains(pooled.Hash, entry.Hashes);
        Assert.True(entry.MaxFee >= pooled.MaxFee);

        // While the hub is dead the FIRST (cheapest, replaced) version is the one mined: the pool's newest version
        // is dropped and the first one re-sent (its bytes are the anchor as the hub signed it first).
        var first = versions[0];
        await scope.Anvil.SendAsync("anvil_dropTransaction", JsonValue.Create(pooled.Hash));
        await scope.Anvil.SendAsync("eth_sendRawTransaction", JsonValue.Create(first.Raw));
        await scope.Anvil.SendAsync("evm_mine");
        await scope.Anvil.SendAsync("evm_setAutomine", JsonValue.Create(true));
        Assert.True((await scope.Anvil.Rpc.GetTransactionReceiptAsync(Hex.Decode(first.Hash)))!.Succeeded);

        // The restarted hub re-checks the receipts of every version, finds the first one, and goes on with nonce + 1.
        await scope.RestartHubAsync();
        await scope.SealAtLeastAsync((long)await scope.AnchoredOnChainAsync() + 1, Wait);
        await scope.WaitAnchoredAsync(Wait);

        var local = await scope.LocalHeightAsync();
        Assert.Equal(Enumerable.Range(1, (int)local).Select(h => (long)h), await scope.AnchoredEventHeightsAsync());
        var blocks = await scope.BlocksAsync();
        Assert.Equal(first.Hash, blocks.Single(b => b.GetProperty("height").GetInt64() == anchoredBefore + 1).GetProperty("anchorTx").GetString());
        Assert.All(blocks, b => Assert.Equal(JsonValueKind.String, b.GetProperty("anchorTx").ValueKind));

        await scope.Hub.TerminateAsync();
        var outbox = ReadOutbox(scope);
        Assert.All(outbox, e => Assert.Equal(OutboxEntry.Confirmed, e.State));
        var stuck = outbox.Single(e => e.Id == entry.Id);
        Assert.Equal(first.Hash, stuck.Hashes[^1]); // the mined version
        var mined = 0;
        foreach (var hash in stuck.Hashes)
        {
            mined += await scope.Anvil.Rpc.GetTransactionReceiptAsync(Hex.Decode(hash)) is null ? 0 : 1;
        }

        Assert.Equal(1, mined); // exactly one of the versions
        Assert.All(outbox.Where(e => e.Id > entry.Id), e => Assert.True(e.Nonce > nonce));
    }

    [Fact]
    public async Task Replacement_refused_by_the_node_keeps_the_pooled_version_in_flight_and_sends_no_second_transaction()
    {
        await using var scope = await ChainScope.StartAsync(chain: c => c["ReplaceAfterSeconds"] = 1);
        await scope.SealAtLeastAsync(1, Wait);
        await scope.WaitAnchoredAsync(Wait);
        var address = scope.Deployment.HubAddress;
        var nonce = await scope.Anvil.Rpc.GetTransactionCountAsync(address, "latest");
        await scope.Anvil.SendAsync("evm_setAutomine", JsonValue.Create(false));
        await scope.SealAtLeastAsync(await scope.LocalHeightAsync() + 1, Wait);

        // The hub's balance is made just enough for the pooled version: anvil refuses any costlier replacement
        // ("insufficient funds"), while the pooled version can still be mined.
        PooledTx? pooled = null;
        await scope.Hub.EventuallyAsync(
            async () =>
            {
                var before = await PoolAsync(scope, address);
                if (before.Count != 1)
                {
                    return false;
                }

                await scope.Anvil.SendAsync("anvil_setBalance", JsonValue.Create(address), JsonValue.Create(Quantity(before[0].MaxFee * before[0].Gas)));
                var after = await PoolAsync(scope, address);
                pooled = after.Count == 1 && after[0].Hash == before[0].Hash ? after[0] : null;
                return pooled is not null;
            },
            Wait,
            "the anchor in the pool and the balance set to its cost");
        await scope.Hub.EventuallyAsync(
            async () => (await ChainHealthAsync(scope)).LastError?.Contains("refused the replacement", StringComparison.Ordinal) == true,
            Wait,
            "/health chain lastError: the replacement refused");

        // For a few seconds (several replacement attempts): the pooled version stays the hub's one transaction in flight.
        var until = TimeProvider.System.GetUtcNow().AddSeconds(3);
        while (TimeProvider.System.GetUtcNow() < until)
        {
            Assert.Equal(pooled!.Hash, Assert.Single(await PoolAsync(scope, address)).Hash);
            Assert.Equal(pooled.Hash, (await ChainHealthAsync(scope)).PendingTx);
            await Task.Delay(200);
        }

        // Funded again: the next replacement is accepted (same nonce, higher fees), and one version is mined.
        await scope.Anvil.SendAsync("anvil_setBalance", JsonValue.Create(address), JsonValue.Create(Quantity(BigInteger.Pow(10, 19))));
        PooledTx? replacement = null;
        await scope.Hub.EventuallyAsync(
            async () =>
            {
                replacement = (await PoolAsync(scope, address)).SingleOrDefault(t => t.Hash != pooled!.Hash);
                return replacement is not null;
            },
            Wait,
            "the replacement in the pool once the hub is funded");
        Assert.Equal(nonce, replacement!.Nonce);
        Assert.True(replacement.MaxFee * 8 >= pooled!.MaxFee * 9);
        await scope.Anvil.SendAsync("evm_mine");
        await scope.Anvil.SendAsync("evm_setAutomine", JsonValue.Create(true));
        await scope.SealAtLeastAsync((long)await scope.AnchoredOnChainAsync() + 1, Wait);
        await scope.WaitAnchoredAsync(Wait);

        var local = await scope.LocalHeightAsync();
        Assert.Equal(Enumerable.Range(1, (int)local).Select(h => (long)h), await scope.AnchoredEventHeightsAsync());
        await scope.Hub.TerminateAsync();
        Assert.All(ReadOutbox(scope), e => Assert.Equal(OutboxEntry.Confirmed, e.State)); // nothing dropped, nothing reverted
    }

    private static async Task<(string? PendingTx, string? LastError)> ChainHealthAsync(ChainScope scope)
    {
        var chain = await scope.ChainHealthAsync();
        return (chain.GetProperty("pendingTx").GetString(), chain.GetProperty("lastError").GetString());
    }

    private static string Quantity(BigInteger value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0') is { Length: > 2 } hex ? hex : "0x0";

    private sealed record PooledTx(string Hash, ulong Nonce, BigInteger MaxFee, BigInteger Tip, ulong Gas, string Input, string Raw);

    /// <summary>The hub's pending transactions in anvil's pool (txpool_content), with their raw bytes.</summary>
    private static async Task<IReadOnlyList<PooledTx>> PoolAsync(ChainScope scope, string address)
    {
        var content = await scope.Anvil.SendAsync("txpool_content");
        var found = new List<PooledTx>();
        foreach (var sender in content.GetProperty("pending").EnumerateObject().Where(p => string.Equals(p.Name, address, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var tx in sender.Value.EnumerateObject().Select(p => p.Value))
            {
                var hash = tx.GetProperty("hash").GetString()!;
                var raw = (await scope.Anvil.SendAsync("eth_getRawTransactionByHash", JsonValue.Create(hash))).GetString();
                if (raw is null)
                {
                    continue; // replaced between the two calls
                }

                found.Add(new PooledTx(hash, (ulong)Quantity(tx, "nonce"), Quantity(tx, "maxFeePerGas"), Quantity(tx, "maxPriorityFeePerGas"),
                    (ulong)Quantity(tx, "gas"), tx.GetProperty("input").GetString()!, raw));
            }
        }

        return found;
    }

    private static BigInteger Quantity(JsonElement tx, string name) =>
        BigInteger.Parse("0" + tx.GetProperty(name).GetString()![2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>The chain outbox as the hub left it on disk (read from a copy, the hub being stopped or dead).</summary>
    private static IReadOnlyList<(long Id, ulong Nonce, IReadOnlyList<string> Hashes, BigInteger MaxFee, string State)> ReadOutbox(ChainScope scope)
    {
        var copy = scope.Directory.CreateSubdirectory("outbox-" + Guid.NewGuid().ToString("N"));
        foreach (var name in new[] { LiteStore.DataFileName, LiteStore.LogFileName })
        {
            var source = scope.Directory.Combine("data", name);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(copy, name));
            }
        }

        using var store = new LiteStore(copy, 1 << 20);
        return [.. store.Database.GetCollection(ChainOutbox.Collection).FindAll()
            .Select(d => (d["_id"].AsInt64, (ulong)d["nonce"].AsInt64, (IReadOnlyList<string>)[.. d["hashes"].AsArray.Select(h => h.AsString)],
                BigInteger.Parse(d["maxFee"].AsString, CultureInfo.InvariantCulture), d["state"].AsString))
            .OrderBy(e => e.Item1)];
    }
}
