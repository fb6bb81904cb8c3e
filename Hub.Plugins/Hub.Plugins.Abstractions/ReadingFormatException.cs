namespace Hub.Plugins.Abstractions;

/// <summary>A payload is not a reading: the message names the field and what was expected.</summary>
public sealed class ReadingFormatException : Exception
{
    public ReadingFormatException()
    {
    }

    public ReadingFormatException(string message)
        : base(message)
    {
    }

    public ReadingFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
