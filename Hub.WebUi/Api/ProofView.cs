using Hub.Ledger;
using Hub.Ledger.Crypto;

namespace Hub.WebUi.Api;

/// <summary>
/// <c>GET /api/readings/{id}/proof</c>: everything needed to check a reading without trusting the hub
/// (docs/ledger.md "Checking a proof"): the leaf encoding, its keccak256, the siblings up to the root, and the
/// block header with the hub's signature.
/// </summary>
public sealed record ProofView(
    long ReadingId,
    long BlockHeight,
    string Leaf,
    string LeafEncoding,
    int Index,
    IReadOnlyList<string> Siblings,
    string Root,
    BlockView Block)
{
    public static ProofView From(ReadingProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return new ProofView(
            proof.ReadingId,
            proof.Block.Header.Height,
            Hex.Encode(proof.Leaf),
            Hex.Encode(proof.LeafEncoding),
            proof.Index,
            proof.Siblings.Select(s => Hex.Encode(s)).ToList(),
            Hex.Encode(proof.Block.Header.MerkleRoot),
            BlockView.From(proof.Block));
    }
}
