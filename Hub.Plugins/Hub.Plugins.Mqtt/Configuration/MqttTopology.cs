using System.Collections.Frozen;

namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>
/// The mqtt plugin's configuration resolved once at start: defaults applied, credentials file merged, lookups by
/// topic and user built. <see cref="MqttTopologyBuilder"/> makes it and lists every configuration error.
/// </summary>
internal sealed class MqttTopology
{
    internal MqttTopology(EmbeddedBrokerOptions? embedded, ExternalBrokerOptions? external, IReadOnlyList<MqttMeter> meters, IReadOnlyList<BrokerUser> users)
    {
        Embedded = embedded;
        External = external;
        Meters = meters;
        Users = users;
        var embeddedMeters = meters.Where(m => m.Broker == MqttBrokerKind.Embedded).ToList();
        EmbeddedMeters = embeddedMeters;
        ExternalMeters = meters.Where(m => m.Broker == MqttBrokerKind.External).ToList();
        EmbeddedByTopic = embeddedMeters.DistinctBy(m => m.Topic).ToFrozenDictionary(m => m.Topic, StringComparer.Ordinal);
        EmbeddedByUsername = embeddedMeters.DistinctBy(m => m.Username).ToFrozenDictionary(m => m.Username, StringComparer.Ordinal);
        ExternalByTopic = ExternalMeters.DistinctBy(m => m.Topic).ToFrozenDictionary(m => m.Topic, StringComparer.Ordinal);
        UsersByName = users.DistinctBy(u => u.Username).ToFrozenDictionary(u => u.Username, StringComparer.Ordinal);
    }

    /// <summary>The embedded broker's settings, or null when there is no embedded broker.</summary>
    public EmbeddedBrokerOptions? Embedded { get; }

    /// <summary>The external broker's settings, or null when there is no external client.</summary>
    public ExternalBrokerOptions? External { get; }

    public IReadOnlyList<MqttMeter> Meters { get; }

    public IReadOnlyList<MqttMeter> EmbeddedMeters { get; }

    public IReadOnlyList<MqttMeter> ExternalMeters { get; }

    public IReadOnlyList<BrokerUser> Users { get; }

    /// <summary>The payload limit for both brokers' readings.</summary>
    public int MaxPayloadBytes => Embedded?.MaxPayloadBytes ?? EmbeddedBrokerOptions.DefaultMaxPayloadBytes;

    internal FrozenDictionary<string, MqttMeter> EmbeddedByTopic { get; }

    internal FrozenDictionary<string, MqttMeter> EmbeddedByUsername { get; }

    internal FrozenDictionary<string, MqttMeter> ExternalByTopic { get; }

    internal FrozenDictionary<string, BrokerUser> UsersByName { get; }
}
