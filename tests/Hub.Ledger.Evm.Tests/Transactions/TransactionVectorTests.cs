using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Transactions;

namespace Hub.Ledger.Evm.Tests.Transactions;

public sealed class TransactionVectorTests
{
    private static readonly Secp256k1Key Key46 = Secp256k1Key.FromPrivateKey(Hex.Decode("0x" + string.Concat(Enumerable.Repeat("46", 32))));

    /// <summary>The example of the EIP-155 text.</summary>
    private static readonly LegacyTransaction Eip155Example = new()
    {
        Nonce = 9,
        GasPrice = 20_000_000_000,
        GasLimit = 21000,
        To = Hex.Decode("0x3535353535353535353535353535353535353535"),
        Value = BigInteger.Parse("1000000000000000000", System.Globalization.CultureInfo.InvariantCulture),
        ChainId = 1,
    };

    private const string Eip155Raw = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    // Signed offline by Foundry's `cast mktx` (1.7.1) with the same key: an independent implementation of EIP-1559.
    private const string CastTransferRaw = "0x02f873010984773594008506fc23ac00825208943535353535353535353535353535353535353535880de0b6b3a764000080c080a02b03b67e070f45175ce9d07c4512720168bd468a24edb6997977a53d48c87a12a0733d775fdd689d306e08ac8ab399f34b5a0253b47ed81b8bf2d2a6ea607fcac7";
    private const string CastAnchorRaw = "0x02f9010e827a69800184342770c0830186a0945fbdb2315678afecb367f032d93f642f64180aa380b8a4497a71cd00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000006000000000000000000000000000000000000000000000000000000000000000011111111111111111111111111111111111111111111111111111111111111111c080a0a1598f9ac6878105bc1e7f84815daf58c28038e5df733bfdfc7497ae6fbfb9f3a010d29eb46f9a201ff4fd705d0aeb2494b5f67b7399cf10cda3b2de4055afa323";

    [Fact]
    public void Eip155_example_signing_data_and_hash_match_the_eip()
    {
        Assert.Equal(
            "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080",
            Hex.Encode(Eip155Example.SigningPayload()));
        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", Hex.Encode(Eip155Example.SigningHash()));
    }

    [Fact]
    public void Eip155_example_signs_to_the_eip_raw_transaction()
    {
        var signed = Eip155Example.Sign(Key46);
        Assert.Equal(Eip155Raw, signed.RawHex);
        Assert.Equal(37, (int)Eip155Example.V(signed.Signature.RecoveryId));
        Assert.Equal("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", signed.SenderChecksum);
        // The hash cast reports for this raw transaction (`cast decode-transaction`).
        Assert.Equal("0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788", signed.HashHex);
    }

    [Fact]
    public void Eip155_example_decodes_to_its_fields_and_sender()
    {
        var decoded = TransactionDecoder.Decode(Eip155Raw);
        var tx = Assert.IsType<LegacyTransaction>(decoded.Transaction);
        Assert.Equal((1UL, 9UL, 21000UL, Eip155Example.Value, Eip155Example.GasPrice), (tx.ChainId!.Value, tx.Nonce, tx.GasLimit, tx.Value, tx.GasPrice));
        Assert.Equal(Eip155Example.To, tx.To);
        Assert.Empty(tx.Data);
        Assert.Equal(Key46.Address, decoded.Sender);
        Assert.Equal(Eip155Raw, decoded.RawHex);
    }

    [Fact]
    public void Eip1559_transfer_matches_cast_mktx_byte_for_byte()
    {
        var tx = new Eip1559Transaction
        {
            ChainId = 1,
            Nonce = 9,
            MaxPriorityFeePerGas = 2_000_000_000,
            MaxFeePerGas = 30_000_000_000,
            GasLimit = 21000,
            To = Hex.Decode("0x3535353535353535353535353535353535353535"),
            Value = BigInteger.Pow(10, 18),
        };
        Assert.Equal(CastTransferRaw, tx.Sign(Key46).RawHex);
    }

    [Fact]
    public void Eip1559_contract_call_matches_cast_mktx_and_decodes_back()
    {
        var anchor = Evm.Abi.AbiFunction.Parse("anchor(bytes32,uint64,bytes32[])");
        var hubId = new byte[32];
        hubId[31] = 1;
        var tx = new Eip1559Transaction
        {
            ChainId = 31337,
            Nonce = 0,
            MaxPriorityFeePerGas = 1,
            MaxFeePerGas = 875_000_000,
            GasLimit = 100_000,
            To = Hex.Decode("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
            Data = anchor.EncodeCall(hubId, 1UL, new[] { Enumerable.Repeat((byte)0x11, 32).ToArray() }),
        };
        var signed = tx.Sign(Key46);
        Assert.Equal(CastAnchorRaw, signed.RawHex);

        var decoded = TransactionDecoder.Decode(CastAnchorRaw);
        var back = Assert.IsType<Eip1559Transaction>(decoded.Transaction);
        Assert.Equal(31337UL, back.ChainId);
        Assert.Equal(875_000_000, back.MaxFeePerGas);
        Assert.Equal(tx.Data, back.Data);
        Assert.Equal(Key46.Address, decoded.Sender);
        Assert.Equal(signed.Hash, decoded.Hash);
    }

    [Fact]
    public void A_contract_creation_has_an_empty_to()
    {
        var signed = new Eip1559Transaction { ChainId = 5, Nonce = 1, GasLimit = 100000, MaxFeePerGas = 10, Data = [0x60, 0x00] }.Sign(Key46);
        var decoded = TransactionDecoder.Decode(signed.Raw);
        Assert.Null(decoded.Transaction.To);
        Assert.Equal(signed.Raw, decoded.Raw);
    }

    [Theory]
    [InlineData("0x", "empty")]
    [InlineData("0x01c0", "unsupported EIP-2718 transaction type 0x01")]
    [InlineData("0x03c0", "unsupported EIP-2718 transaction type 0x03")]
    [InlineData("0x80", "neither a transaction type nor an RLP list")]
    [InlineData("0xc0", "list of 9 fields")]
    [InlineData("0x02c0", "list of 12 fields")]
    public void Malformed_transactions_are_typed_errors(string hex, string because)
    {
        var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(Hex.Decode(hex)));
        Assert.Contains(because, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_signature_recovers_another_sender_or_fails()
    {
        var raw = Hex.Decode(Eip155Raw);
        raw[^1] ^= 0x01;
        try
        {
            Assert.NotEqual(Key46.Address, TransactionDecoder.Decode(raw).Sender);
        }
        catch (TransactionException)
        {
            // No key recovers from the tampered signature: also a correct outcome.
        }
    }

    [Fact]
    public void A_high_s_signature_is_rejected_as_eip2_says()
    {
        // Replace s by n − s: the same signature in its malleable twin form.
        var n = BigInteger.Parse("0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
        var signed = Eip155Example.Sign(Key46);
        var s = new BigInteger(signed.Signature.S, isUnsigned: true, isBigEndian: true);
        var twin = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var raw = Eip155Example.Envelope(signed.Signature with { S = twin, RecoveryId = 1 - signed.Signature.RecoveryId });
        var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw));
        Assert.Contains("EIP-2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_after_a_transaction_are_rejected()
    {
        Assert.Throws<Evm.Rlp.RlpException>(() => TransactionDecoder.Decode(Eip155Raw + "00"));
    }
}
