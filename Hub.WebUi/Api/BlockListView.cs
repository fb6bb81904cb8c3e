namespace Hub.WebUi.Api;

/// <summary>The answer of <c>GET /api/blocks</c>: blocks newest first, and the cursor to older ones.</summary>
public sealed record BlockListView(IReadOnlyList<BlockView> Items, long? Next);
