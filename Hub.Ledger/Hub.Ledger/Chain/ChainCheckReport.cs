namespace Hub.Ledger.Chain;

/// <summary>What <see cref="ChainRootCheck"/> found.</summary>
/// <param name="Outcome">Matches, failed (a block differs), unreachable or not configured.</param>
/// <param name="Message">In words, naming the block when one differs.</param>
/// <param name="AnchoredHeight">The chain's anchored height for the hub.</param>
/// <param name="Checked">Blocks whose roots were compared.</param>
public sealed record ChainCheckReport(ChainCheckOutcome Outcome, string Message, long AnchoredHeight, long Checked);

public enum ChainCheckOutcome
{
    NotConfigured,
    Matches,
    Failed,
    Unreachable,
}
