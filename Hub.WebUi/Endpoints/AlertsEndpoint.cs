using System.ComponentModel;
using Hub.Ledger;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Hub.WebUi.Endpoints;

/// <summary><c>GET /api/alerts</c>: invalid readings and bad input, newest first.</summary>
internal static class AlertsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/alerts", Get)
            .WithName("ListAlerts")
            .WithTags("Alerts")
            .WithSummary("Alerts the homeowner must see, newest first")
            .WithDescription("Kinds: 'invalid-reading' (with readingId) and the plugin problems in kebab case "
                + "(malformed-payload, unknown-meter, authentication-failed, topic-not-allowed, payload-too-large…, with plugin).")
            .ProducesValidationProblem();

    internal static Results<Ok<AlertListView>, ProblemHttpResult> Get(
        HttpRequest request,
        [FromServices] IReadingStore store,
        [FromQuery, Description("Only alerts raised at or after this time, ISO 8601.")] string? since,
        [FromQuery, Description("At most this many alerts, 1 to 1000; default 100.")] string? limit)
    {
        var query = new QueryReader(request);
        var sinceTime = query.Time("since", since);
        var count = query.Limit("limit", limit);
        if (query.Errors.Count > 0)
        {
            return Problems.BadParameters(query.Errors);
        }

        return TypedResults.Ok(new AlertListView(store.QueryAlerts(sinceTime, count)));
    }
}
