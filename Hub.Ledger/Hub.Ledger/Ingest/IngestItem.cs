using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>One entry of the ingest channel: a reading waiting to be stored, or a plugin problem to raise as an alert.</summary>
internal sealed class IngestItem
{
    private IngestItem(Reading? reading, DateTimeOffset at, IngestProblem? problem, string? problemKind)
    {
        Reading = reading;
        At = at;
        Problem = problem;
        ProblemKind = problemKind;
        Completion = reading is null ? null : new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Reading? Reading { get; }

    /// <summary>When the hub received the reading, or when the problem happened.</summary>
    public DateTimeOffset At { get; }

    public IngestProblem? Problem { get; }

    public string? ProblemKind { get; }

    public TaskCompletionSource<IngestOutcome>? Completion { get; }

    public static IngestItem ForReading(Reading reading, DateTimeOffset receivedAt) => new(reading, receivedAt, null, null);

    /// <summary>A request to seal the unsealed readings, queued behind the readings already waiting.</summary>
    public static IngestItem ForSeal(DateTimeOffset at) => new(null, at, null, null) { IsSealRequest = true };

    public bool IsSealRequest { get; private init; }

    public static IngestItem ForProblem(IngestProblem problem, string kind, DateTimeOffset at) => new(null, at, problem, kind);

    /// <summary>
    /// A piece of write work (bills, roll-ups, chain outbox, pruning) that must run on the single writer, after the
    /// readings already queued, so that LiteDB never has two writers (LiteDB #2825).
    /// </summary>
    public static IngestItem ForWork(Func<Storage.LiteStore, object?> work, DateTimeOffset at) => new(null, at, null, null)
    {
        Work = work,
        WorkCompletion = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously),
    };

    public Func<Storage.LiteStore, object?>? Work { get; private init; }

    public TaskCompletionSource<object?>? WorkCompletion { get; private init; }
}
