namespace Hub.Plugins.Mqtt.Configuration;

/// <summary><c>Mqtt:External</c>: the broker that <c>"Broker": "external"</c> meters publish to.</summary>
public sealed class ExternalBrokerOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 1883;

    /// <summary>Must be stable across restarts: the broker keeps the hub's persistent session under it.</summary>
    public string ClientId { get; set; } = "smartmeter-hub";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Publish the hub's output (discovery configs, state, availability, alerts and <c>smartmeter/hub/status</c> with a
    /// last will) to this broker too, on a second connection with client id <c>&lt;ClientId&gt;-output</c>. On by default.
    /// </summary>
    public bool Publish { get; set; } = true;
}
