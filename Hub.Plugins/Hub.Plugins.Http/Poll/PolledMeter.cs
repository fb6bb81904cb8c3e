namespace Hub.Plugins.Http.Poll;

/// <summary>An http meter the hub polls: <c>Meters:N:Url</c>, <c>Format</c> (shelly-gen1 | shelly-gen2), <c>PollSeconds</c>.</summary>
public sealed record PolledMeter(string Id, Uri Url, string Format, TimeSpan Interval);
