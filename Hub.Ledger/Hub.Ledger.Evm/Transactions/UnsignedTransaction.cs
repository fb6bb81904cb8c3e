using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rlp;

namespace Hub.Ledger.Evm.Transactions;

/// <summary>
/// The fields every transaction shares. <see cref="To"/> is null for a contract creation. Subtypes define the
/// signing payload and the envelope (EIP-155 legacy, EIP-1559 typed).
/// </summary>
public abstract record UnsignedTransaction
{
    /// <summary>EIP-155 chain id; null only for a decoded pre-EIP-155 legacy transaction.</summary>
    public ulong? ChainId { get; init; }

    public ulong Nonce { get; init; }

    public ulong GasLimit { get; init; }

    /// <summary>20 bytes, or null to create a contract.</summary>
    public byte[]? To { get; init; }

    /// <summary>Wei.</summary>
    public BigInteger Value { get; init; }

    public byte[] Data { get; init; } = [];

    /// <summary>The Keccak-256 hash that the sender signs.</summary>
    public byte[] SigningHash() => Keccak256.Hash(SigningPayload());

    /// <summary>Signs with <paramref name="key"/> (RFC 6979, low-s) and returns the raw transaction and its hash.</summary>
    public SignedTransaction Sign(Secp256k1Key key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (To is not null && To.Length != 20)
        {
            throw new TransactionException($"tx: 'to' is {To.Length} bytes; an address is 20.");
        }

        var signature = key.Sign(SigningHash());
        var raw = Envelope(signature);
        return new SignedTransaction(this, signature, raw, Keccak256.Hash(raw), key.Address);
    }

    /// <summary>The bytes whose hash is signed.</summary>
    public abstract byte[] SigningPayload();

    /// <summary>The raw signed transaction, as eth_sendRawTransaction takes it.</summary>
    public abstract byte[] Envelope(EcdsaSignature signature);

    internal static RlpItem ToItem(byte[]? to) => to is null ? RlpItem.Empty : RlpItem.FromBytes(to);

    /// <summary>r and s are RLP scalars: big-endian without leading zeros.</summary>
    internal static RlpItem Scalar(byte[] bigEndian) => RlpItem.FromInteger(new BigInteger(bigEndian, isUnsigned: true, isBigEndian: true));
}
