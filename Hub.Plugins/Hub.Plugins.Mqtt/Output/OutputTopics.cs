using System.Text;

namespace Hub.Plugins.Mqtt.Output;

/// <summary>
/// The topics the hub publishes on (docs/home-assistant.md). None ends in <c>/reading</c>, so none can be mistaken
/// for a meter's reading topic.
/// </summary>
internal static class OutputTopics
{
    /// <summary>Retained, QoS 1: the hub's own availability; the external client's last will sets it offline.</summary>
    public const string HubStatus = "smartmeter/hub/status";

    /// <summary>QoS 1, not retained: every alert as JSON.</summary>
    public const string Alerts = "smartmeter/alerts";

    public const string Online = "online";

    public const string Offline = "offline";

    public static readonly byte[] OnlinePayload = Encoding.ASCII.GetBytes(Online);

    public static readonly byte[] OfflinePayload = Encoding.ASCII.GetBytes(Offline);

    /// <summary>Retained, QoS 1: the canonical JSON of the meter's newest valid stored reading.</summary>
    public static string State(string meterId) => $"smartmeter/{meterId}/state";

    /// <summary>Retained, QoS 1: <c>online</c> or <c>offline</c> from the meter status board.</summary>
    public static string Availability(string meterId) => $"smartmeter/{meterId}/availability";
}
