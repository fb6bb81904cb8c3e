namespace Hub.Plugins.Http.Push;

/// <summary>A pushed reading names a meter other than the token's.</summary>
public sealed class ForeignMeterException : Exception
{
    public ForeignMeterException()
    {
    }

    public ForeignMeterException(string message)
        : base(message)
    {
    }

    public ForeignMeterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
