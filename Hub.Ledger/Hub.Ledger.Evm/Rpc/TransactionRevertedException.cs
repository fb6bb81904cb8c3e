using Hub.Ledger.Crypto;

namespace Hub.Ledger.Evm.Rpc;

/// <summary>A transaction was mined with status 0 (EIP-658): it reverted on chain and only its gas was spent.</summary>
public sealed class TransactionRevertedException : EthRpcException
{
    public TransactionRevertedException()
    {
    }

    public TransactionRevertedException(string message)
        : base(message)
    {
    }

    public TransactionRevertedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransactionRevertedException(TransactionReceipt receipt)
        : base($"transaction {Hex.Encode(receipt?.TransactionHash ?? [])} reverted in block {receipt?.BlockNumber}.")
    {
        Receipt = receipt;
    }

    public TransactionReceipt? Receipt { get; }
}
