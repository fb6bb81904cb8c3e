using System.Numerics;

namespace Hub.Ledger.Evm.Rpc;

/// <summary>A mined transaction's receipt. <see cref="Succeeded"/> is the EIP-658 status.</summary>
public sealed record TransactionReceipt(
    byte[] TransactionHash,
    ulong BlockNumber,
    byte[] BlockHash,
    bool Succeeded,
    ulong GasUsed,
    BigInteger EffectiveGasPrice,
    string From,
    string? To,
    string? ContractAddress,
    IReadOnlyList<LogEntry> Logs);
