namespace Hub.Plugins.Modbus.Configuration;

/// <summary>The <c>Modbus</c> section of hub.json (all optional); meters are configured in <c>Meters</c>.</summary>
public sealed class ModbusOptions
{
    public const string SectionName = "Modbus";

    /// <summary>Folders of extra profile files (<c>*.json</c>), read after the shipped ones; a same-named profile replaces a shipped one.</summary>
    public IList<string> ProfileDirs { get; } = [];

    /// <summary>How long one request may take before it is retried, in milliseconds (default 1000).</summary>
    public int RequestTimeoutMs { get; set; } = 1000;

    /// <summary>Retries after a timeout or a broken answer, per request (default 2).</summary>
    public int Retries { get; set; } = 2;
}
