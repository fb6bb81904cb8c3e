using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Auth;

/// <summary>At start: loads the accounts (a broken file stops the start) and, while there is no owner, issues the setup code and logs it.</summary>
internal sealed class SetupCodeAnnouncer(AccountStore accounts, SetupCode setup, ILogger<SetupCodeAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!accounts.HasOwner || setup.IsPending)
        {
            AuthLog.SetupCodeIssued(logger, setup.EnsurePending(), setup.FilePath);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
