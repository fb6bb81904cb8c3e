using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Coap.Ingest;

/// <summary>Hands decoded readings to the hub and waits until each is durable (or found a duplicate, or rejected).</summary>
public sealed class CoapIngestor(IReadingIngest ingest, IMeterStatusSink status, CoapCounters counters)
{
    /// <returns>Null when every reading is durable; else why one was rejected.</returns>
    /// <exception cref="IngestClosedException">The hub is stopping.</exception>
    public async Task<string?> IngestAllAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var reading in readings)
        {
            var outcome = await ingest.IngestAsync(reading, cancellationToken).ConfigureAwait(false);
            switch (outcome.Status)
            {
                case IngestStatus.Stored:
                    counters.AddStored();
                    break;
                case IngestStatus.Duplicate:
                    counters.AddDuplicate();
                    break;
                default:
                    counters.AddRejected();
                    return outcome.Detail ?? "the reading was rejected";
            }

            status.MarkOnline(reading.MeterId);
        }

        return null;
    }
}
