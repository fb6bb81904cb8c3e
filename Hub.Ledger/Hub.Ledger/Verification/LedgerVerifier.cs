using System.Globalization;
using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using Hub.Ledger.Retention;
using Hub.Ledger.Storage;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;

namespace Hub.Ledger.Verification;

/// <summary>
/// Re-checks the whole local ledger from the store, the way docs/ledger.md tells anyone to: each block's hash,
/// signature and link to its predecessor, each reading's leaf against its block, and each verdict re-computed
/// with the rules. The store must not be open elsewhere (the hub holds an exclusive lock on it while running).
/// </summary>
public static class LedgerVerifier
{
    /// <summary>Verifies the ledger the configuration names.</summary>
    /// <exception cref="FileNotFoundException">No store or no key file where the configuration says.</exception>
    /// <exception cref="IOException">The store is in use (the hub is running).</exception>
    public static VerifyReport Verify(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ledger = configuration.GetSection(LedgerOptions.SectionName).Get<LedgerOptions>() ?? new LedgerOptions();
        var rules = configuration.GetSection(RuleOptions.SectionName).Get<RuleOptions>() ?? new RuleOptions();
        var dataDir = ledger.DataDir ?? throw new InvalidDataException("Hub:DataDir: is missing; verify needs the hub's data folder.");
        var dataFile = Path.Combine(dataDir, LiteStore.DataFileName);
        if (!File.Exists(dataFile))
        {
            throw new FileNotFoundException($"Hub:DataDir: no ledger at {Path.GetFullPath(dataFile)}.", dataFile);
        }

        var keyPath = HubSigningKey.KeyPath(ledger, configuration);
        if (!File.Exists(keyPath))
        {
            throw new FileNotFoundException($"Chain:KeyFile: no hub key at {keyPath}; the block signatures cannot be checked without it.", keyPath);
        }

        var signer = KeyFile.Load(keyPath).Address;
        var catalog = new MeterCatalog(configuration);
        using var store = new LiteStore(dataDir, ledger.CheckpointLogMegabytes * 1024L * 1024L);
        return Verify(store, signer, rules, catalog, RetentionPolicy.From(configuration), TimeProvider.System.GetUtcNow());
    }

    /// <summary>
    /// Verifies <paramref name="store"/>. Readings missing from a block are accepted only where retention explains
    /// them (docs/ledger.md "Retention"): ids up to the store's pruned mark, in blocks that <paramref name="retention"/>
    /// allows to prune at <paramref name="now"/>; any other missing reading is reported.
    /// </summary>
    internal static VerifyReport Verify(LiteStore store, byte[] signer, RuleOptions rules, MeterCatalog catalog, RetentionPolicy? retention = null, DateTimeOffset? now = null)
    {
        var pruned = RetentionRecord.Load(store.Database);
        var prune = new PruneCheck(retention ?? new RetentionPolicy(null, false), pruned.PrunedThrough, now ?? TimeProvider.System.GetUtcNow());
        var blocks = 0L;
        var prevHash = BlockHeader.GenesisPrevHash;
        var nextId = 1L;
        foreach (var (block, leaves) in store.AllBlocks())
        {
            blocks++;
            var problem = CheckBlock(store, block, leaves, blocks, prevHash, nextId, signer, prune);
            if (problem is not null)
            {
                return new VerifyReport(false, blocks, 0, 0, problem);
            }

            prevHash = block.Hash;
            nextId = block.Header.LastReadingId + 1;
        }

        var tip = store.Tip;
        if (tip.Height != blocks || !tip.Hash.AsSpan().SequenceEqual(prevHash) || tip.SealedThrough != nextId - 1)
        {
            return new VerifyReport(false, blocks, 0, 0, Invariant(
                $"chain tip: the store records block {tip.Height} (sealed through reading {tip.SealedThrough}) as the newest, but the blocks end at {blocks} (through reading {nextId - 1}); a block was removed or added"));
        }

        return CheckReadings(store, rules, catalog, blocks, nextId - 1, pruned.Histories);
    }

    private static string? CheckBlock(LiteStore store, SealedBlock block, byte[][] leaves, long expectedHeight, byte[] prevHash, long expectedFirstId, byte[] signer, PruneCheck prune)
    {
        var h = block.Header;
        var name = Invariant($"block {h.Height}");
        if (h.Height != expectedHeight)
        {
            return Invariant($"block {expectedHeight}: missing (the next stored block is {h.Height})");
        }

        if (!h.PrevHash.AsSpan().SequenceEqual(prevHash))
        {
            return $"{name}: prevHash {Hex.Encode(h.PrevHash)} is not the hash of block {h.Height - 1} ({Hex.Encode(prevHash)}); blocks were re-ordered, replaced or removed";
        }

        if (!h.Hash().AsSpan().SequenceEqual(block.Hash))
        {
            return $"{name}: its header does not hash to its stored hash {Hex.Encode(block.Hash)}; the block was altered";
        }

        var signature = EcdsaSignature.FromBytes(block.Signature);
        var recovered = Secp256k1.Recover(block.Hash, signature);
        if (recovered is null || !Secp256k1.AddressOf(recovered).AsSpan().SequenceEqual(signer) || !Secp256k1.Verify(block.Hash, signature, recovered))
        {
            return $"{name}: the signature is not by the hub key {Secp256k1.ToChecksumAddress(signer)}";
        }

        if (h.FirstReadingId != expectedFirstId || h.LastReadingId < h.FirstReadingId || h.ReadingCount != h.LastReadingId - h.FirstReadingId + 1 || leaves.Length != h.ReadingCount)
        {
            return Invariant($"{name}: covers readings {h.FirstReadingId}–{h.LastReadingId} ({h.ReadingCount} readings, {leaves.Length} leaves) but should start at reading {expectedFirstId}");
        }

        if (!MerkleTree.RootOf(leaves).AsSpan().SequenceEqual(h.MerkleRoot))
        {
            return $"{name}: its stored leaves do not give its merkle root {Hex.Encode(h.MerkleRoot)}";
        }

        var invalid = 0;
        long firstTs = long.MaxValue, lastTs = long.MinValue;
        var expected = h.FirstReadingId;
        var anyPruned = false;
        foreach (var reading in store.ReadingsBetween(h.FirstReadingId, h.LastReadingId))
        {
            if (reading.Id != expected)
            {
                // Retention may have pruned a prefix of the ids; nothing else may be missing.
                if (!prune.Explains(block, expected, reading.Id - 1))
                {
                    return Invariant($"reading {expected}: missing from block {h.Height} (deleted from the store)");
                }

                anyPruned = true;
                expected = reading.Id;
            }

            var problem = CheckSealedReading(reading, h.Height, leaves[reading.Id - h.FirstReadingId]);
            if (problem is not null)
            {
                return problem;
            }

            invalid += reading.Valid ? 0 : 1;
            var ms = reading.Reading.Timestamp.ToUnixTimeMilliseconds();
            firstTs = Math.Min(firstTs, ms);
            lastTs = Math.Max(lastTs, ms);
            expected++;
        }

        if (expected != h.LastReadingId + 1)
        {
            if (!prune.Explains(block, expected, h.LastReadingId))
            {
                return Invariant($"reading {expected}: missing from block {h.Height} (deleted from the store)");
            }

            anyPruned = true;
        }

        // A block with pruned readings is checked by its leaves and root; its counts cannot be re-counted.
        return !anyPruned && (invalid != h.InvalidCount || firstTs != h.FirstTimestamp || lastTs != h.LastTimestamp)
            ? $"{name}: its counts or timestamps do not match its readings"
            : null;
    }

    /// <summary>Whether retention explains that the readings with ids [first, last] of a block are gone.</summary>
    private sealed record PruneCheck(RetentionPolicy Policy, long PrunedThrough, DateTimeOffset Now)
    {
        public bool Explains(SealedBlock block, long first, long last) => last <= PrunedThrough && first <= last && Policy.Allows(block, Now);
    }

    private static string? CheckSealedReading(StoredReading reading, long height, byte[] leaf)
    {
        if (reading.BlockHeight != height)
        {
            return Invariant($"reading {reading.Id}: records block {reading.BlockHeight?.ToString(CultureInfo.InvariantCulture) ?? "none"} but is sealed in block {height}");
        }

        if (!CanonicalEncoding.LeafHash(reading).AsSpan().SequenceEqual(leaf))
        {
            return Invariant($"reading {reading.Id}: does not match its leaf in block {height}; it was changed after sealing");
        }

        return reading.Valid == reading.Verdicts.All(v => v.Ok)
            ? null
            : Invariant($"reading {reading.Id}: 'valid' disagrees with its verdicts");
    }

    private static VerifyReport CheckReadings(LiteStore store, RuleOptions rules, MeterCatalog catalog, long blocks, long sealedThrough, IReadOnlyDictionary<string, MeterHistory?> prunedHistories)
    {
        var judge = new ReadingJudge(rules, catalog);
        _ = judge.Topology; // a bad Meters:N:Parent is a config error even for an empty store

        // The rules continue from each meter's history as it stood after the last pruned reading.
        foreach (var (meter, history) in prunedHistories)
        {
            judge.Seed(meter, history);
        }

        var count = 0L;
        var unsealed = 0L;
        foreach (var reading in store.AllReadings())
        {
            count++;
            if (reading.Id > sealedThrough)
            {
                unsealed++;
                if (reading.BlockHeight is not null)
                {
                    return new VerifyReport(false, blocks, count, unsealed, Invariant($"reading {reading.Id}: records block {reading.BlockHeight} but no block seals it"));
                }
            }

            var recomputed = judge.Judge(reading.Reading, reading.ReceivedAt);
            var differs = recomputed.Count != reading.Verdicts.Count || recomputed.Where((v, i) => v != reading.Verdicts[i]).Any();
            if (differs || recomputed.All(v => v.Ok) != reading.Valid)
            {
                var first = recomputed.Zip(reading.Verdicts).FirstOrDefault(p => p.First != p.Second);
                var detail = first.First is null
                    ? "a different set of rules"
                    : $"stored {first.Second.Rule} {(first.Second.Ok ? "ok" : "failed")} \"{first.Second.Detail}\", re-computed {first.First.Rule} {(first.First.Ok ? "ok" : "failed")} \"{first.First.Detail}\"";
                return new VerifyReport(false, blocks, count, unsealed, Invariant(
                    $"reading {reading.Id}: its verdicts differ from the rules re-run with the current Rules config: {detail}"));
            }

            judge.Accept(reading.Reading, reading.Valid);
        }

        return new VerifyReport(true, blocks, count, unsealed, null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
