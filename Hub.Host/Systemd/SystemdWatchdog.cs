using System.Globalization;
using Hub.Ledger;
using Microsoft.Extensions.Hosting.Systemd;

namespace Hub.Host.Systemd;

/// <summary>
/// Sends WATCHDOG=1 at half the interval systemd asks for (WATCHDOG_USEC), but only while the store's writer
/// runs: a hub whose writer died stops petting the watchdog and systemd restarts it (WatchdogSec in the unit).
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
            if (status.Healthy)
            {
                notifier.Notify(new ServiceState(string.Create(CultureInfo.InvariantCulture,
                    $"WATCHDOG=1\nSTATUS={status.Readings} readings stored, {status.QueueLength} queued")));
            }
            else
            {
                LogUnhealthy(status.LastError ?? "the store's writer is not running");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
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
