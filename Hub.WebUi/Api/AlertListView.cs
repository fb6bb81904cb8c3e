using Hub.Ledger;

namespace Hub.WebUi.Api;

/// <summary>The answer of <c>GET /api/alerts</c>: alerts newest first.</summary>
public sealed record AlertListView(IReadOnlyList<AlertRecord> Items);
