namespace Hub.Plugins.Modbus.SunSpec;

/// <summary>The device answers but shows no SunSpec map the profile can read.</summary>
public sealed class SunSpecDiscoveryException : Exception
{
    public SunSpecDiscoveryException()
    {
    }

    public SunSpecDiscoveryException(string message)
        : base(message)
    {
    }

    public SunSpecDiscoveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
