namespace Hub.Ledger;

/// <summary>A live event for the UI and server-sent events, published after the change is durable.</summary>
public abstract record HubEvent;

/// <summary>A reading was committed to disk.</summary>
public sealed record ReadingStoredEvent(StoredReading Reading) : HubEvent;

/// <summary>An alert was raised.</summary>
public sealed record AlertRaisedEvent(AlertRecord Alert) : HubEvent;
