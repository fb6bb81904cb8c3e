using Hub.WebUi.Assets;
using Hub.WebUi.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Hub.WebUi.Endpoints;

/// <summary>
/// Serves the embedded page files. <c>Cache-Control: no-cache</c> with a strong ETag: the browser keeps a copy but
/// asks each time (a cheap 304), so a hub update is seen at the next load without stale scripts.
/// </summary>
internal static class AssetEndpoints
{
    // Everything the page needs comes from the hub itself; it works with no internet link.
    private const string PagePolicy =
        "default-src 'self'; img-src 'self' data:; connect-src 'self'; style-src 'self'; script-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    // What the login and setup pages need before anyone has logged in; every other file needs a login.
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "/login.html", "/login.js", "/setup.html", "/setup.js", "/app.css", "/favicon.svg",
    };

    public static void Map(IEndpointRouteBuilder routes, EmbeddedAssets assets)
    {
        foreach (var asset in assets.All)
        {
            var route = routes.MapMethods(asset.RequestPath, Methods, (HttpContext context) => ServeAsync(context, asset))
                .WithName(asset.RequestPath == "/" ? "LivePage" : "Asset " + asset.RequestPath)
                .ExcludeFromDescription();
            if (Public.Contains(asset.RequestPath))
            {
                route.AllowAnonymous();
            }
            else
            {
                route.RequireAuthorization(HubRoles.Viewer);
            }
        }
    }

    internal static Task ServeAsync(HttpContext context, EmbeddedAsset asset)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (asset.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = PagePolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }

        if (Matches(context.Request, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    /// <summary>RFC 9110 §13.1.2: If-None-Match uses the weak comparison; <c>*</c> matches any current file.</summary>
    private static bool Matches(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}
