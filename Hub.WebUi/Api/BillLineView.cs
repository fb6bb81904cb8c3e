namespace Hub.WebUi.Api;

/// <summary>
/// One bill line on the wire, with the links that trace it: <c>readings</c> (the readings it came from, as an
/// <c>/api/readings</c> query) and the blocks sealing its first and last reading.
/// </summary>
public sealed record BillLineView(
    string Kind,
    string? MeterId,
    string Band,
    bool Estimated,
    string? EstimateReason,
    DateTimeOffset From,
    DateTimeOffset To,
    decimal Quantity,
    string Unit,
    decimal UnitPrice,
    decimal Amount,
    long? FirstReadingId,
    long? LastReadingId,
    long? FirstBlockHeight,
    long? LastBlockHeight,
    string? Readings);
