using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.WebUi.Auth;

/// <summary>
/// What a request without the right login gets: a page is redirected to the login page (or the setup page while
/// the hub has no owner); anything else gets a 401/403 problem naming the page to go to.
/// </summary>
internal static class AuthChallenges
{
    public const string LoginPage = "/login.html";
    public const string SetupPage = "/setup.html";

    public static async Task UnauthorizedAsync(HttpContext context)
    {
        var hasOwner = context.RequestServices.GetRequiredService<AccountStore>().HasOwner;
        var page = hasOwner ? LoginPage : SetupPage;
        if (IsPageRequest(context.Request))
        {
            var back = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect(hasOwner ? $"{page}?return={Uri.EscapeDataString(back)}" : page);
            return;
        }

        var detail = hasOwner
            ? $"Log in first: {LoginPage} (a browser session) or send 'Authorization: Bearer <API token>' (docs/security.md)."
            : $"The hub has no owner yet: open {SetupPage} and enter the setup code from the hub's data folder or journal.";
        await WriteAsync(context, StatusCodes.Status401Unauthorized, hasOwner ? "Login required" : "Setup required", detail).ConfigureAwait(false);
    }

    public static Task ForbiddenAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Not allowed for your role",
            "Your account's role may not do this (docs/security.md \"Roles\"); ask the hub's owner.");

    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    private static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
        && !request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal)
        && (request.Path == "/" || request.Path.Value!.EndsWith(".html", StringComparison.Ordinal));
}
