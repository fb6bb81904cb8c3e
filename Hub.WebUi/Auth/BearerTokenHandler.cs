using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.WebUi.Auth;

/// <summary>
/// <c>Authorization: Bearer smh_…</c>: an API token made by the owner. Other bearer values (an http meter's own
/// token on <c>POST /api/readings</c>) are not this handler's business: it answers "no result" for them.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerSecret(Request.Headers.Authorization.ToString()) is not { } secret)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (accounts.FindToken(secret) is not { } token)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown or revoked API token"));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "token:" + token.Name),
                new Claim(ClaimTypes.Role, token.Role),
                new Claim(HubClaims.TokenId, token.Id),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => AuthChallenges.UnauthorizedAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthChallenges.ForbiddenAsync(Context);

    internal static string? BearerSecret(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.AsSpan(7).Trim().StartsWith(AccountStore.TokenPrefix, StringComparison.Ordinal)
            ? header[7..].Trim()
            : null;
}
