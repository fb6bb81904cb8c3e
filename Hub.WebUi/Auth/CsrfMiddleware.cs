using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Hub.WebUi.Auth;

/// <summary>
/// Antiforgery on every state-changing request made with the session cookie: the pages send the token of
/// <c>GET /api/session</c> as <c>X-CSRF-Token</c>. A request with an <c>Authorization</c> header (API tokens, http
/// meters) is exempt: a page on another site cannot add that header without a CORS preflight the hub never grants.
/// </summary>
internal sealed class CsrfMiddleware(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string HeaderName = "X-CSRF-Token";

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
        var endpoint = context.GetEndpoint();
        if (!safe
            && endpoint is not null
            && context.Request.Headers.Authorization.Count == 0
            && endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: false })
        {
            try
            {
                await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException)
            {
                await AuthChallenges.WriteAsync(context, StatusCodes.Status400BadRequest, "Missing or wrong antiforgery token",
                    $"Pages send the csrfToken of GET /api/session as the {HeaderName} header; scripts use an API token (Authorization: Bearer).").ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }
}
