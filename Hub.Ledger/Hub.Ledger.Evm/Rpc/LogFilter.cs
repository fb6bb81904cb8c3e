namespace Hub.Ledger.Evm.Rpc;

/// <summary>The filter of eth_getLogs. Blocks are quantities or tags ("earliest", "latest"…).</summary>
public sealed record LogFilter
{
    public string? Address { get; init; }

    /// <summary>Per position: the topic to match, or null for any.</summary>
    public IReadOnlyList<byte[]?> Topics { get; init; } = [];

    public string FromBlock { get; init; } = "earliest";

    public string ToBlock { get; init; } = "latest";
}
