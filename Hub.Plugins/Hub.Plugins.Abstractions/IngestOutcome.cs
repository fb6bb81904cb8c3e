namespace Hub.Plugins.Abstractions;

/// <summary>What became of a reading handed to <see cref="IReadingIngest"/>.</summary>
public enum IngestStatus
{
    /// <summary>Stored and durable (fsynced), with its verdicts; it may still be invalid.</summary>
    Stored,

    /// <summary>The same reading (meter + seq, or meter + timestamp) was stored before; nothing new was written.</summary>
    Duplicate,

    /// <summary>Not stored: the reading names a meter that is not configured, or is not a reading at all.</summary>
    Rejected,
}

/// <param name="Status">Stored, duplicate or rejected.</param>
/// <param name="ReadingId">The stored reading's id (for a duplicate, the id of the earlier copy).</param>
/// <param name="Valid">Whether every validation rule passed.</param>
/// <param name="Detail">Why a reading was rejected, in words a person can act on.</param>
public readonly record struct IngestOutcome(IngestStatus Status, long? ReadingId, bool Valid, string? Detail)
{
    /// <summary>True when the reading is on disk now, so the meter may be acknowledged.</summary>
    public bool IsDurable => Status is IngestStatus.Stored or IngestStatus.Duplicate;
}
