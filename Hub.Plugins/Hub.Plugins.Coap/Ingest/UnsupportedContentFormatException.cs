namespace Hub.Plugins.Coap.Ingest;

/// <summary>A content format this hub does not read (4.15).</summary>
public sealed class UnsupportedContentFormatException : Exception
{
    public UnsupportedContentFormatException()
    {
    }

    public UnsupportedContentFormatException(string message)
        : base(message)
    {
    }

    public UnsupportedContentFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
