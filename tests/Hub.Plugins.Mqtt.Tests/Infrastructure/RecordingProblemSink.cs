using System.Collections.Concurrent;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

public sealed class RecordingProblemSink : IIngestProblemSink
{
    private readonly ConcurrentQueue<IngestProblem> _problems = new();

    public IReadOnlyCollection<IngestProblem> Problems => _problems;

    public void Report(IngestProblem problem) => _problems.Enqueue(problem);

    public Task<IngestProblem> WaitForAsync(IngestProblemKind kind, Func<IngestProblem, bool>? match = null) =>
        Eventually.ReturnsAsync(() => _problems.FirstOrDefault(p => p.Kind == kind && (match is null || match(p))), $"a {kind} problem");
}
