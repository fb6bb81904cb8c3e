namespace Hub.Plugins.Abstractions;

/// <summary>A reading the store holds (committed and fsynced).</summary>
/// <param name="Id">The store's id of the reading.</param>
/// <param name="Reading">The canonical reading.</param>
/// <param name="ReceivedAt">When the hub received it.</param>
/// <param name="Valid">True when every rule's verdict was ok; invalid readings are stored but raise an alert.</param>
public sealed record ReadingOutput(long Id, Reading Reading, DateTimeOffset ReceivedAt, bool Valid) : HubOutput;
