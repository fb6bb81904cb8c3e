using Microsoft.AspNetCore.Http;

namespace Hub.WebUi.Auth;

/// <summary>400 for a request whose Host is not on <see cref="HostAllowList"/>.</summary>
internal sealed class HostAllowListMiddleware(RequestDelegate next, HostAllowList allowList)
{
    public Task InvokeAsync(HttpContext context) =>
        allowList.Allows(context.Request.Host)
            ? next(context)
            : AuthChallenges.WriteAsync(context, StatusCodes.Status400BadRequest, "Host not allowed",
                "The Host header names neither this hub's name nor one of its addresses; add it to Hub:AllowedHosts if it is yours.");
}
