using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Hub.WebUi.Endpoints;

/// <summary><c>GET /api/meters</c>: the configured meters, in <c>hub.json</c> order, with link status and last reading.</summary>
internal static class MetersEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/meters", Get)
            .WithName("ListMeters")
            .WithTags("Meters")
            .WithSummary("Configured meters with status and last reading")
            .WithDescription("Every meter of hub.json, in order: its plugin, link status ('online', 'offline' or 'unknown' "
                + "until a plugin has heard it), since when and why, and its newest stored reading (valid or not).");

    internal static Ok<IReadOnlyList<MeterView>> Get(
        [FromServices] MeterCatalog catalog,
        [FromServices] IMeterStatusBoard board,
        [FromServices] IReadingStore store)
    {
        var meters = new List<MeterView>(catalog.All.Count);
        foreach (var meter in catalog.All)
        {
            var status = board.StatusOf(meter.Id);
            var last = store.LastReading(meter.Id);
            meters.Add(new MeterView(
                meter.Id,
                meter.Plugin,
                StatusWord(status.State),
                status.Since,
                status.Reason,
                last?.Reading.Timestamp,
                last is null ? null : new ReadingView(last)));
        }

        return TypedResults.Ok<IReadOnlyList<MeterView>>(meters);
    }

    private static string StatusWord(MeterLinkState state) => state switch
    {
        MeterLinkState.Online => "online",
        MeterLinkState.Offline => "offline",
        _ => "unknown",
    };
}
