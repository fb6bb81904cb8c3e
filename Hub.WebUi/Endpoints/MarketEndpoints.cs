using System.ComponentModel;
using Hub.Ledger.Market;
using Hub.WebUi.Api;
using Hub.WebUi.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Hub.WebUi.Endpoints;

/// <summary>
/// <c>GET /api/market/offers</c>, <c>POST /api/market/offers</c> and <c>GET /api/market/trades</c>: the P2P market as
/// the trading agent sees it (docs/market.md "The hub's agent"), read through <see cref="IMarketView"/>.
/// </summary>
/// <remarks>
/// Any role may read the market; only the owner may place an order (it spends the hub's wallet), with the
/// page's antiforgery token or an API token (docs/security.md).
/// </remarks>
internal static class MarketEndpoints
{
    private const string OrdersLocation = "/api/market/offers";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/market/offers", Offers)
            .WithName("ListMarketOffers")
            .WithTags("Market")
            .WithSummary("The market agent's state, the open book and the hub's own orders, newest interval first")
            .WithDescription("status: the agent's state (not-configured, starting, trading, offline, error), mode, meter, the next interval "
                + "whose orders can still be placed and until when, the last error and the totals. book: every order of the intervals still "
                + "open or being delivered, as last read from the chain (own: placed by this hub), with the clearing price once cleared. "
                + "items: the hub's orders (at most one per interval) with their state (queued, placed, skipped, unfilled, filled, settled) "
                + "and the reason in words. Pass 'next' as 'before' for older orders; 'next' is null on the last page. "
                + "Prices are numbers in status.currency per kWh; priceWeiPerWh is the on-chain price as a decimal string.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/market/offers", PlaceAsync)
            .WithName("PlaceMarketOrder")
            .WithTags("Market")
            .WithSummary("Queue the homeowner's own order (an offer to sell or a bid to buy) for a delivery interval")
            .WithDescription("Body: {\"side\": \"sell\"|\"buy\", \"energyWh\": 500, \"pricePerKwh\": 0.25, \"interval\": optional}; "
                + "side sell offers the grid meter's export at no less than pricePerKwh, buy bids for import at no more. interval defaults "
                + "to the next one whose gate is still open (status.nextInterval of GET /api/market/offers). 202 with the queued order: "
                + "the agent places it on its next pass before the gate closes, or marks it skipped (never placed late). "
                + "400 for a body that is not a JSON object of these fields or values the market refuses (side, energy 1 to 2^40 Wh, "
                + "price above 0, an interval that is not open); 409 when the market is not configured or the interval already has an "
                + "order (one per meter and interval); 415 without Content-Type: application/json. Owner only (403 for other roles).")
            .RequireAuthorization(HubRoles.Owner)
            .AddOpenApiOperationTransformer(DescribeOrderBodyAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/market/trades", Trades)
            .WithName("ListMarketTrades")
            .WithTags("Market")
            .WithSummary("The hub's cleared trades, newest interval first, and the totals over every settled trade")
            .WithDescription("items: one per matched bid/offer pair: the hub's side, energy matched, the interval's clearing price, and once "
                + "settled the delivered Wh, the amount earned (sell) or paid (buy) and the difference against the tariff's export or "
                + "import price (versusTariff; null without a Tariff). totals: soldWh, earned, earnedAtExportPrice, extraEarnings, "
                + "boughtWh, paid, paidAtTariff, savings, in status.currency. Pass 'next' as 'before' for older trades; 'next' is null "
                + "on the last page.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// The body as the OpenAPI document shows it. Not <c>Accepts&lt;T&gt;</c>: that metadata makes routing answer a
    /// wrong content type with its own bare 415, before <see cref="MarketOrderBodyReader"/> can say what to send.
    /// </summary>
    private static async Task DescribeOrderBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(MarketOrderBody), null, cancellationToken).ConfigureAwait(false);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The order; side, energyWh and pricePerKwh are required, interval is optional.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
        };
    }

    internal static Results<Ok<MarketOffersView>, ProblemHttpResult> Offers(
        [FromServices] IServiceProvider services,
        [FromQuery, Description("Only orders of intervals before this one (the 'next' of the previous page).")] string? before,
        [FromQuery, Description("Orders per page, 1 to 1000; default 100.")] string? limit)
    {
        if (Problems.ReadPage(before, "a delivery interval", limit, out var below, out var size) is { } bad)
        {
            return bad;
        }

        if (Market(services) is not { } market)
        {
            return NoMarket();
        }

        var (items, next) = IntervalPage(market.Orders, o => o.Interval, below, size);
        return TypedResults.Ok(new MarketOffersView(market.Status(), market.Book(), items, next));
    }

    internal static async Task<Results<Accepted<MarketOrderView>, ProblemHttpResult>> PlaceAsync(
        HttpRequest request,
        [FromServices] IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var (order, bad) = await MarketOrderBodyReader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (bad is not null)
        {
            return bad;
        }

        if (Market(services) is not { } market)
        {
            return NoMarket();
        }

        try
        {
            var queued = await market.RequestOrderAsync(order!, cancellationToken).ConfigureAwait(false);
            return TypedResults.Accepted(OrdersLocation, queued);
        }
        catch (MarketRequestException e)
        {
            return e.IsConflict
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The market cannot take this order now", detail: e.Message, type: "https://tools.ietf.org/html/rfc9110#section-15.5.10")
                : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The market refuses this order", detail: e.Message, type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");
        }
    }

    internal static Results<Ok<MarketTradesView>, ProblemHttpResult> Trades(
        [FromServices] IServiceProvider services,
        [FromQuery, Description("Only trades of intervals before this one (the 'next' of the previous page).")] string? before,
        [FromQuery, Description("Trades per page, 1 to 1000; default 100. A page holds whole intervals: it may be shorter, or longer when one interval has more trades.")] string? limit)
    {
        if (Problems.ReadPage(before, "a delivery interval", limit, out var below, out var size) is { } bad)
        {
            return bad;
        }

        if (Market(services) is not { } market)
        {
            return NoMarket();
        }

        var (items, next) = IntervalPage(market.Trades, t => t.Interval, below, size);
        return TypedResults.Ok(new MarketTradesView(market.Status().Totals, items, next));
    }

    /// <summary>
    /// A page of whole intervals, newest first, so that <c>before = next</c> neither repeats nor skips an item: an
    /// interval cut by the limit is left to the next page, unless it is the only one, when it is given whole.
    /// </summary>
    internal static (IReadOnlyList<T> Items, long? Next) IntervalPage<T>(Func<long?, int, IReadOnlyList<T>> list, Func<T, long> intervalOf, long? below, int size)
    {
        var items = list(below, size + 1);
        if (items.Count <= size)
        {
            return (items, null);
        }

        var cut = intervalOf(items[size]);
        var page = items.Take(size).Where(i => intervalOf(i) != cut).ToList();
        if (page.Count == 0)
        {
            // More than a page in one interval: give the whole interval (bounded by the orders one interval can hold).
            page = list(cut + 1, ushort.MaxValue).Where(i => intervalOf(i) == cut).ToList();
        }

        return (page, intervalOf(page[^1]));
    }

    /// <summary>Registered by the chain (AddHubChain) in every hub, also without a chain (state not-configured).</summary>
    private static IMarketView? Market(IServiceProvider services) => services.GetService(typeof(IMarketView)) as IMarketView;

    private static ProblemHttpResult NoMarket() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "No market in this hub",
            detail: "This hub runs without the market's trading agent (no IMarketView is registered), so it cannot show or take market orders; update the hub.",
            type: "https://tools.ietf.org/html/rfc9110#section-15.6.4");
}
