using System.ComponentModel;
using System.Globalization;
using Hub.Ledger;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Hub.WebUi.Endpoints;

/// <summary><c>GET /api/blocks</c>, <c>GET /api/blocks/{height}</c> and <c>GET /api/readings/{id}/proof</c>.</summary>
internal static class BlocksEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/blocks", List)
            .WithName("ListBlocks")
            .WithTags("Ledger")
            .WithSummary("Sealed blocks, newest first")
            .WithDescription("Pass 'next' as 'before' to fetch older blocks; 'next' is null on the last page.")
            .ProducesValidationProblem();

        api.MapGet("/blocks/{height}", Get)
            .WithName("GetBlock")
            .WithTags("Ledger")
            .WithSummary("One sealed block by height")
            .WithDescription("The block header (prevHash, merkleRoot, counts, timestamps, reading id range), its hash, the hub's "
                + "signature and address, and anchorTx once anchored on chain; 404 when no block has this height.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/readings/{id}/proof", Proof)
            .WithName("GetReadingProof")
            .WithTags("Ledger")
            .WithSummary("Merkle proof of one reading up to its block root, with the hub's signature of the block")
            .WithDescription("404 when there is no such reading, or it is not sealed yet (blocks are sealed every Hub:BlockSeconds). "
                + "docs/ledger.md says how to check a proof without the hub.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static Results<Ok<BlockListView>, ProblemHttpResult> List(
        [FromServices] IBlockStore blocks,
        [FromQuery, Description("Only blocks below this height (the 'next' of the previous page).")] string? before,
        [FromQuery, Description("Blocks per page, 1 to 1000; default 100.")] string? limit)
    {
        if (Problems.ReadPage(before, "a block height", limit, out var below, out var size) is { } bad)
        {
            return bad;
        }

        var items = blocks.ListBlocks(below, size + 1);
        var page = items.Take(size).Select(BlockView.From).ToList();
        long? next = items.Count > size ? page[^1].Height : null;
        return TypedResults.Ok(new BlockListView(page, next));
    }

    internal static Results<Ok<BlockView>, ProblemHttpResult> Get(
        [FromServices] IBlockStore blocks,
        [Description("The block height, 1 for the first block.")] string height)
    {
        if (!long.TryParse(height, NumberStyles.None, CultureInfo.InvariantCulture, out var h))
        {
            return Problems.BadParameter("height", $"expected a block height (a whole number), got '{Problems.Clip(height)}'.");
        }

        return blocks.GetBlock(h) is { } block
            ? TypedResults.Ok(BlockView.From(block))
            : Problems.NotFound("Block not found", $"No block has height {h.ToString(CultureInfo.InvariantCulture)}; GET /api/blocks lists the sealed blocks.");
    }

    internal static Results<Ok<ProofView>, ProblemHttpResult> Proof(
        [FromServices] IBlockStore blocks,
        [FromServices] IReadingStore readings,
        [FromServices] IEnumerable<IRetentionInfo> retentions,
        [Description("The reading id.")] string id)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var readingId))
        {
            return Problems.BadParameter("id", $"expected a reading id (a whole number), got '{Problems.Clip(id)}'.");
        }

        var retention = retentions.FirstOrDefault();
        if (blocks.GetProof(readingId) is { } proof)
        {
            return TypedResults.Ok(ProofView.From(proof));
        }

        var idText = readingId.ToString(CultureInfo.InvariantCulture);
        if (retention?.IsPruned(readingId) == true)
        {
            return Problems.NotFound("Reading pruned", $"Reading {idText} was sealed and then pruned by Hub:RetentionDays; its block (GET /api/blocks) still holds its leaf, but the reading itself is gone, so no proof can be given.");
        }

        return readings.GetReading(readingId) is null
            ? Problems.NotFound("Reading not found", $"No reading has id {idText}.")
            : Problems.NotFound("Reading not sealed yet", $"Reading {idText} is not sealed in a block yet; blocks are sealed every Hub:BlockSeconds, try again then.");
    }
}
