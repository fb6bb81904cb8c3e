using System.ComponentModel;
using System.Globalization;
using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Hub.WebUi.Endpoints;

/// <summary><c>GET /api/readings</c> (pages, newest last) and <c>GET /api/readings/{id}</c>.</summary>
internal static class ReadingsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/readings", Query)
            .WithName("ListReadings")
            .WithTags("Readings")
            .WithSummary("Stored readings, newest last, with validity and verdicts")
            .WithDescription("A page holds the newest readings that match, listed oldest first. Pass 'next' as 'cursor' "
                + "to fetch the older page; 'next' is null on the last page. Invalid readings are listed too, with valid=false "
                + "and the failing verdicts.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/readings/{id}", GetById)
            .WithName("GetReading")
            .WithTags("Readings")
            .WithSummary("One stored reading by id")
            .WithDescription("The reading with its verdicts, or 404 when no reading has this id.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static Results<Ok<ReadingPageView>, ProblemHttpResult> Query(
        HttpRequest request,
        [FromServices] IReadingStore store,
        [FromServices] MeterCatalog catalog,
        [FromQuery, Description("Only this meter's readings (a configured meter id); all meters when absent.")] string? meter,
        [FromQuery, Description("Inclusive lower bound on the reading timestamp, ISO 8601 (e.g. 2026-11-24T07:00:00Z; no offset means UTC).")] string? from,
        [FromQuery, Description("Exclusive upper bound on the reading timestamp, ISO 8601.")] string? to,
        [FromQuery, Description("Readings per page, 1 to 1000; default 100.")] string? limit,
        [FromQuery, Description("The 'next' value of the previous page.")] string? cursor)
    {
        var query = new QueryReader(request);
        var meterId = query.MeterId("meter", meter);
        var fromTime = query.Time("from", from);
        var toTime = query.Time("to", to);
        var pageSize = query.Limit("limit", limit);
        var after = query.Cursor("cursor", cursor);
        if (fromTime is { } f && toTime is { } t && t <= f)
        {
            query.Reject("to", $"expected a time later than 'from' ({ReadingJson.FormatTimestamp(f)}), got {ReadingJson.FormatTimestamp(t)}.");
        }

        if (query.Errors.Count > 0)
        {
            return Problems.BadParameters(query.Errors);
        }

        // A meter removed from hub.json still has its history; only a meter the hub never heard of is unknown.
        if (meterId is not null && catalog.Find(meterId) is null && store.LastReading(meterId) is null)
        {
            return Problems.NotFound(
                "Unknown meter",
                $"No meter '{meterId}' is configured and none has readings stored; GET /api/meters lists the meters.");
        }

        ReadingPage page;
        try
        {
            page = store.QueryReadings(new ReadingQuery(meterId, fromTime, toTime, pageSize, after));
        }
        catch (Exception ex) when (after is not null && ex is ArgumentException or FormatException)
        {
            // The cursor is opaque to us; the store is the one that knows a bad one.
            return Problems.BadParameters(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["cursor"] = [$"expected the 'next' value of an earlier page with the same filters; the store said: {ex.Message}"],
            });
        }

        return TypedResults.Ok(new ReadingPageView(page.Items.Select(r => new ReadingView(r)).ToList(), page.Next));
    }

    internal static Results<Ok<ReadingView>, ProblemHttpResult> GetById(
        [FromServices] IReadingStore store,
        [Description("The reading id, a whole number as in the 'id' field of a reading.")] string id)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var readingId))
        {
            return Problems.BadParameters(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["id"] = [$"expected a reading id (a whole number), got '{(id.Length <= 40 ? id : id[..40] + "…")}'."],
            });
        }

        return store.GetReading(readingId) is { } reading
            ? TypedResults.Ok(new ReadingView(reading))
            : Problems.NotFound("Reading not found", $"No reading has id {readingId.ToString(CultureInfo.InvariantCulture)}.");
    }
}
