using System.Net;
using System.Text;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Auth;

/// <summary>
/// Every route of the OpenAPI document, called without credentials and with each role. The expected answers are
/// generated from the document: a route is open only if listed in <see cref="Open"/>, owner-only if listed in
/// <see cref="OwnerOnly"/>, and otherwise readable by every role — so a new route is checked the day it is added.
/// </summary>
public sealed class RouteAccessTests
{
    private static readonly HashSet<string> Open = ["GET /health", "GET /api/session", "POST /api/setup", "POST /api/login"];

    private static readonly HashSet<string> OwnerOnly =
    [
        "POST /api/market/offers", "GET /api/users", "POST /api/users", "DELETE /api/users/{name}",
        "GET /api/tokens", "POST /api/tokens", "DELETE /api/tokens/{id}",
    ];

    [Fact]
    public async Task EveryDocumentedRoute_AnswersEachRoleAsItsTableRowSays()
    {
        await using var hub = await TestHub.StartAsync();
        hub.ExpectErrors(); // the test hub has no bill book: /api/bills answers 500 once past the login, which is all this test asks
        var doc = await HttpJson.GetAsync(hub.Client, "/openapi/v1.json");
        var routes = doc.Root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Method: op.Name.ToUpperInvariant(), Path: path.Name)))
            .ToList();
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes in the document");
        Assert.Subset(routes.Select(r => $"{r.Method} {r.Path}").ToHashSet(), OwnerOnly);

        using var anonymous = await hub.ClientForRoleAsync(null);
        using var viewer = await hub.ClientForRoleAsync("viewer");
        using var installer = await hub.ClientForRoleAsync("installer");
        var failures = new List<string>();
        foreach (var (method, path) in routes)
        {
            var key = $"{method} {path}";
            var open = Open.Contains(key);
            var ownerOnly = OwnerOnly.Contains(key);
            foreach (var (role, client) in new[] { ("anonymous", anonymous), ("viewer", viewer), ("installer", installer), ("owner", hub.Client) })
            {
                var status = await CallAsync(client, method, path);
                var allowed = open || role == "owner" || (role != "anonymous" && !ownerOnly);
                var expected = allowed ? "not 401/403" : role == "anonymous" ? "401" : "403";
                var ok = allowed
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    : status == (role == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden);
                if (!ok)
                {
                    failures.Add($"{key} as {role}: {(int)status}, expected {expected}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<HttpStatusCode> CallAsync(HttpClient client, string method, string path)
    {
        var concrete = path.Replace("{id}", "1", StringComparison.Ordinal).Replace("{height}", "1", StringComparison.Ordinal)
            .Replace("{name}", "nobody", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(concrete, UriKind.Relative));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        // Headers only: /api/events streams for ever.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}
