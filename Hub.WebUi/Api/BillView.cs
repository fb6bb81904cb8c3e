using System.Globalization;
using Hub.Ledger;
using Hub.Ledger.Billing;
using Hub.Ledger.Crypto;
using Hub.Plugins.Abstractions;

namespace Hub.WebUi.Api;

/// <summary>
/// A bill or credit note on the wire: totals in the currency (a JSON number) and in minor units, the hash as
/// 0x-hex, what replaced or credited it, its settlement on chain (<c>settlementStatus</c>, <c>settlementReason</c> when
/// it is not settled on chain, see <see cref="BillSettlementState"/>) and <c>settlementTx</c> once settled (null until then).
/// </summary>
public sealed record BillView(
    string Id,
    long Sequence,
    string Kind,
    string? Refers,
    string? CreditedBy,
    string? ReplacedBy,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string Currency,
    string TimeZone,
    decimal Total,
    long TotalMinorUnits,
    DateTimeOffset IssuedAt,
    string Hash,
    long LastBlockHeight,
    string? SettlementTx,
    string SettlementStatus,
    string? SettlementReason,
    IReadOnlyList<BillLineView> Lines)
{
    public static BillView From(Bill bill, IBillBook book, IReadingStore readings, IBillSettlementStatus? settlement)
    {
        ArgumentNullException.ThrowIfNull(bill);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(readings);
        var referring = bill.Kind == Bill.BillKind ? book.ReferringTo(bill.Id) : [];
        var onChain = settlement?.Find(bill.Sequence, bill.Id, bill.LastBlockHeight) ?? BillSettlementState.NoChain;
        return new BillView(
            bill.Id,
            bill.Sequence,
            bill.Kind,
            bill.Refers,
            referring.FirstOrDefault(b => b.Kind == Bill.CreditNoteKind)?.Id,
            referring.FirstOrDefault(b => b.Kind == Bill.BillKind)?.Id,
            bill.PeriodStart,
            bill.PeriodEnd,
            bill.Currency,
            bill.TimeZone,
            bill.Total,
            bill.TotalMinorUnits,
            bill.IssuedAt,
            Hex.Encode(bill.Hash),
            bill.LastBlockHeight,
            onChain.SettlementTx,
            onChain.Status,
            onChain.Reason,
            [.. bill.Lines.Select(l => Line(l, readings))]);
    }

    private static BillLineView Line(BillLine line, IReadingStore readings)
    {
        string? link = null;
        if (line.MeterId is { } meter && line.FirstReadingId is { } first && line.LastReadingId is { } last
            && readings.GetReading(first) is { } a && readings.GetReading(last) is { } b)
        {
            // 'to' is exclusive in /api/readings: one millisecond past the last reading.
            link = string.Create(CultureInfo.InvariantCulture,
                $"/api/readings?meter={Uri.EscapeDataString(meter)}&from={Uri.EscapeDataString(ReadingJson.FormatTimestamp(a.Reading.Timestamp))}&to={Uri.EscapeDataString(ReadingJson.FormatTimestamp(b.Reading.Timestamp.AddMilliseconds(1)))}");
        }

        return new BillLineView(line.Kind, line.MeterId, line.Band, line.Estimated, line.EstimateReason, line.From, line.To,
            line.Quantity, line.Unit, line.UnitPrice, line.Amount, line.FirstReadingId, line.LastReadingId,
            line.FirstBlockHeight, line.LastBlockHeight, link);
    }
}
