namespace SmartMeter.Peers;

/// <summary>An mqtt meter in hub.json (COMMON.md): username = id, password "&lt;id&gt;-secret".</summary>
/// <param name="Id">The meter id, <c>[a-z0-9-]{1,64}</c>.</param>
/// <param name="Broker">"embedded" (the hub's own broker) or "external" (the hub subscribes at Mqtt:External).</param>
/// <param name="Topic">null for the default <c>smartmeter/{id}/reading</c>.</param>
public sealed record HubMeter(string Id, string Broker = "embedded", string? Topic = null)
{
    public string Username => Id;

    public string Password => $"{Id}-secret";

    /// <summary>The topic the meter publishes on.</summary>
    public string ReadingTopic => Topic ?? $"smartmeter/{Id}/reading";

    public static HubMeter External(string id) => new(id, "external");
}
