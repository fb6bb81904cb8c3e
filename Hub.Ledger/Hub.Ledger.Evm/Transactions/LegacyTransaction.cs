using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rlp;

namespace Hub.Ledger.Evm.Transactions;

/// <summary>
/// A legacy transaction with EIP-155 replay protection: the signed hash covers
/// <c>rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])</c> and <c>v = recoveryId + chainId·2 + 35</c>.
/// </summary>
public sealed record LegacyTransaction : UnsignedTransaction
{
    /// <summary>Wei per gas.</summary>
    public BigInteger GasPrice { get; init; }

    public override byte[] SigningPayload()
    {
        var fields = Fields();
        if (ChainId is { } chainId)
        {
            // EIP-155: the chain id and two empty values take the place of v, r, s.
            fields.Add(RlpItem.FromInteger(chainId));
            fields.Add(RlpItem.Empty);
            fields.Add(RlpItem.Empty);
        }

        return RlpCodec.Encode(RlpItem.List(fields));
    }

    public override byte[] Envelope(EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var fields = Fields();
        fields.Add(RlpItem.FromInteger(V(signature.RecoveryId)));
        fields.Add(Scalar(signature.R));
        fields.Add(Scalar(signature.S));
        return RlpCodec.Encode(RlpItem.List(fields));
    }

    /// <summary>EIP-155 v; 27/28 for a pre-EIP-155 transaction.</summary>
    public BigInteger V(int recoveryId) => ChainId is { } chainId
        ? (new BigInteger(chainId) * 2) + 35 + recoveryId
        : 27 + recoveryId;

    private List<RlpItem> Fields() =>
    [
        RlpItem.FromInteger(Nonce),
        RlpItem.FromInteger(GasPrice),
        RlpItem.FromInteger(GasLimit),
        ToItem(To),
        RlpItem.FromInteger(Value),
        RlpItem.FromBytes(Data),
    ];
}
