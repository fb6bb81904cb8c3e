namespace Hub.Ledger;

/// <summary>One rule's judgement of one reading: which rule, whether it passed, and why, in words.</summary>
public sealed record Verdict(string Rule, bool Ok, string Detail);
