using System.Numerics;
using FsCheck.Xunit;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rlp;
using Hub.Ledger.Evm.Transactions;

namespace Hub.Ledger.Evm.Tests.Rlp;

/// <summary>Properties over random input: round trips, and garbage is always a typed error, never a crash.</summary>
public sealed class CodecPropertyTests
{
    [Property(MaxTest = 300)]
    public bool Rlp_lists_of_strings_round_trip(byte[][] strings)
    {
        var item = RlpItem.List(strings.Select(s => RlpItem.FromBytes(s ?? [])));
        var decoded = RlpCodec.Decode(RlpCodec.Encode(item));
        return decoded.Items.Count == strings.Length
            && decoded.Items.Select(i => i.Bytes).Zip(strings).All(p => p.First.AsSpan().SequenceEqual(p.Second ?? []));
    }

    [Property(MaxTest = 300)]
    public bool Rlp_integers_round_trip(ulong value) =>
        RlpCodec.Decode(RlpCodec.Encode(RlpItem.FromInteger(value))).ToUInt64() == value;

    /// <summary>The decoder is strict, so whatever it accepts is the canonical encoding of what it returns.</summary>
    [Property(MaxTest = 1000)]
    public bool Rlp_decoding_garbage_fails_typed_or_is_canonical(byte[] input)
    {
        try
        {
            return RlpCodec.Encode(RlpCodec.Decode(input)).AsSpan().SequenceEqual(input);
        }
        catch (RlpException)
        {
            return true;
        }
    }

    [Property(MaxTest = 1000)]
    public bool Transaction_decoding_garbage_fails_typed(byte[] body, bool typed)
    {
        byte[] input = typed ? [0x02, .. body] : body;
        try
        {
            TransactionDecoder.Decode(input);
            return true;
        }
        catch (FormatException ex) when (ex is RlpException or TransactionException)
        {
            return true;
        }
    }

    /// <summary>One flipped byte anywhere in a valid signed transaction: a typed error or a decodable transaction.</summary>
    [Property(MaxTest = 200)]
    public bool Transaction_decoding_of_a_corrupted_transaction_fails_typed(int position, byte value, bool eip1559)
    {
        var key = Crypto.Secp256k1Key.FromPrivateKey(Enumerable.Repeat((byte)0x46, 32).ToArray());
        UnsignedTransaction tx = eip1559
            ? new Eip1559Transaction { ChainId = 31337, Nonce = 3, GasLimit = 50000, MaxFeePerGas = 7, To = new byte[20], Data = [1, 2, 3] }
            : new LegacyTransaction { ChainId = 1, Nonce = 3, GasLimit = 50000, GasPrice = 7, To = new byte[20], Data = [1, 2, 3] };
        var raw = tx.Sign(key).Raw;
        raw[(int)((uint)position % (uint)raw.Length)] = value;
        try
        {
            TransactionDecoder.Decode(raw);
            return true;
        }
        catch (FormatException ex) when (ex is RlpException or TransactionException)
        {
            return true;
        }
    }

    [Property(MaxTest = 1000)]
    public bool Abi_decoding_garbage_fails_typed(byte[] data)
    {
        try
        {
            AbiCodec.Decode("uint64,bytes,(bytes32,uint256)[],string,address,bool", data);
            return true;
        }
        catch (AbiException)
        {
            return true;
        }
    }

    [Property(MaxTest = 300)]
    public bool Abi_values_round_trip(ulong height, byte[] payload, byte[][] roots, bool flag)
    {
        var words = roots.Select(r => { var w = new byte[32]; (r ?? []).Take(32).ToArray().CopyTo(w, 0); return w; }).ToArray();
        var encoded = AbiCodec.Encode("uint64,bytes,bytes32[],bool", height, payload ?? [], words, flag);
        var decoded = AbiCodec.Decode("uint64,bytes,bytes32[],bool", encoded);
        return (BigInteger)decoded[0]! == height
            && ((byte[])decoded[1]!).AsSpan().SequenceEqual(payload ?? [])
            && ((object?[])decoded[2]!).Cast<byte[]>().Zip(words).All(p => p.First.AsSpan().SequenceEqual(p.Second))
            && (bool)decoded[3]! == flag;
    }
}
