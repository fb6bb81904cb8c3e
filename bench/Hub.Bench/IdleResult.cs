namespace Hub.Bench;

/// <summary>(c) The hub's resident memory after idling with connected meters.</summary>
public sealed record IdleResult(int Meters, int ReadingsPerMeter, int IdleSeconds, long RssBytes);
