using Microsoft.Extensions.Hosting.Systemd;

namespace Hub.Host.Systemd;

internal static class SystemdIntegration
{
    /// <summary>
    /// systemd integration: journald log format, READY=1 once every hosted service has started (so once the
    /// store is open and the plugins listen), STOPPING=1 on SIGTERM, and WATCHDOG=1 from a health loop.
    /// </summary>
    public static WebApplicationBuilder AddHubSystemd(this WebApplicationBuilder builder)
    {
        builder.Services.AddSystemd();

        // AddSystemd only acts when systemd is the parent process; a NOTIFY_SOCKET alone (systemd-run, a
        // supervisor speaking sd_notify, the tests) should get the same notifications.
        if (!SystemdHelpers.IsSystemdService() && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        builder.Services.AddHostedService<SystemdWatchdog>();
        return builder;
    }
}
