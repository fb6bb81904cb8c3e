namespace Hub.Plugins.Abstractions.Formats.Senml;

/// <summary>A payload names a meter (SenML base name) that is not configured.</summary>
public sealed class UnknownMeterException : Exception
{
    public UnknownMeterException()
    {
    }

    public UnknownMeterException(string message)
        : base(message)
    {
    }

    public UnknownMeterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? MeterKey { get; init; }
}
