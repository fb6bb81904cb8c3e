namespace SmartMeter.Peers;

/// <summary>A peer process ended while something was still being awaited of it: waiting longer cannot help.</summary>
public sealed class PeerExitedException : Exception
{
    public PeerExitedException()
    {
    }

    public PeerExitedException(string message)
        : base(message)
    {
    }

    public PeerExitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
