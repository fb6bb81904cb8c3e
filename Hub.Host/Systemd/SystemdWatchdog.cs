using System.Globalization;
using Hub.Ledger;
using Microsoft.Extensions.Hosting.Systemd;

namespace Hub.Host.Systemd;

/// <summary>
/// Sends WATCHDOG=1 at half the interval systemd asks for (WATCHDOG_USEC), but only while the store's writer
/// makes progress: a writer that died, failed, or has been stuck in one write for WatchdogSec/2 stops the pings
/// and systemd restarts the hub (WatchdogSec in the unit). A store that is read-only because the disk is full is
/// waiting, not stuck: it is still fed, so the hub stays up to say why (docs/faults.md).
/// </summary>
internal sealed partial class SystemdWatchdog(IServiceProvider services, IReadingStore store, ILogger<SystemdWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notifier = services.GetService<ISystemdNotifier>();
        var interval = Interval();
        if (notifier is null || !notifier.IsEnabled || interval is null)
        {
            return;
        }

        LogEnabled(interval.Value.TotalSeconds);
        using var timer = new PeriodicTimer(interval.Value);
        do
        {
            var status = store.GetStatus();
            var stuckFor = status.WriterBusySince is { } since ? DateTimeOffset.UtcNow - since : TimeSpan.Zero;
            if (Feeds(status, stuckFor, interval.Value))
            {
                notifier.Notify(new ServiceState(string.Create(CultureInfo.InvariantCulture,
                    $"WATCHDOG=1\nSTATUS={status.Readings} readings stored, {status.QueueLength} queued{(status.ReadOnly ? ", read-only: " + status.LastError : string.Empty)}")));
            }
            else
            {
                LogUnhealthy(stuckFor > interval.Value
                    ? string.Create(CultureInfo.InvariantCulture, $"the store's writer has been in one write for {stuckFor.TotalSeconds:0} s")
                    : status.LastError ?? "the store's writer is not running");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Whether to send WATCHDOG=1: the writer runs and is not stuck, or the store waits read-only for room.</summary>
    internal static bool Feeds(StoreStatus status, TimeSpan writerBusyFor, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Fault == "storage-fault" || writerBusyFor > interval)
        {
            return false;
        }

        return status.Healthy || status.Fault == "storage-full";
    }

    private static TimeSpan? Interval()
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (pid is not null && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var us) && us > 0
            ? TimeSpan.FromMicroseconds(us / 2.0)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog: notifying every {Seconds} s")]
    private partial void LogEnabled(double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "systemd watchdog withheld: {Reason}")]
    private partial void LogUnhealthy(string reason);
}
