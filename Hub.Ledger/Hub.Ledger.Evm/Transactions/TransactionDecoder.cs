using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rlp;

namespace Hub.Ledger.Evm.Transactions;

/// <summary>
/// Decodes a raw signed transaction (EIP-2718: a first byte ≥ 0xc0 is a legacy RLP list, 0x02 is EIP-1559) and
/// recovers its sender. Any malformation is a <see cref="TransactionException"/> or <see cref="RlpException"/>.
/// </summary>
public static class TransactionDecoder
{
    /// <summary>secp256k1's group order n divided by 2: EIP-2 makes signatures with a larger s invalid.</summary>
    private static readonly BigInteger HalfOrder = BigInteger.Parse(
        "07fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            throw new TransactionException("tx: empty input.");
        }

        return raw[0] switch
        {
            >= 0xc0 => DecodeLegacy(raw),
            Eip1559Transaction.TypeByte => DecodeEip1559(raw),
            var type when type <= 0x7f => throw new TransactionException($"tx: unsupported EIP-2718 transaction type 0x{type:x2}."),
            var other => throw new TransactionException($"tx: first byte 0x{other:x2} is neither a transaction type nor an RLP list."),
        };
    }

    public static SignedTransaction Decode(string rawHex) => Decode(Hex.Decode(rawHex));

    private static SignedTransaction DecodeLegacy(ReadOnlySpan<byte> raw)
    {
        var fields = Fields(RlpCodec.Decode(raw), 9, "legacy");
        var v = fields[6].ToInteger();
        ulong? chainId;
        int recoveryId;
        if (v == 27 || v == 28)
        {
            chainId = null;
            recoveryId = (int)(v - 27);
        }
        else if (v >= 37)
        {
            // EIP-155: v = chainId·2 + 35 + recoveryId.
            var id = (v - 35) / 2;
            if (id > ulong.MaxValue)
            {
                throw new TransactionException($"tx: v = {v} implies a chain id above 64 bits.");
            }

            chainId = (ulong)id;
            recoveryId = (int)((v - 35) % 2);
        }
        else
        {
            throw new TransactionException($"tx: v = {v} is neither 27/28 nor an EIP-155 value.");
        }

        var tx = new LegacyTransaction
        {
            Nonce = fields[0].ToUInt64(),
            GasPrice = fields[1].ToInteger(),
            GasLimit = fields[2].ToUInt64(),
            To = Address(fields[3]),
            Value = fields[4].ToInteger(),
            Data = fields[5].Bytes,
            ChainId = chainId,
        };
        return Finish(tx, fields[7], fields[8], recoveryId, raw);
    }

    private static SignedTransaction DecodeEip1559(ReadOnlySpan<byte> raw)
    {
        var fields = Fields(RlpCodec.Decode(raw[1..]), 12, "EIP-1559");
        var yParity = fields[9].ToInteger();
        if (yParity > 1)
        {
            throw new TransactionException($"tx: y parity {yParity}; expected 0 or 1.");
        }

        if (!fields[8].IsList)
        {
            throw new TransactionException("tx: the access list is not a list.");
        }

        var tx = new Eip1559Transaction
        {
            ChainId = fields[0].ToUInt64(),
            Nonce = fields[1].ToUInt64(),
            MaxPriorityFeePerGas = fields[2].ToInteger(),
            MaxFeePerGas = fields[3].ToInteger(),
            GasLimit = fields[4].ToUInt64(),
            To = Address(fields[5]),
            Value = fields[6].ToInteger(),
            Data = fields[7].Bytes,
            AccessList = fields[8],
        };
        return Finish(tx, fields[10], fields[11], (int)yParity, raw);
    }

    private static IReadOnlyList<RlpItem> Fields(RlpItem item, int count, string kind)
    {
        if (!item.IsList || item.Items.Count != count)
        {
            throw new TransactionException($"tx: a signed {kind} transaction is a list of {count} fields.");
        }

        return item.Items;
    }

    private static byte[]? Address(RlpItem item)
    {
        var bytes = item.Bytes;
        return bytes.Length switch
        {
            0 => null,
            20 => bytes,
            _ => throw new TransactionException($"tx: 'to' is {bytes.Length} bytes; an address is 20."),
        };
    }

    private static SignedTransaction Finish(UnsignedTransaction tx, RlpItem r, RlpItem s, int recoveryId, ReadOnlySpan<byte> raw)
    {
        var sValue = s.ToInteger();
        if (sValue > HalfOrder)
        {
            throw new TransactionException("tx: s is in the upper half of the curve order, invalid since Homestead (EIP-2).");
        }

        var signature = new EcdsaSignature(Word(r.ToInteger()), Word(sValue), recoveryId);
        var publicKey = Secp256k1.Recover(tx.SigningHash(), signature)
            ?? throw new TransactionException("tx: the signature does not recover to any public key.");
        return new SignedTransaction(tx, signature, raw.ToArray(), Keccak256.Hash(raw), Secp256k1.AddressOf(publicKey));
    }

    private static byte[] Word(BigInteger value)
    {
        if (value.IsZero)
        {
            throw new TransactionException("tx: a signature component is zero.");
        }

        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var word = new byte[32];
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }
}
