namespace MeterFirmware.State;

/// <summary>
/// The state file exists but cannot be read. The firmware refuses to start rather than restart from zero, which
/// would make the registers go backwards and reuse sequence numbers.
/// </summary>
public sealed class StateCorruptException : Exception
{
    public StateCorruptException()
    {
    }

    public StateCorruptException(string message)
        : base(message)
    {
    }

    public StateCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
