namespace Hub.Plugins.Coap.Protocol.Errors;

/// <summary>The peer rejected our message with RST (RFC 7252 §4.2): it could not process it at all.</summary>
public sealed class CoapResetException : Exception
{
    public CoapResetException()
    {
    }

    public CoapResetException(string message)
        : base(message)
    {
    }

    public CoapResetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
