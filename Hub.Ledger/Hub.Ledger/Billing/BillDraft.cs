namespace Hub.Ledger.Billing;

/// <summary>What <see cref="BillCalculator"/> computes for a period: the lines and their total.</summary>
public sealed record BillDraft(BillPeriod Period, IReadOnlyList<BillLine> Lines, decimal Total);
