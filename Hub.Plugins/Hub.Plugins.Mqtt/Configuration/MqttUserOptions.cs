namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>One entry of <c>Mqtt:EmbeddedBroker:Users</c>: a user who may subscribe but never publish readings.</summary>
public sealed class MqttUserOptions
{
    public string? Username { get; set; }

    /// <summary>The password, or null to take it from the credentials file.</summary>
    public string? Password { get; set; }

    /// <summary>Topic filters this user may subscribe to (a subscription must lie inside one of them).</summary>
    public IList<string> Subscribe { get; } = [];
}
