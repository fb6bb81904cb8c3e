namespace Hub.Plugins.Abstractions;

/// <summary>A configured meter's link state, as plugins last reported it; sent in the snapshot and on each change.</summary>
public sealed record MeterStatusOutput(string MeterId, MeterLinkState State, DateTimeOffset? Since, string? Reason) : HubOutput;
