using System.Globalization;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

/// <summary>hub.json as flat configuration keys, starting from a typical embedded-broker setup on a free loopback port.</summary>
public sealed class HubConfig
{
    public const string HousePassword = "house-secret";
    public const string GaragePassword = "garage-secret";
    public const string ViewerPassword = "viewer-secret";

    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);
    private int _meters;

    public IReadOnlyDictionary<string, string?> Values => _values;

    /// <summary>Embedded broker on 127.0.0.1, any free port; meters house and garage; a viewer that may read smartmeter/#.</summary>
    public static HubConfig Embedded() =>
        new HubConfig()
            .Set("Mqtt:EmbeddedBroker:Port", "0")
            .Set("Mqtt:EmbeddedBroker:BindAddress", "127.0.0.1")
            .Set("Mqtt:EmbeddedBroker:Users:0:Username", "viewer")
            .Set("Mqtt:EmbeddedBroker:Users:0:Password", ViewerPassword)
            .Set("Mqtt:EmbeddedBroker:Users:0:Subscribe:0", "smartmeter/#")
            .Meter("house", ("Password", HousePassword))
            .Meter("garage", ("Password", GaragePassword));

    public HubConfig Set(string key, string? value)
    {
        _values[key] = value;
        return this;
    }

    public HubConfig Meter(string id, params (string Key, string Value)[] settings)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Meters:{_meters++}");
        Set($"{prefix}:Id", id);
        Set($"{prefix}:Plugin", "mqtt");
        foreach (var (key, value) in settings)
        {
            Set($"{prefix}:{key}", value);
        }

        return this;
    }
}
