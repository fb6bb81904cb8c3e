using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Configuration;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// Who may log in, publish where, and subscribe to what on the embedded broker. Every meter is its own user and may
/// publish to its own topic only; extra users may only subscribe, within their <c>Subscribe</c> filters; anonymous
/// clients (when allowed) may subscribe to anything and publish only for meters that have no password.
/// </summary>
internal sealed class BrokerAccessRules
{
    private readonly MqttTopology _topology;
    private readonly EmbeddedBrokerOptions _options;
    private readonly FrozenDictionary<string, ClientIdentity> _identities;

    public BrokerAccessRules(MqttTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _topology = topology;
        _options = topology.Embedded ?? new EmbeddedBrokerOptions();
        var identities = new Dictionary<string, ClientIdentity>(StringComparer.Ordinal);
        foreach (var meter in topology.EmbeddedMeters)
        {
            identities.TryAdd(meter.Username, new ClientIdentity(meter, null));
        }

        foreach (var user in topology.Users)
        {
            identities.TryAdd(user.Username, new ClientIdentity(null, user));
        }

        _identities = identities.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int MaxPayloadBytes => _options.MaxPayloadBytes;

    /// <summary>Checks a CONNECT's credentials; null with the reason (and the meter concerned, if any) when refused.</summary>
    public ClientIdentity? Authenticate(string? username, byte[]? password, out string? meterId, out string failure)
    {
        meterId = null;
        failure = string.Empty;
        if (string.IsNullOrEmpty(username))
        {
            if (_options.AllowAnonymous)
            {
                return ClientIdentity.Anonymous;
            }

            failure = "the client gave no user name and Mqtt:EmbeddedBroker:AllowAnonymous is false; each meter logs in as its own user.";
            return null;
        }

        if (_topology.EmbeddedByUsername.TryGetValue(username, out var meter))
        {
            meterId = meter.Id;
            if (meter.Password is null || PasswordMatches(meter.Password, password))
            {
                return _identities[username];
            }

            failure = $"wrong password for meter '{meter.Id}' (user '{username}').";
            return null;
        }

        if (_topology.UsersByName.TryGetValue(username, out var user))
        {
            if (PasswordMatches(user.Password, password))
            {
                return _identities[username];
            }

            failure = $"wrong password for user '{username}'.";
            return null;
        }

        failure = $"unknown user '{username}'; it is neither a meter's user nor listed in Mqtt:EmbeddedBroker:Users.";
        return null;
    }

    /// <summary>The identity a CONNECT user name was accepted as (for interceptors that see only the user name).</summary>
    public ClientIdentity IdentityOf(string? username) =>
        !string.IsNullOrEmpty(username) && _identities.TryGetValue(username, out var identity) ? identity : ClientIdentity.Anonymous;

    /// <summary>The meter whose reading a PUBLISH on <paramref name="topic"/> is; null with the problem when it may not publish there.</summary>
    public MqttMeter? AuthorizePublish(ClientIdentity identity, string topic, out IngestProblemKind problem, out string detail)
    {
        problem = IngestProblemKind.TopicNotAllowed;
        detail = string.Empty;
        if (identity.Meter is { } meter)
        {
            if (string.Equals(topic, meter.Topic, StringComparison.Ordinal))
            {
                return meter;
            }

            detail = $"meter '{meter.Id}' may publish only to '{meter.Topic}', not to '{topic}'; the message was not stored.";
            return null;
        }

        if (identity.User is { } user)
        {
            detail = $"user '{user.Username}' may only subscribe, not publish (to '{topic}'); the message was not stored.";
            return null;
        }

        if (_topology.EmbeddedByTopic.TryGetValue(topic, out var target))
        {
            if (target.Password is null)
            {
                return target;
            }

            detail = $"an anonymous client may not publish for meter '{target.Id}', which has a password; the message was not stored.";
            return null;
        }

        if (IsReadingTopic(topic))
        {
            problem = IngestProblemKind.UnknownMeter;
            detail = $"no meter is configured for topic '{topic}'; add it to Meters or fix the meter's topic. The message was not stored.";
            return null;
        }

        detail = $"'{topic}' is not the topic of any meter; the message was not stored.";
        return null;
    }

    /// <summary>Whether MQTTnet may pass a PUBLISH on to subscribers: only what a client may publish, within the size limit.</summary>
    public bool MayForward(string? username, string topic, long payloadBytes) =>
        payloadBytes <= _options.MaxPayloadBytes && AuthorizePublish(IdentityOf(username), topic, out _, out _) is not null;

    /// <summary>Null when the subscription is allowed, else why not.</summary>
    public static string? CheckSubscription(ClientIdentity identity, string filter)
    {
        if (identity.Meter is { } meter)
        {
            return $"meter '{meter.Id}' may only publish, not subscribe (to '{filter}').";
        }

        if (identity.User is { } user)
        {
            foreach (var allowed in user.Subscribe)
            {
                if (MqttTopics.Covers(allowed, filter))
                {
                    return null;
                }
            }

            var list = user.Subscribe.Count == 0 ? "nothing" : string.Join(", ", user.Subscribe);
            return $"user '{user.Username}' may not subscribe to '{filter}'; Mqtt:EmbeddedBroker:Users allows it {list}.";
        }

        return null;
    }

    private static bool IsReadingTopic(string topic) =>
        topic.StartsWith("smartmeter/", StringComparison.Ordinal) && topic.EndsWith("/reading", StringComparison.Ordinal);

    private static bool PasswordMatches(string expected, byte[]? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), given);
}
