namespace Hub.Plugins.Coap.Protocol.Errors;

/// <summary>The one exception the codec throws: a datagram that is not a well-formed CoAP message.</summary>
public sealed class CoapFormatException : Exception
{
    public CoapFormatException()
        : this(CoapDecodeError.TooShort, "not a CoAP message")
    {
    }

    public CoapFormatException(string message)
        : this(CoapDecodeError.TooShort, message)
    {
    }

    public CoapFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CoapFormatException(CoapDecodeError error, string message)
        : base(message)
    {
        Error = error;
    }

    public CoapDecodeError Error { get; }
}
