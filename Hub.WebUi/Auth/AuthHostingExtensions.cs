using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Auth;

/// <summary>Accounts, sessions, API tokens, roles, antiforgery, the Host allow-list and security headers (docs/security.md).</summary>
public static class AuthHostingExtensions
{
    public const string HubScheme = "Hub";
    public const string LoginRateLimit = "login";

    public static IHostApplicationBuilder AddHubAuth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton(sp => new AccountStore(DataDir(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SetupCode(DataDir(sp)));
        services.AddSingleton(sp => new LoginThrottle(sp.GetRequiredService<TimeProvider>(), sp.GetService<Hub.Plugins.Abstractions.IIngestProblemSink>()));
        services.AddSingleton<HostAllowList>();
        services.AddHostedService<SetupCodeAnnouncer>();

        // Session cookies and antiforgery tokens are sealed with keys held in memory only: no key on disk to steal,
        // and a restart of the hub ends the browser sessions (API tokens stay valid).
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error); // "keys will not be persisted": by design

        services.AddAuthentication(HubScheme)
            .AddPolicyScheme(HubScheme, "Session cookie or API token", options =>
                options.ForwardDefaultSelector = context =>
                    BearerTokenHandler.BearerSecret(context.Request.Headers.Authorization.ToString()) is null
                        ? CookieAuthenticationDefaults.AuthenticationScheme
                        : BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(options =>
            {
                options.Cookie.Name = "smartmeter.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
                options.Events.OnRedirectToLogin = context => AuthChallenges.UnauthorizedAsync(context.HttpContext);
                options.Events.OnRedirectToAccessDenied = context => AuthChallenges.ForbiddenAsync(context.HttpContext);
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(HubRoles.Viewer, p => p.RequireRole(HubRoles.Viewer, HubRoles.Installer, HubRoles.Owner))
            .AddPolicy(HubRoles.Installer, p => p.RequireRole(HubRoles.Installer, HubRoles.Owner))
            .AddPolicy(HubRoles.Owner, p => p.RequireRole(HubRoles.Owner));

        services.AddAntiforgery(options =>
        {
            options.HeaderName = CsrfMiddleware.HeaderName;
            options.Cookie.Name = "smartmeter.csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddRateLimiter(options =>
        {
            // Per client address: 20 login or setup attempts a minute, whatever the account (the per-account back-off is LoginThrottle's).
            options.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetSlidingWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<LoginThrottle>().Failed("(address " + context.HttpContext.Connection.RemoteIpAddress + ")", context.HttpContext.Connection.RemoteIpAddress?.ToString());
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await AuthChallenges.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many login attempts",
                    "Too many login or setup attempts from your address; wait a minute and try again.").ConfigureAwait(false);
            };
        });
        return builder;
    }

    /// <summary>The middleware, in order: Host allow-list, headers, authentication, rate limits, authorization, antiforgery.</summary>
    public static WebApplication UseHubAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<HostAllowListMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<CsrfMiddleware>();
        return app;
    }

    internal static ClaimsPrincipal Principal(UserAccount user) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, user.Role),
                new Claim(HubClaims.SessionStamp, user.SessionStamp),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme));

    private static string DataDir(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>()["Hub:DataDir"] is { Length: > 0 } dir
            ? dir
            : throw new InvalidOperationException("Hub:DataDir: is missing; the hub keeps its accounts there.");

    /// <summary>A session lives while its user exists with the same role and password (the stamp changes with the password).</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var user = principal?.Identity?.Name is { } name ? context.HttpContext.RequestServices.GetRequiredService<AccountStore>().FindUser(name) : null;
        if (user is null
            || principal is null
            || user.SessionStamp != principal.FindFirstValue(HubClaims.SessionStamp)
            || !principal.IsInRole(user.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
    }
}
