namespace Hub.WebUi.Api;

/// <summary>The answer of <c>GET /api/bills</c>: bills and credit notes newest first, and the cursor to older ones.</summary>
public sealed record BillListView(IReadOnlyList<BillView> Items, long? Next);
