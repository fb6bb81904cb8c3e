namespace Hub.Ledger;

/// <summary>
/// Issued bills in the order they were issued, for the chain sync to settle on chain. Implemented by the billing
/// side; the chain sync remembers the last <see cref="BillToSettle.Sequence"/> it took (in its own outbox transaction),
/// so a bill is handed over once even across a crash.
/// </summary>
public interface IBillSettlementFeed
{
    /// <summary>Issued bills (and credit notes, with a negative amount) with a sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    IReadOnlyList<BillToSettle> IssuedAfter(long afterSequence, int limit);
}

/// <summary>One issued bill as the chain sees it.</summary>
/// <param name="Sequence">1, 2, 3… in issue order, never reused.</param>
/// <param name="BillId">The bill's id as the API shows it.</param>
/// <param name="BillHash">keccak256 of the bill's canonical encoding (32 bytes), what the contract stores.</param>
/// <param name="AmountMinorUnits">The total in the currency's minor units (cents); negative for a credit note.</param>
/// <param name="Currency">ISO 4217 code of the tariff's currency.</param>
/// <param name="LastBlockHeight">The block holding the last reading the bill used: settlement waits until it is anchored.</param>
public sealed record BillToSettle(long Sequence, string BillId, byte[] BillHash, long AmountMinorUnits, string Currency, long LastBlockHeight);
