using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Coap.Ingest;

/// <summary>Hands decoded readings to the hub and waits until each is durable (or found a duplicate, or rejected).</summary>
public sealed class CoapIngestor(IReadingIngest ingest, IMeterStatusSink status, CoapCounters counters)
{
    /// <returns>Null when every reading is durable; else why the first rejected one was rejected.</returns>
    /// <exception cref="IngestClosedException">The hub is stopping.</exception>
    public async Task<string?> IngestAllAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);

        // Every reading of a pack is queued before any is awaited, in pack order (the ingest queue is FIFO, so the
        // counter rules see them in order), so a pack of N readings shares the writer's group commits instead of
        // waiting for N commits one after the other. The 2.04 still waits for all of them to be durable.
        var pending = new Task<IngestOutcome>[readings.Count];
        for (var i = 0; i < readings.Count; i++)
        {
            pending[i] = ingest.IngestAsync(readings[i], cancellationToken).AsTask();
        }

        var outcomes = await Task.WhenAll(pending).ConfigureAwait(false);
        string? rejected = null;
        for (var i = 0; i < outcomes.Length; i++)
        {
            switch (outcomes[i].Status)
            {
                case IngestStatus.Stored:
                    counters.AddStored();
                    break;
                case IngestStatus.Duplicate:
                    counters.AddDuplicate();
                    break;
                default:
                    counters.AddRejected();
                    rejected ??= outcomes[i].Detail ?? "the reading was rejected";
                    continue;
            }

            status.MarkOnline(readings[i].MeterId);
        }

        return rejected;
    }
}
