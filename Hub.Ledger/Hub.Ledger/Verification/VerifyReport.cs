namespace Hub.Ledger.Verification;

/// <summary>The outcome of re-checking the ledger.</summary>
/// <param name="Intact">True when every block, reading, signature and verdict checked out.</param>
/// <param name="Blocks">Blocks checked.</param>
/// <param name="Readings">Readings checked (sealed or not).</param>
/// <param name="Unsealed">Of those, not sealed yet (their verdicts are checked; they have no proof yet).</param>
/// <param name="Problem">The first thing that does not match, naming the reading or block; null when intact.</param>
public sealed record VerifyReport(bool Intact, long Blocks, long Readings, long Unsealed, string? Problem);
