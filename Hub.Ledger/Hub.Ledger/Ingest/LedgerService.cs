using Hub.Ledger.Blocks;
using Hub.Ledger.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Ledger;

/// <summary>
/// Opens the store before any plugin starts listening, and on stop (plugins stop first, being registered after
/// the ledger) writes every reading still queued before the store closes. With too little free space at start
/// the store opens read-only (the API serves what is stored, readings are refused) and ingest resumes by itself
/// once there is room; a storage fault while running stops the host (docs/faults.md).
/// </summary>
internal sealed partial class LedgerService(
    LedgerStore store,
    IngestWriter writer,
    HubEventBroadcaster events,
    HubSigningKey key,
    IOptions<LedgerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<LedgerService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan SpaceCheckInterval = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _monitor;
    private bool _lowSpaceRaised;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Load (or create) the signing key first: a bad key file stops the start before anything is stored.
        LogKey(key.Path, key.Key.ChecksumAddress);
        store.OnFatal = cause =>
        {
            LogStopping(cause);
            lifetime.StopApplication();
        };

        var dataDir = store.DataDir;
        if (DiskSpace.HasRoom(dataDir, DiskSpace.ResumeBytes))
        {
            store.Open();
            writer.Start();
            var counters = store.Store.Counters;
            LogOpened(store.Store.DataFile, counters.Readings, counters.InvalidReadings);
        }
        else
        {
            EnterReadOnly(dataDir);
        }

        store.RecordFreeBytes(DiskSpace.AvailableBytes(dataDir));
        _monitor = Task.Run(() => MonitorSpaceAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_monitor is not null)
        {
            await _monitor.ConfigureAwait(false);
        }

        var queued = store.QueueLength();
        await writer.DrainAsync().ConfigureAwait(false);
        events.Complete();
        if (store.IsOpen && store.Fatal is null && store.ReadOnlyReason is null)
        {
            try
            {
                store.Store.Checkpoint();
            }
            catch (StorageFaultException ex)
            {
                // The readings are in the fsynced log; the fault is reported like any other, with exit code 74.
                store.RecordFatal(ex.Message);
            }

            LogClosed(queued);
        }

        store.Dispose();
    }

    public void Dispose() => _stopping.Dispose();

    private void EnterReadOnly(string dataDir)
    {
        var free = DiskSpace.AvailableBytes(dataDir);
        var reason = $"the disk of {Path.GetFullPath(dataDir)} is full ({Megabytes(free)} free, {DiskSpace.ResumeBytes / 1024} KiB needed): "
            + "readings are refused and not acknowledged until there is room; the hub resumes by itself";
        store.SetReadOnly(reason);
        try
        {
            // Reading needs no room: the API and the live page serve what is stored.
            store.Open();
        }
        catch (IOException ex)
        {
            LogOpenFailed(ex);
        }

        LogReadOnly(reason);
        var alert = new AlertRecord(0, time.GetUtcNow(), LedgerStore.StorageFullKind, null, $"The store is read-only: {reason}.", null, null);
        store.AddUnstoredAlert(alert);
        events.Publish(new AlertRaisedEvent(alert));
    }

    /// <summary>Every few seconds: the free space (for /health and the low-space alert) and, while read-only, whether ingest can resume.</summary>
    private async Task MonitorSpaceAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SpaceCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var free = DiskSpace.AvailableBytes(store.DataDir);
                store.RecordFreeBytes(free);
                CheckLowSpace(free);
                if (store.ReadOnlyReason is not null && store.Fatal is null && DiskSpace.HasRoom(store.DataDir, DiskSpace.ResumeBytes))
                {
                    Resume();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Resume()
    {
        try
        {
            if (!store.IsOpen)
            {
                store.Open();
            }

            store.SetReadOnly(null);
            store.RecordError(null);
            if (!writer.Started)
            {
                writer.Start();
            }

            LogResumed(store.Store.DataFile);
        }
        catch (IOException ex)
        {
            store.SetReadOnly($"the store could not be opened for writing: {ex.Message}");
            LogOpenFailed(ex);
        }
    }

    private void CheckLowSpace(long? free)
    {
        var min = options.Value.MinFreeMegabytes * 1024L * 1024L;
        if (free is not { } f || min == 0)
        {
            return;
        }

        if (f < min && !_lowSpaceRaised)
        {
            _lowSpaceRaised = true;
            var message = $"Only {Megabytes(f)} free for the hub's data in {Path.GetFullPath(store.DataDir)} (Hub:MinFreeMegabytes is {options.Value.MinFreeMegabytes}); when it runs out, readings are refused until there is room.";
            LogLowSpace(message);
            var alert = new AlertRecord(0, time.GetUtcNow(), LedgerStore.LowSpaceKind, null, message, null, null);
            store.AddUnstoredAlert(alert);
            events.Publish(new AlertRaisedEvent(alert));
        }
        else if (f >= min + (min / 10))
        {
            _lowSpaceRaised = false;
        }
    }

    private static string Megabytes(long? bytes) => bytes is { } b
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{b / (1024.0 * 1024.0):0.0} MB")
        : "unknown";

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {DataFile} open: {Readings} readings, {Invalid} invalid")]
    private partial void LogOpened(string dataFile, long readings, long invalid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blocks are signed with {KeyFile} (address {Address})")]
    private partial void LogKey(string keyFile, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store closed after writing the {Queued} readings still queued")]
    private partial void LogClosed(int queued);

    [LoggerMessage(Level = LogLevel.Error, Message = "storage-full: {Reason}")]
    private partial void LogReadOnly(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {DataFile}: there is room again; ingest resumed")]
    private partial void LogResumed(string dataFile);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store could not be opened")]
    private partial void LogOpenFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "low-space: {Message}")]
    private partial void LogLowSpace(string message);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stopping the hub after a storage fault ({Cause}); it exits with code 74 so that systemd restarts it")]
    private partial void LogStopping(string cause);
}
