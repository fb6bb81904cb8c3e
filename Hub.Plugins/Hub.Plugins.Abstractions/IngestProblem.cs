namespace Hub.Plugins.Abstractions;

/// <summary>The kinds of bad input and transport trouble that a plugin reports.</summary>
public enum IngestProblemKind
{
    MalformedPayload,
    UnknownMeter,
    AuthenticationFailed,
    TopicNotAllowed,
    PayloadTooLarge,
    UnsupportedFormat,
    MeterUnreachable,
    TransportError,
}

/// <summary>Something a plugin refused or could not do; counted in <c>/health</c> and listed in <c>/api/alerts</c>.</summary>
/// <param name="Plugin">The plugin's name, e.g. <c>mqtt</c>.</param>
/// <param name="Kind">What went wrong.</param>
/// <param name="MeterId">The meter concerned, when known.</param>
/// <param name="Detail">What happened and what to do about it, in words a homeowner or installer can act on.</param>
/// <param name="Source">Where it came from: client id, remote address, topic.</param>
public sealed record IngestProblem(string Plugin, IngestProblemKind Kind, string? MeterId, string Detail, string? Source = null);

/// <summary>Where plugins report problems. Implementations must be cheap and never throw.</summary>
public interface IIngestProblemSink
{
    void Report(IngestProblem problem);
}
