using Hub.Ledger.Blocks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Ledger;

/// <summary>
/// Opens the store before any plugin starts listening, and on stop (plugins stop first, being registered after
/// the ledger) writes every reading still queued before the store closes.
/// </summary>
internal sealed partial class LedgerService(LedgerStore store, IngestWriter writer, HubEventBroadcaster events, HubSigningKey key, ILogger<LedgerService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Load (or create) the signing key first: a bad key file stops the start before anything is stored.
        LogKey(key.Path, key.Key.ChecksumAddress);
        store.Open();
        writer.Start();
        var counters = store.Store.Counters;
        LogOpened(store.Store.DataFile, counters.Readings, counters.InvalidReadings);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var queued = store.QueueLength();
        await writer.DrainAsync().ConfigureAwait(false);
        events.Complete();
        store.Store.Checkpoint();
        LogClosed(queued);
        store.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {DataFile} open: {Readings} readings, {Invalid} invalid")]
    private partial void LogOpened(string dataFile, long readings, long invalid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blocks are signed with {KeyFile} (address {Address})")]
    private partial void LogKey(string keyFile, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store closed after writing the {Queued} readings still queued")]
    private partial void LogClosed(int queued);
}
