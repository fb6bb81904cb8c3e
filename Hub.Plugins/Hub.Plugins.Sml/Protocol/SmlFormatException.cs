namespace Hub.Plugins.Sml.Protocol;

/// <summary>An SML file passed its CRC but is not SML 1.04; the message says where.</summary>
public sealed class SmlFormatException : Exception
{
    public SmlFormatException()
    {
    }

    public SmlFormatException(string message)
        : base(message)
    {
    }

    public SmlFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
