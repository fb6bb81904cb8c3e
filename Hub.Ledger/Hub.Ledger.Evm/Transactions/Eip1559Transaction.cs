using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rlp;

namespace Hub.Ledger.Evm.Transactions;

/// <summary>
/// An EIP-1559 fee-market transaction, EIP-2718 type 0x02:
/// <c>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList, yParity, r, s])</c>.
/// </summary>
public sealed record Eip1559Transaction : UnsignedTransaction
{
    /// <summary>The EIP-2718 transaction type.</summary>
    public const byte TypeByte = 0x02;

    /// <summary>Wei per gas paid to the block producer on top of the base fee.</summary>
    public BigInteger MaxPriorityFeePerGas { get; init; }

    /// <summary>Wei per gas at most, base fee included.</summary>
    public BigInteger MaxFeePerGas { get; init; }

    /// <summary>The EIP-2930 access list as RLP (kept verbatim when decoding); empty by default.</summary>
    public RlpItem AccessList { get; init; } = RlpItem.EmptyList;

    public override byte[] SigningPayload() => Typed(Fields());

    public override byte[] Envelope(EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var fields = Fields();
        fields.Add(RlpItem.FromInteger(signature.RecoveryId));
        fields.Add(Scalar(signature.R));
        fields.Add(Scalar(signature.S));
        return Typed(fields);
    }

    private static byte[] Typed(List<RlpItem> fields)
    {
        var body = RlpCodec.Encode(RlpItem.List(fields));
        var bytes = new byte[body.Length + 1];
        bytes[0] = TypeByte;
        body.CopyTo(bytes, 1);
        return bytes;
    }

    private List<RlpItem> Fields()
    {
        var chainId = ChainId ?? throw new TransactionException("tx: an EIP-1559 transaction needs a chain id.");
        return
        [
            RlpItem.FromInteger(chainId),
            RlpItem.FromInteger(Nonce),
            RlpItem.FromInteger(MaxPriorityFeePerGas),
            RlpItem.FromInteger(MaxFeePerGas),
            RlpItem.FromInteger(GasLimit),
            ToItem(To),
            RlpItem.FromInteger(Value),
            RlpItem.FromBytes(Data),
            AccessList,
        ];
    }
}
