namespace Hub.Ledger.Evm.Abi;

/// <summary>A type, value or encoding that does not follow the Solidity ABI specification.</summary>
public sealed class AbiException : FormatException
{
    public AbiException()
    {
    }

    public AbiException(string message)
        : base(message)
    {
    }

    public AbiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
