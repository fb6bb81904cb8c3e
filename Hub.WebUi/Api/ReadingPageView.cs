namespace Hub.WebUi.Api;

/// <summary>The answer of <c>GET /api/readings</c>: readings newest last, and the cursor to the older page.</summary>
/// <param name="Items">Up to <c>limit</c> readings, oldest first.</param>
/// <param name="Next">Pass as <c>cursor</c> to fetch the older page; null when there is none.</param>
public sealed record ReadingPageView(IReadOnlyList<ReadingView> Items, string? Next);
