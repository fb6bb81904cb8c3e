namespace Hub.Ledger.Billing;

/// <summary>An issued bill or credit note; once issued it never changes (docs/ledger.md "Bills").</summary>
/// <param name="Id"><c>B-000001</c> for a bill, <c>C-000002</c> for a credit note.</param>
/// <param name="Sequence">1, 2, 3… in issue order, shared by bills and credit notes.</param>
/// <param name="Kind"><c>bill</c> or <c>credit-note</c>.</param>
/// <param name="Refers">A credit note: the bill it cancels. A bill: the bill it replaces (null for a first bill).</param>
/// <param name="PeriodStart">Start of the bill period (UTC).</param>
/// <param name="PeriodEnd">End of the bill period (UTC, exclusive).</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="TimeZone">The zone the bands and period were read in.</param>
/// <param name="Lines">The lines, in a fixed order (meter, kind, measured before estimated, time, band).</param>
/// <param name="Total">The sum of the lines' amounts.</param>
/// <param name="TotalMinorUnits">The total in minor units (cents).</param>
/// <param name="IssuedAt">When the hub issued it.</param>
/// <param name="Hash">keccak256 of <see cref="BillEncoding.Encode"/>.</param>
/// <param name="LastBlockHeight">The highest block holding a reading the bill used (0 when it used none).</param>
public sealed record Bill(
    string Id,
    long Sequence,
    string Kind,
    string? Refers,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string Currency,
    string TimeZone,
    IReadOnlyList<BillLine> Lines,
    decimal Total,
    long TotalMinorUnits,
    DateTimeOffset IssuedAt,
    byte[] Hash,
    long LastBlockHeight)
{
    public const string BillKind = "bill";
    public const string CreditNoteKind = "credit-note";

    public static string IdOf(string kind, long sequence) =>
        (kind == CreditNoteKind ? "C-" : "B-") + sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
