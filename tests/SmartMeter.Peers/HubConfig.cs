using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartMeter.Peers;

/// <summary>
/// A hub.json as COMMON.md defines it, for a hub on loopback and OS-assigned ports (never 8080/1883, which demos use).
/// </summary>
public sealed record HubConfig
{
    public const string ViewerUsername = "viewer";
    public const string ViewerPassword = "viewer-secret";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public required string DataDir { get; init; }

    public required int HttpPort { get; init; }

    /// <summary>The embedded broker's port on 127.0.0.1; null for no embedded broker.</summary>
    public int? BrokerPort { get; init; }

    public int MaxPayloadBytes { get; init; } = 65536;

    public ExternalBroker? External { get; init; }

    /// <summary>The topic filters the viewer user may subscribe to on the embedded broker.</summary>
    public IReadOnlyList<string> ViewerSubscribe { get; init; } = ["smartmeter/#"];

    public IReadOnlyList<HubMeter> Meters { get; init; } = [];

    /// <summary>Meters of other plugins, written as given after the mqtt meters (e.g. a <c>"Plugin": "modbus"</c> entry).</summary>
    public IReadOnlyList<JsonObject> OtherMeters { get; init; } = [];

    /// <summary>Top-level sections besides Hub, Mqtt, Meters and Rules (e.g. "Coap"), written as given.</summary>
    public IReadOnlyDictionary<string, JsonNode> ExtraSections { get; init; } = new Dictionary<string, JsonNode>();

    /// <summary>Rules thresholds (e.g. "MaxPowerW" = 100000); null leaves the hub's defaults.</summary>
    public IReadOnlyDictionary<string, double>? Rules { get; init; }

    /// <summary>More settings of the Hub section (e.g. "BlockSeconds" = 1); null leaves the hub's defaults.</summary>
    public IReadOnlyDictionary<string, double>? HubSettings { get; init; }

    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort}");

    /// <summary>An embedded-broker hub with the given mqtt meters, data in <paramref name="dataDir"/>, on fresh ports.</summary>
    public static HubConfig Create(string dataDir, params IEnumerable<string> meterIds) => new()
    {
        DataDir = dataDir,
        HttpPort = FreePort.Next(),
        BrokerPort = FreePort.Next(),
        Meters = [.. meterIds.Select(id => new HubMeter(id))],
    };

    /// <summary>The same hub (same data) on new ports: a restart must not depend on the old ports being free yet.</summary>
    public HubConfig WithFreshPorts() => this with
    {
        HttpPort = FreePort.Next(),
        BrokerPort = BrokerPort is null ? null : FreePort.Next(),
    };

    public HubMeter Meter(string id) =>
        Meters.FirstOrDefault(m => m.Id == id) ?? throw new ArgumentException($"meter '{id}' is not in this config.", nameof(id));

    /// <summary>The hub.json text.</summary>
    public string ToJson()
    {
        var mqtt = new JsonObject();
        if (BrokerPort is { } brokerPort)
        {
            mqtt["EmbeddedBroker"] = new JsonObject
            {
                ["Port"] = brokerPort,
                ["BindAddress"] = "127.0.0.1",
                ["AllowAnonymous"] = false,
                [nameof(MaxPayloadBytes)] = MaxPayloadBytes,
                ["Users"] = new JsonArray(new JsonObject
                {
                    ["Username"] = ViewerUsername,
                    ["Password"] = ViewerPassword,
                    ["Subscribe"] = new JsonArray([.. ViewerSubscribe.Select(f => (JsonNode)f)]),
                }),
            };
        }

        if (External is { } external)
        {
            mqtt[nameof(External)] = new JsonObject
            {
                ["Host"] = external.Host,
                ["Port"] = external.Port,
                ["ClientId"] = external.ClientId,
                ["Username"] = external.Username,
                ["Password"] = external.Password,
            };
        }

        var meters = new JsonArray();
        foreach (var meter in Meters)
        {
            var entry = new JsonObject { ["Id"] = meter.Id, ["Plugin"] = "mqtt" };
            if (meter.Broker == "external")
            {
                entry["Broker"] = "external";
            }
            else
            {
                entry["Password"] = meter.Password;
            }

            if (meter.Topic is not null)
            {
                entry["Topic"] = meter.Topic;
            }

            meters.Add(entry);
        }

        foreach (var other in OtherMeters)
        {
            meters.Add(other.DeepClone());
        }

        var root = new JsonObject
        {
            ["Hub"] = new JsonObject { [nameof(DataDir)] = DataDir, ["Urls"] = Url },
            ["Mqtt"] = mqtt,
            [nameof(Meters)] = meters,
        };
        foreach (var (key, value) in HubSettings ?? new Dictionary<string, double>())
        {
            root["Hub"]![key] = value;
        }

        foreach (var (name, section) in ExtraSections)
        {
            root[name] = section.DeepClone();
        }

        if (Rules is not null)
        {
            var rules = new JsonObject();
            foreach (var (key, value) in Rules)
            {
                rules[key] = value;
            }

            root[nameof(Rules)] = rules;
        }

        return root.ToJsonString(Indented);
    }

    /// <summary>Writes hub.json to <paramref name="path"/> and returns the path.</summary>
    public string WriteTo(string path)
    {
        File.WriteAllText(path, ToJson());
        return path;
    }
}
