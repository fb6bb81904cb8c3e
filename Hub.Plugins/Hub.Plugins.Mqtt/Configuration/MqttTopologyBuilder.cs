using System.Globalization;
using System.Net;
using Hub.Plugins.Abstractions;

using Hub.Plugins.Mqtt.Formats;

namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>Resolves <see cref="MqttOptions"/> and the mqtt entries of <c>Meters</c>, naming the key of every problem.</summary>
internal static class MqttTopologyBuilder
{
    private const string Embedded = "Mqtt:EmbeddedBroker";
    private const string External = "Mqtt:External";

    /// <summary>The largest payload one may configure; MQTT itself allows 256 MB, which a Pi cannot hold per client.</summary>
    private const int MaxConfigurablePayloadBytes = 16 * 1024 * 1024;

    public static MqttTopology Build(MqttOptions options, MeterCatalog catalog, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(errors);

        var embedded = options.EmbeddedBroker;
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        if (embedded is not null)
        {
            CheckEmbedded(embedded, errors);
            if (!string.IsNullOrWhiteSpace(embedded.CredentialsFile))
            {
                credentials = CredentialsFile.Read(embedded.CredentialsFile, errors);
            }
        }

        if (options.External is { } external)
        {
            CheckExternal(external, errors);
        }

        var meters = ResolveMeters(options, catalog, credentials, errors);
        var users = embedded is null ? [] : ResolveUsers(embedded, credentials, meters, errors);
        return new MqttTopology(embedded, options.External, meters, users);
    }

    private static void CheckEmbedded(EmbeddedBrokerOptions embedded, List<string> errors)
    {
        if (embedded.Port is < 0 or > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Embedded}:Port: {embedded.Port} is not a TCP port (1-65535, or 0 for any free port)."));
        }

        if (!IPAddress.TryParse(embedded.BindAddress, out _))
        {
            errors.Add($"{Embedded}:BindAddress: '{embedded.BindAddress}' is not an IP address; use e.g. 0.0.0.0 (all interfaces) or 127.0.0.1.");
        }

        if (embedded.MaxPayloadBytes is < 64 or > MaxConfigurablePayloadBytes)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Embedded}:MaxPayloadBytes: {embedded.MaxPayloadBytes} is out of range (64-{MaxConfigurablePayloadBytes})."));
        }
    }

    private static void CheckExternal(ExternalBrokerOptions external, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(external.Host))
        {
            errors.Add($"{External}:Host: missing; name the external broker's host, e.g. 127.0.0.1.");
        }

        if (external.Port is < 1 or > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{External}:Port: {external.Port} is not a TCP port (1-65535)."));
        }

        if (string.IsNullOrWhiteSpace(external.ClientId))
        {
            errors.Add($"{External}:ClientId: missing; the hub needs a stable client id for its persistent session.");
        }
    }

    private static List<MqttMeter> ResolveMeters(MqttOptions options, MeterCatalog catalog, Dictionary<string, string> credentials, List<string> errors)
    {
        var meters = new List<MqttMeter>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var topics = new Dictionary<(MqttBrokerKind, string), string>();
        var usernames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var descriptor in catalog.ForPlugin(MqttPluginInfo.Name))
        {
            // An invalid or repeated id is reported by the catalog's own validation; checking its defaults would only add noise.
            if (!MeterId.IsValid(descriptor.Id) || !seenIds.Add(descriptor.Id))
            {
                continue;
            }

            var section = descriptor.Section;
            var broker = ParseBroker(descriptor, errors);
            if (broker is null)
            {
                continue;
            }

            if (broker == MqttBrokerKind.External && options.External is null)
            {
                errors.Add($"{descriptor.KeyOf("Broker")}: 'external' but {External} is not configured.");
            }
            else if (broker == MqttBrokerKind.Embedded && options.EmbeddedBroker is null)
            {
                errors.Add($"{descriptor.KeyOf("Broker")}: meter '{descriptor.Id}' uses the embedded broker (the default) but {Embedded} is not configured.");
            }

            var format = section["Format"];
            if (!string.IsNullOrEmpty(format) && !MeterFormats.IsKnown(format))
            {
                errors.Add($"{descriptor.KeyOf("Format")}: '{format}' is not supported; use {MeterFormats.List}.");
            }

            var topic = string.IsNullOrEmpty(section["Topic"]) ? MeterFormats.DefaultTopic(format, descriptor.Id) : section["Topic"]!;
            if (MqttTopics.CheckTopicName(topic) is { } topicProblem)
            {
                errors.Add($"{descriptor.KeyOf("Topic")}: '{topic}' {topicProblem}.");
            }
            else if (!topics.TryAdd((broker.Value, topic), descriptor.Id))
            {
                errors.Add($"{descriptor.KeyOf("Topic")}: '{topic}' is already the topic of meter '{topics[(broker.Value, topic)]}'; each meter needs its own topic.");
            }

            var username = string.IsNullOrEmpty(section["Username"]) ? descriptor.Id : section["Username"]!;
            var password = section["Password"];
            if (string.IsNullOrEmpty(password))
            {
                password = credentials.GetValueOrDefault(username);
            }

            if (broker == MqttBrokerKind.Embedded && options.EmbeddedBroker is { } embedded)
            {
                if (!usernames.TryAdd(username, descriptor.Id))
                {
                    errors.Add($"{descriptor.KeyOf("Username")}: '{username}' is already the user of meter '{usernames[username]}'; each meter needs its own user.");
                }

                if (string.IsNullOrEmpty(password) && !embedded.AllowAnonymous)
                {
                    errors.Add($"{descriptor.KeyOf("Password")}: meter '{descriptor.Id}' has no password; set Password or add it to {CredentialsFile.Key}.");
                }
            }

            meters.Add(new MqttMeter(descriptor.Id, broker.Value, topic, username, string.IsNullOrEmpty(password) ? null : password, MeterFormats.Normalize(format)));
        }

        return meters;
    }

    private static MqttBrokerKind? ParseBroker(MeterDescriptor descriptor, List<string> errors)
    {
        var broker = descriptor.Section["Broker"];
        if (string.IsNullOrEmpty(broker) || string.Equals(broker, "embedded", StringComparison.OrdinalIgnoreCase))
        {
            return MqttBrokerKind.Embedded;
        }

        if (string.Equals(broker, "external", StringComparison.OrdinalIgnoreCase))
        {
            return MqttBrokerKind.External;
        }

        errors.Add($"{descriptor.KeyOf("Broker")}: '{broker}' is not a broker; use 'embedded' (the default) or 'external'.");
        return null;
    }

    private static List<BrokerUser> ResolveUsers(EmbeddedBrokerOptions embedded, Dictionary<string, string> credentials, List<MqttMeter> meters, List<string> errors)
    {
        var users = new List<BrokerUser>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < embedded.Users.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{Embedded}:Users:{i}");
            var user = embedded.Users[i];
            if (string.IsNullOrEmpty(user.Username))
            {
                errors.Add($"{key}:Username: missing.");
                continue;
            }

            if (!seen.Add(user.Username))
            {
                errors.Add($"{key}:Username: '{user.Username}' is listed twice.");
                continue;
            }

            if (meters.Find(m => m.Broker == MqttBrokerKind.Embedded && m.Username == user.Username) is { } meter)
            {
                errors.Add($"{key}:Username: '{user.Username}' is already the user of meter '{meter.Id}'.");
                continue;
            }

            for (var j = 0; j < user.Subscribe.Count; j++)
            {
                if (MqttTopics.CheckTopicFilter(user.Subscribe[j]) is { } problem)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Subscribe:{j}: '{user.Subscribe[j]}' {problem}."));
                }
            }

            var password = string.IsNullOrEmpty(user.Password) ? credentials.GetValueOrDefault(user.Username) : user.Password;
            if (string.IsNullOrEmpty(password))
            {
                errors.Add($"{key}:Password: user '{user.Username}' has no password; set Password or add it to {CredentialsFile.Key}.");
                continue;
            }

            users.Add(new BrokerUser(user.Username, password, [.. user.Subscribe]));
        }

        return users;
    }
}
