namespace SmartMeter.Peers;

/// <summary>Mqtt:External in hub.json: a broker the hub subscribes to as a client.</summary>
public sealed record ExternalBroker(string Host, int Port, string ClientId, string? Username = null, string? Password = null);
