using System.Numerics;

namespace Hub.Ledger.Chain;

/// <summary>
/// A transaction of the chain sync as the outbox keeps it: recorded, signed, before it is broadcast, so that after a
/// crash the hub knows what may already be in the node's pool or mined.
/// </summary>
/// <param name="Id">1, 2, 3… in the order they were created.</param>
/// <param name="Kind"><c>anchor</c>, <c>submit</c> or <c>settle</c>.</param>
/// <param name="FirstHeight">For an anchor: the first height.</param>
/// <param name="Count">For an anchor: the number of roots.</param>
/// <param name="Bills">For bills: their sequences.</param>
/// <param name="To">The contract.</param>
/// <param name="Data">The call data.</param>
/// <param name="Gas">The gas limit.</param>
/// <param name="Nonce">The nonce it uses; replacements keep it.</param>
/// <param name="Tip">maxPriorityFeePerGas of the newest version.</param>
/// <param name="MaxFee">maxFeePerGas of the newest version.</param>
/// <param name="Raw">The newest signed version.</param>
/// <param name="Hashes">Every signed version's hash, oldest first (a replaced one may still be mined).</param>
/// <param name="State"><c>signed</c> (in flight), <c>confirmed</c>, <c>reverted</c> or <c>dropped</c>.</param>
/// <param name="SentAt">When the newest version was signed and recorded.</param>
/// <param name="Error">Why it reverted or was dropped.</param>
/// <param name="Value">Wei sent with it (a market bid's escrow); 0 for everything else.</param>
/// <param name="Note">For a market transaction: what it does, in words (e.g. <c>place offer for interval 123</c>).</param>
internal sealed record OutboxEntry(
    long Id,
    string Kind,
    long FirstHeight,
    int Count,
    IReadOnlyList<long> Bills,
    string To,
    byte[] Data,
    ulong Gas,
    ulong Nonce,
    BigInteger Tip,
    BigInteger MaxFee,
    byte[] Raw,
    IReadOnlyList<string> Hashes,
    string State,
    DateTimeOffset SentAt,
    string? Error,
    BigInteger Value = default,
    string? Note = null)
{
    public const string Anchor = "anchor";
    public const string Submit = "submit";
    public const string Settle = "settle";
    public const string Market = "market";
    public const string Signed = "signed";
    public const string Confirmed = "confirmed";
    public const string Reverted = "reverted";
    public const string Dropped = "dropped";

    public string LatestHash => Hashes[^1];

    public string Describe() => Kind switch
    {
        Anchor => Count == 1 ? $"anchor of block {FirstHeight}" : $"anchor of blocks {FirstHeight}–{FirstHeight + Count - 1}",
        Market => $"market transaction ({Note})",
        _ => $"{(Kind == Submit ? "submission" : "settlement")} of {Bills.Count} bill(s)",
    };
}
