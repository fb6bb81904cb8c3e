namespace Hub.Plugins.Abstractions;

/// <summary>Whether the hub can currently hear a meter.</summary>
public enum MeterLinkState
{
    /// <summary>Nothing heard yet since the hub started.</summary>
    Unknown,
    Online,
    Offline,
}

/// <summary>Where plugins say whether a meter is reachable; shown in <c>/api/meters</c>.</summary>
public interface IMeterStatusSink
{
    void MarkOnline(string meterId);

    /// <param name="meterId">The meter.</param>
    /// <param name="reason">Why it is offline, e.g. "connection refused by 192.168.1.50:502".</param>
    void MarkOffline(string meterId, string reason);
}
