namespace Hub.Plugins.Modbus.Profiles;

/// <summary>A profile file is not valid; the message names the file and the key, e.g.
/// <c>eastron-sdm630.json: quantities[3].register: 70000 is not a register address (0..65535)</c>.</summary>
public sealed class ProfileFormatException : Exception
{
    public ProfileFormatException()
    {
    }

    public ProfileFormatException(string message)
        : base(message)
    {
    }

    public ProfileFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
