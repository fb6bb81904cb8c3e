namespace Hub.Ledger.Billing;

/// <summary>The issued bills and credit notes, for the API and the bills page. Safe from any thread.</summary>
public interface IBillBook
{
    /// <summary>Bills and credit notes with a sequence below <paramref name="beforeSequence"/> (all when null), newest first.</summary>
    IReadOnlyList<Bill> List(long? beforeSequence, int limit);

    /// <summary>A bill or credit note by id (<c>B-000001</c>, <c>C-000002</c>); null when there is none.</summary>
    Bill? Find(string id);

    /// <summary>The bills and credit notes that refer to <paramref name="id"/>: its credit note and the bill replacing it.</summary>
    IReadOnlyList<Bill> ReferringTo(string id);

    /// <summary>The tariff's currency and zone, or null when no <c>Tariff</c> is configured (no bills are issued).</summary>
    Tariff? Tariff { get; }
}
