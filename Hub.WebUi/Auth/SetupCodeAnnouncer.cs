using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Auth;

/// <summary>
/// At start: loads the accounts (a broken file stops the start) and, while there is no owner, issues the setup code and
/// logs it. Called while the pipeline is built, before the server listens: the code is on disk before the hub answers
/// anyone (a hosted service could run after the first request, and a client that looked for the file found none).
/// </summary>
internal sealed class SetupCodeAnnouncer(AccountStore accounts, SetupCode setup, ILogger<SetupCodeAnnouncer> logger)
{
    public void Announce()
    {
        if (!accounts.HasOwner || setup.IsPending)
        {
            AuthLog.SetupCodeIssued(logger, setup.EnsurePending(), setup.FilePath);
        }
    }
}
