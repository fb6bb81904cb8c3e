using System.Numerics;

namespace Hub.Ledger.Evm.Rpc;

/// <summary>The transaction object of eth_call and eth_estimateGas; addresses as 0x hex.</summary>
public sealed record CallRequest
{
    public string? From { get; init; }

    /// <summary>Null to estimate a contract creation.</summary>
    public string? To { get; init; }

    public byte[]? Data { get; init; }

    public BigInteger? Value { get; init; }

    public ulong? Gas { get; init; }
}
