using Microsoft.Extensions.Configuration;

namespace Hub.Plugins.Abstractions;

/// <summary>One entry of the <c>Meters</c> array of <c>hub.json</c>.</summary>
/// <param name="Id">The meter id.</param>
/// <param name="Plugin">The plugin that reads it: <c>mqtt</c>, <c>modbus</c>, <c>coap</c>, <c>http</c>.</param>
/// <param name="Section">The whole entry, for the plugin to bind its own keys from; <c>Section.Path</c> is e.g. <c>Meters:2</c>.</param>
public sealed record MeterDescriptor(string Id, string Plugin, IConfigurationSection Section)
{
    /// <summary>The configuration key of a setting of this meter, for error messages: <c>Meters:2:Topic</c>.</summary>
    public string KeyOf(string setting) => $"{Section.Path}:{setting}";
}
