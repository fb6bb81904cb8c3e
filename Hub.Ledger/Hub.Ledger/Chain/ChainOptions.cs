using System.Globalization;
using System.Numerics;

namespace Hub.Ledger.Chain;

/// <summary>
/// The <c>Chain</c> section of <c>hub.json</c> (docs/config.md "Chain"). Without <see cref="RpcUrl"/> the hub does
/// not talk to any chain and <c>/health</c> says <c>not-configured</c>; <see cref="KeyFile"/> alone only names the
/// key that signs blocks.
/// </summary>
public sealed class ChainOptions
{
    public const string SectionName = "Chain";

    /// <summary>The node's JSON-RPC endpoint, e.g. <c>http://127.0.0.1:8545</c>.</summary>
    public string? RpcUrl { get; set; }

    /// <summary>The chain id the node must report; default: the deployment file's <c>chainId</c>.</summary>
    public ulong? ChainId { get; set; }

    /// <summary>The hub's key (signs blocks and transactions); default <c>hub.key</c> in <c>Hub:DataDir</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The deployment file <c>./smartmeter deploy</c> writes: contract addresses, chain id, hub id.</summary>
    public string? Contracts { get; set; }

    /// <summary>The hub's id in the registry: 0x and 64 hex digits, or a name hashed with keccak256 (as <c>cast keccak NAME</c>); default: the deployment file's <c>hubId</c>.</summary>
    public string? HubId { get; set; }

    /// <summary>Seconds between sync passes when there is nothing to send.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>How long one JSON-RPC call may take.</summary>
    public double RpcTimeoutSeconds { get; set; } = 10;

    /// <summary>A transaction without receipt after this long is replaced (same nonce, fees +12.5 %).</summary>
    public double ReplaceAfterSeconds { get; set; } = 60;

    /// <summary>The back-off after failures doubles from <see cref="PollSeconds"/> up to this.</summary>
    public double MaxBackoffSeconds { get; set; } = 300;

    /// <summary>Block roots per anchor transaction at most (catching up after being offline).</summary>
    public int MaxRootsPerTransaction { get; set; } = 64;

    /// <summary>Bills per submitBills/settleMany transaction at most.</summary>
    public int MaxBillsPerTransaction { get; set; } = 100;

    /// <summary>
    /// The contract's units (wei of the native coin, or the ERC-20's smallest unit) per minor unit of the bill's
    /// currency (a cent), as a decimal integer. Default 10^16: one currency unit = 10^18 = one token with 18 decimals.
    /// </summary>
    public string AmountPerMinorUnit { get; set; } = "10000000000000000";

    /// <summary>Only bills in this ISO 4217 currency are settled on chain; null settles every currency at the same rate.</summary>
    public string? Currency { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(RpcUrl);

    /// <summary><see cref="AmountPerMinorUnit"/> parsed.</summary>
    public BigInteger AmountFactor => BigInteger.Parse(AmountPerMinorUnit, NumberStyles.None, CultureInfo.InvariantCulture);
}
