using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Auth;

/// <summary>Log messages of accounts and logins. Passwords and token secrets are never logged.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(100, LogLevel.Information, "The hub has no owner yet. Setup code: {Code} (also in {Path}, mode 0600). Open /setup.html on the hub to create the owner.")]
    public static partial void SetupCodeIssued(ILogger logger, string code, string path);

    [LoggerMessage(101, LogLevel.Information, "Setup done: owner '{Name}' created from {Remote}; the setup code is void")]
    public static partial void SetupDone(ILogger logger, string name, string? remote);

    [LoggerMessage(102, LogLevel.Information, "Login failed for '{Name}' from {Remote}")]
    public static partial void LoginFailed(ILogger logger, string name, string? remote);

    [LoggerMessage(103, LogLevel.Information, "User '{Name}' logged in from {Remote}")]
    public static partial void LoggedIn(ILogger logger, string name, string? remote);

    [LoggerMessage(104, LogLevel.Information, "{Actor} {Action} '{Subject}'")]
    public static partial void AccountChanged(ILogger logger, string actor, string action, string subject);
}
