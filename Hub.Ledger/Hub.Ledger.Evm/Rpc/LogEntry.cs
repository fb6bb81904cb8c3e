namespace Hub.Ledger.Evm.Rpc;

/// <summary>A log as eth_getLogs and receipts return it.</summary>
public sealed record LogEntry(string Address, IReadOnlyList<byte[]> Topics, byte[] Data, ulong? BlockNumber, byte[]? TransactionHash, ulong? LogIndex, bool Removed);
