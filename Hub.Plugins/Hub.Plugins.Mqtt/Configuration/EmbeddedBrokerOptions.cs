namespace Hub.Plugins.Mqtt.Configuration;

/// <summary><c>Mqtt:EmbeddedBroker</c>.</summary>
public sealed class EmbeddedBrokerOptions
{
    public const int DefaultMaxPayloadBytes = 65536;

    /// <summary>TCP port; 0 lets the OS pick a free one (tests), the health report shows the port in use.</summary>
    public int Port { get; set; } = 1883;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>When true, clients without a user name may connect, subscribe, and publish to meter topics.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Largest accepted reading payload; bigger PUBLISH packets are refused before they are buffered.</summary>
    public int MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>Optional file of <c>username:password</c> lines ('#' comments) for meters and users without a Password.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>Extra users (not meters) who may subscribe, e.g. a read-only viewer.</summary>
    public IList<MqttUserOptions> Users { get; } = [];
}
