using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Auth;

/// <summary>
/// At start: loads the accounts (a broken file stops the start) and, while there is no owner, issues the setup code and
/// logs it. It runs in the host's "starting" phase: after the options are validated (a missing Hub:DataDir is a config
/// error, exit 78) and before any hosted service starts, the web server included, so the code is on disk before the
/// hub answers anyone (as a plain hosted service it could run after the first request, and a client that looked for
/// the file found none).
/// </summary>
internal sealed class SetupCodeAnnouncer(AccountStore accounts, SetupCode setup, ILogger<SetupCodeAnnouncer> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!accounts.HasOwner || setup.IsPending)
        {
            AuthLog.SetupCodeIssued(logger, setup.EnsurePending(), setup.FilePath);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
