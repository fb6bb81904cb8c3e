using Hub.Plugins.Mqtt.Configuration;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>Who an authenticated connection is: a meter, an extra user, or anonymous.</summary>
/// <param name="Meter">The meter, when the connection logged in as a meter's user.</param>
/// <param name="User">The extra user, when it logged in as one.</param>
internal sealed record ClientIdentity(MqttMeter? Meter, BrokerUser? User)
{
    public static ClientIdentity Anonymous { get; } = new(null, null);

    public bool IsAnonymous => Meter is null && User is null;

    public override string ToString() =>
        Meter is { } meter ? $"meter '{meter.Id}' (user '{meter.Username}')"
        : User is { } user ? $"user '{user.Username}'"
        : "anonymous";
}
