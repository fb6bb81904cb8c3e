using System.Globalization;
using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using Hub.Ledger.Storage;
using Microsoft.Extensions.Configuration;

namespace Hub.Ledger.Chain;

/// <summary>
/// <c>Hub.Host verify</c>'s chain part: every local block root at an anchored height equals
/// <c>BlockAnchor.rootOf(hubId, height)</c>. The store must not be open elsewhere (run it after the local checks).
/// </summary>
public static class ChainRootCheck
{
    /// <summary>The outcome; a failed outcome names the first block that differs.</summary>
    public static async Task<ChainCheckReport> CheckAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ChainOptions.SectionName).Get<ChainOptions>() ?? new ChainOptions();
        if (!options.IsConfigured)
        {
            return new ChainCheckReport(ChainCheckOutcome.NotConfigured, "Chain:RpcUrl is not set; the block roots were not checked against a chain", 0, 0);
        }

        ChainDeployment deployment;
        byte[] hubId;
        try
        {
            deployment = ChainDeployment.Load(options.Contracts ?? throw new InvalidDataException("Chain:Contracts: is missing."));
            hubId = HubIds.Resolve(options.HubId, deployment);
        }
        catch (InvalidDataException ex)
        {
            return new ChainCheckReport(ChainCheckOutcome.Unreachable, ex.Message, 0, 0);
        }

        var ledger = configuration.GetSection(LedgerOptions.SectionName).Get<LedgerOptions>() ?? new LedgerOptions();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var rpc = new EthRpcClient(http, new Uri(options.RpcUrl!), TimeSpan.FromSeconds(options.RpcTimeoutSeconds));
        try
        {
            var chainId = await rpc.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
            var expected = options.ChainId ?? deployment.ChainId;
            if (chainId != expected)
            {
                return new ChainCheckReport(ChainCheckOutcome.Unreachable, Invariant($"the node at {options.RpcUrl} is chain {chainId}, not {expected}"), 0, 0);
            }

            var anchored = (long)(BigInteger)ChainContracts.AnchoredHeight.DecodeOutput(await rpc.CallAsync(
                new CallRequest { To = deployment.BlockAnchor, Data = ChainContracts.AnchoredHeight.EncodeCall(hubId) }, "latest", cancellationToken).ConfigureAwait(false))[0]!;
            using var store = new LiteStore(ledger.DataDir!, ledger.CheckpointLogMegabytes * 1024L * 1024L);
            var local = store.Tip.Height;
            var checkedBlocks = 0L;
            for (var height = 1L; height <= Math.Min(anchored, local); height++)
            {
                var root = (byte[])ChainContracts.RootOf.DecodeOutput(await rpc.CallAsync(
                    new CallRequest { To = deployment.BlockAnchor, Data = ChainContracts.RootOf.EncodeCall(hubId, (ulong)height) }, "latest", cancellationToken).ConfigureAwait(false))[0]!;
                var block = store.GetBlock(height);
                if (block is null || !root.AsSpan().SequenceEqual(block.Header.MerkleRoot))
                {
                    return new ChainCheckReport(ChainCheckOutcome.Failed, Invariant(
                        $"block {height}: the root anchored on chain {Hex.Encode(root)} is not the local merkle root {(block is null ? "(block missing)" : Hex.Encode(block.Header.MerkleRoot))}"), anchored, checkedBlocks);
                }

                checkedBlocks++;
            }

            if (anchored > local)
            {
                return new ChainCheckReport(ChainCheckOutcome.Failed, Invariant(
                    $"block {local + 1}: anchored on chain (up to {anchored}) but missing from the local ledger, which ends at block {local}"), anchored, checkedBlocks);
            }

            return new ChainCheckReport(ChainCheckOutcome.Matches, Invariant(
                $"{checkedBlocks} anchored block roots equal rootOf on chain {chainId} ({local - checkedBlocks} blocks not anchored yet)"), anchored, checkedBlocks);
        }
        catch (EthRpcException ex)
        {
            return new ChainCheckReport(ChainCheckOutcome.Unreachable, $"the chain at {options.RpcUrl} cannot be asked: {ex.Message}", 0, 0);
        }
        catch (AbiException ex)
        {
            return new ChainCheckReport(ChainCheckOutcome.Unreachable, $"the contract at {deployment.BlockAnchor} answered undecodable data ({ex.Message}); is it deployed on this chain?", 0, 0);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
