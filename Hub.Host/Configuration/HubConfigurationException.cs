namespace Hub.Host.Configuration;

/// <summary>The configuration could not be loaded; the message names the file or the key.</summary>
internal sealed class HubConfigurationException : Exception
{
    public HubConfigurationException()
    {
    }

    public HubConfigurationException(string message)
        : base(message)
    {
    }

    public HubConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
