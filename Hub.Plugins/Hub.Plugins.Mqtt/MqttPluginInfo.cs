namespace Hub.Plugins.Mqtt;

/// <summary>The plugin's name in <c>Meters:N:Plugin</c>.</summary>
public static class MqttPluginInfo
{
    public const string Name = "mqtt";
}
