using System.ComponentModel;
using Hub.Ledger;
using Hub.Ledger.Billing;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Hub.WebUi.Endpoints;

/// <summary><c>GET /api/bills</c> and <c>GET /api/bills/{id}</c> (docs/ledger.md "Bills").</summary>
internal static class BillsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/bills", List)
            .WithName("ListBills")
            .WithTags("Bills")
            .WithSummary("Issued bills and credit notes, newest first")
            .WithDescription("Pass 'next' as 'before' to fetch older ones; 'next' is null on the last page. Empty when hub.json has no Tariff.")
            .ProducesValidationProblem();

        api.MapGet("/bills/{id}", Get)
            .WithName("GetBill")
            .WithTags("Bills")
            .WithSummary("One bill or credit note by id, with its lines")
            .WithDescription("Lines carry kWh, unit price, amount, whether estimated and why, and the readings and blocks they came from; "
                + "hash is keccak256 of the canonical encoding in docs/ledger.md; settlementStatus says how far it got on chain (not-on-chain with settlementReason, waiting-for-anchor, submitting, submitted, settled, disputed, cancelled); settlementTx is null until settled on chain. 404 for an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static Results<Ok<BillListView>, ProblemHttpResult> List(
        [FromServices] IBillBook bills,
        [FromServices] IReadingStore readings,
        [FromServices] IServiceProvider services,
        [FromQuery, Description("Only bills issued before this sequence number (the 'next' of the previous page).")] string? before,
        [FromQuery, Description("Bills per page, 1 to 1000; default 100.")] string? limit)
    {
        if (Problems.ReadPage(before, "a bill sequence number", limit, out var below, out var size) is { } bad)
        {
            return bad;
        }

        var items = bills.List(below, size + 1);
        var page = items.Take(size).Select(b => BillView.From(b, bills, readings, Settlement(services))).ToList();
        long? next = items.Count > size ? page[^1].Sequence : null;
        return TypedResults.Ok(new BillListView(page, next));
    }

    internal static Results<Ok<BillView>, ProblemHttpResult> Get(
        [FromServices] IBillBook bills,
        [FromServices] IReadingStore readings,
        [FromServices] IServiceProvider services,
        [Description("The bill's id, e.g. B-000001 (a credit note: C-000002).")] string id) =>
        bills.Find(id) is { } bill
            ? TypedResults.Ok(BillView.From(bill, bills, readings, Settlement(services)))
            : Problems.NotFound("Bill not found", $"No bill or credit note has id '{Problems.Clip(id)}'; GET /api/bills lists them.");

    /// <summary>Registered by the chain sync (AddHubChain); a hub without it shows every bill as not on chain.</summary>
    private static IBillSettlementStatus? Settlement(IServiceProvider services) => services.GetService(typeof(IBillSettlementStatus)) as IBillSettlementStatus;
}
