namespace Hub.Plugins.Modbus;

/// <summary>The plugin's name in <c>hub.json</c> (<c>"Plugin": "modbus"</c>), <c>/health</c> and problems.</summary>
public static class ModbusPluginInfo
{
    public const string Name = "modbus";
}
