namespace Hub.Ledger.Evm.Rlp;

/// <summary>Input that is not canonical RLP (Ethereum yellow paper, appendix B), with the offending offset.</summary>
public sealed class RlpException : FormatException
{
    public RlpException()
    {
    }

    public RlpException(string message)
        : base(message)
    {
    }

    public RlpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RlpException(string message, int offset)
        : base($"rlp: {message} (at byte {offset}).")
    {
        Offset = offset;
    }

    /// <summary>Where in the input the problem was found; -1 when not tied to a position.</summary>
    public int Offset { get; } = -1;
}
