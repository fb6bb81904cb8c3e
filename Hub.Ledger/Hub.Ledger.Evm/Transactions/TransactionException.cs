namespace Hub.Ledger.Evm.Transactions;

/// <summary>A transaction that cannot be built, signed or decoded (wrong type byte, bad fields, bad signature).</summary>
public sealed class TransactionException : FormatException
{
    public TransactionException()
    {
    }

    public TransactionException(string message)
        : base(message)
    {
    }

    public TransactionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
