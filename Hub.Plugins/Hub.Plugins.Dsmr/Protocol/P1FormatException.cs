namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>A telegram passed its CRC but is not a P1 telegram; the message names the line.</summary>
public sealed class P1FormatException : Exception
{
    public P1FormatException()
    {
    }

    public P1FormatException(string message)
        : base(message)
    {
    }

    public P1FormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
