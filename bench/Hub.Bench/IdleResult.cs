namespace Hub.Bench;

/// <summary>(c) The hub's resident memory after idling with connected meters.</summary>
/// <param name="Meters">Meters connected.</param>
/// <param name="ReadingsPerMeter">Readings each meter sent before the idle time.</param>
/// <param name="IdleSeconds">Time without traffic before the measurement.</param>
/// <param name="RssBytes">VmRSS: every resident page, including the shared, file-backed pages of the .NET runtime and framework.</param>
/// <param name="PrivateBytes">RssAnon: the hub's own memory (heap, stacks, JIT code), what a second service on the Pi would not share.</param>
public sealed record IdleResult(int Meters, int ReadingsPerMeter, int IdleSeconds, long RssBytes, long PrivateBytes);
