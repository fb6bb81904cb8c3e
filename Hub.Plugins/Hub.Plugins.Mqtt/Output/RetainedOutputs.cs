using System.Collections.Concurrent;
using MQTTnet;

namespace Hub.Plugins.Mqtt.Output;

/// <summary>
/// The newest retained message per topic (state, availability), so that a (re)connection to the external broker can
/// publish the current picture at once instead of waiting for each meter's next reading.
/// </summary>
internal sealed class RetainedOutputs
{
    private readonly ConcurrentDictionary<string, MqttApplicationMessage> _byTopic = new(StringComparer.Ordinal);

    public void Remember(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _byTopic[message.Topic] = message;
    }

    public IReadOnlyList<MqttApplicationMessage> Snapshot() => [.. _byTopic.Values];
}
