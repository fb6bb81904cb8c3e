using System.Security.Claims;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Auth;

/// <summary>Setup, login, logout, the session and the own password (docs/security.md).</summary>
internal static class AuthEndpoints
{
    private static readonly string[] NameRule = ["name: 1 to 64 letters, digits, '.', '-' or '_'."];

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/session", Session)
            .AllowAnonymous()
            .WithName("GetSession").WithTags("Accounts")
            .WithSummary("Who is logged in, whether the hub still needs setup, and the antiforgery token the pages send as X-CSRF-Token")
            .WithDescription("Open to anyone: name and role are null without a login. csrfToken goes with every POST/DELETE made "
                + "with the session cookie, as the X-CSRF-Token header; requests with Authorization: Bearer need none.");

        api.MapPost("/setup", SetupAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthHostingExtensions.LoginRateLimit)
            .WithName("CompleteSetup").WithTags("Accounts")
            .WithSummary("Create the owner with the setup code: {\"code\", \"name\"?, \"password\"}; logs the owner in")
            .WithDescription("The code is in <DataDir>/setup-code and the journal. 400 naming code or password when wrong; 409 when no setup is pending.");

        api.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthHostingExtensions.LoginRateLimit)
            .WithName("LogIn").WithTags("Accounts")
            .WithSummary("Log in: {\"name\", \"password\"}; sets the session cookie")
            .WithDescription("401 for a wrong name or password; 429 while the account is locked after repeated failures, or the address sent too many attempts.");

        api.MapPost("/logout", (Func<HttpContext, Task<IResult>>)LogoutAsync)
            .RequireAuthorization(HubRoles.Viewer)
            .WithName("LogOut").WithTags("Accounts")
            .WithSummary("End this session");

        api.MapPost("/account/password", ChangePasswordAsync)
            .RequireAuthorization(HubRoles.Viewer)
            .WithName("ChangePassword").WithTags("Accounts")
            .WithSummary("Change the own password: {\"currentPassword\", \"newPassword\"}; every other session of the account ends");
    }

    internal static SessionView Session(HttpContext context, AccountStore accounts, SetupCode setup, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var user = context.User.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        return new SessionView(user, user is null ? null : context.User.FindFirstValue(ClaimTypes.Role), accounts.HasOwner, setup.IsPending, tokens.RequestToken!, null);
    }

    internal static async Task<IResult> SetupAsync(HttpContext context, AccountStore accounts, SetupCode setup, LoginThrottle throttle, ILoggerFactory loggers)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        if (!setup.IsPending)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No setup pending",
                detail: "The hub already has an owner; log in at /login.html. Forgot the password? Run 'Hub.Host owner reset --config …' on the hub.");
        }

        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (throttle.LockedFor("(setup)") is { } locked)
        {
            return Locked(context, locked);
        }

        if (!setup.Matches(body.String("code")))
        {
            throttle.Failed("(setup)", remote);
            return Problems.BadParameter("code", "is not the hub's setup code; it is in <DataDir>/setup-code (on the SD card: the boot partition) and in the journal.");
        }

        var name = body.String("name") ?? "owner";
        if (!ValidName(name))
        {
            return Problems.BadParameters(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["name"] = NameRule });
        }

        var password = body.String("password");
        if (PasswordRules.Check(password) is { } bad)
        {
            return Problems.BadParameter("password", bad["password: ".Length..]);
        }

        var owner = accounts.SetOwner(name, PasswordHasher.Hash(password!));
        setup.Consume();
        throttle.Succeeded("(setup)");
        AuthLog.SetupDone(loggers.CreateLogger(WebUiLog.Category), owner.Name, remote);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthHostingExtensions.Principal(owner)).ConfigureAwait(false);
        return TypedResults.Ok(UserView.From(owner));
    }

    internal static async Task<IResult> LoginAsync(HttpContext context, AccountStore accounts, LoginThrottle throttle, ILoggerFactory loggers)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        var name = body.String("name") ?? string.Empty;
        var password = body.String("password") ?? string.Empty;
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var logger = loggers.CreateLogger(WebUiLog.Category);
        if (!ValidName(name))
        {
            return Problems.BadParameters(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["name"] = NameRule });
        }

        if (throttle.LockedFor(name) is { } locked)
        {
            return Locked(context, locked);
        }

        var user = accounts.FindUser(name);

        // The same Argon2id work for an unknown name, so the time taken does not tell which names exist.
        var matches = PasswordHasher.Verify(password, user?.PasswordHash ?? DummyHash.Value) && user is not null;
        if (!matches)
        {
            throttle.Failed(name, remote);
            AuthLog.LoginFailed(logger, Problems.Clip(name), remote);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong name or password",
                detail: $"After {LoginThrottle.FreeFailures} failures in a row the account is locked for a while.");
        }

        throttle.Succeeded(name);
        AuthLog.LoggedIn(logger, user!.Name, remote);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthHostingExtensions.Principal(user)).ConfigureAwait(false);
        return TypedResults.Ok(UserView.From(user));
    }

    internal static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> ChangePasswordAsync(HttpContext context, AccountStore accounts, LoginThrottle throttle)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        if (context.User.FindFirstValue(HubClaims.SessionStamp) is null || accounts.FindUser(context.User.Identity!.Name!) is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Log in with a password", detail: "An API token has no password to change; log in with your name and password.");
        }

        if (throttle.LockedFor(user.Name) is { } locked)
        {
            return Locked(context, locked);
        }

        if (!PasswordHasher.Verify(body.String("currentPassword") ?? string.Empty, user.PasswordHash))
        {
            throttle.Failed(user.Name, context.Connection.RemoteIpAddress?.ToString());
            return Problems.BadParameter("currentPassword", "is not your current password.");
        }

        var newPassword = body.String("newPassword");
        if (PasswordRules.Check(newPassword) is { } bad)
        {
            return Problems.BadParameter("newPassword", bad["password: ".Length..]);
        }

        var changed = accounts.SetPassword(user.Name, PasswordHasher.Hash(newPassword!));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthHostingExtensions.Principal(changed)).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    internal static bool ValidName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Locked(HttpContext context, TimeSpan locked)
    {
        var seconds = (int)Math.Ceiling(locked.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Account locked",
            detail: $"Too many wrong passwords in a row: try again in {seconds} s.");
    }

    private static class DummyHash
    {
        public static readonly string Value = PasswordHasher.Hash(Guid.NewGuid().ToString());
    }
}
