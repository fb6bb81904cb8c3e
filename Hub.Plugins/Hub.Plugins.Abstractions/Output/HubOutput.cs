namespace Hub.Plugins.Abstractions;

/// <summary>One item of <see cref="IHubOutputFeed"/>: a stored reading, an alert, or a meter's link state.</summary>
public abstract record HubOutput;
