using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>A reading as the store holds it: the canonical reading plus what the hub knows about it.</summary>
/// <param name="Id">The store's id, increasing in the order readings were committed.</param>
/// <param name="Reading">The canonical reading.</param>
/// <param name="ReceivedAt">When the hub received it (input to the timestamp rules, so verdicts can be re-computed).</param>
/// <param name="Valid">True when every verdict is ok.</param>
/// <param name="Verdicts">Every rule's verdict.</param>
/// <param name="BlockHeight">The block that seals it; null until sealed.</param>
public sealed record StoredReading(
    long Id,
    Reading Reading,
    DateTimeOffset ReceivedAt,
    bool Valid,
    IReadOnlyList<Verdict> Verdicts,
    long? BlockHeight);
