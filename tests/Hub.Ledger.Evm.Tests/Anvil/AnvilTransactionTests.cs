using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rpc;
using Hub.Ledger.Evm.Transactions;

namespace Hub.Ledger.Evm.Tests.Anvil;

/// <summary>Transactions signed by our client, sent to a real anvil, and decoded by Foundry's cast.</summary>
public sealed class AnvilTransactionTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    [Fact]
    public async Task A_legacy_eip155_transfer_is_mined_and_cast_decodes_the_same_fields()
    {
        var key = await anvil.FundedKeyAsync(Ether);
        var recipient = Secp256k1Key.Generate().Address;
        var tx = new LegacyTransaction
        {
            ChainId = anvil.ChainId,
            Nonce = await anvil.Rpc.GetTransactionCountAsync(key.ChecksumAddress),
            GasPrice = await anvil.Rpc.GetGasPriceAsync() * 2,
            GasLimit = 21000,
            To = recipient,
            Value = 12345,
        };
        var signed = tx.Sign(key);

        var hash = await anvil.Rpc.SendRawTransactionAsync(signed.Raw);
        Assert.Equal(signed.Hash, hash);
        var receipt = await anvil.Rpc.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(30));
        Assert.True(receipt.Succeeded);
        Assert.Equal(21000UL, receipt.GasUsed);
        Assert.Equal(key.ChecksumAddress, receipt.From);
        Assert.Equal(new BigInteger(12345), await anvil.Rpc.GetBalanceAsync(Hex.Encode(recipient)));
        Assert.Equal(1UL, await anvil.Rpc.GetTransactionCountAsync(key.ChecksumAddress));

        var cast = AnvilFixture.ParseCastJson(await AnvilFixture.CastAsync("decode-transaction", signed.RawHex));
        Assert.Equal("0x0", Text(cast, "type"));
        Assert.Equal(key.ChecksumAddress.ToLowerInvariant(), Text(cast, "signer").ToLowerInvariant());
        Assert.Equal(anvil.ChainId, Quantity(cast, "chainId"));
        Assert.Equal(tx.Nonce, Quantity(cast, "nonce"));
        Assert.Equal(tx.GasPrice, Quantity(cast, "gasPrice"));
        Assert.Equal(tx.GasLimit, Quantity(cast, "gas"));
        Assert.Equal(Hex.Encode(recipient), Text(cast, "to").ToLowerInvariant());
        Assert.Equal(tx.Value, Quantity(cast, "value"));
        Assert.Equal("0x", Text(cast, "input"));
        Assert.Equal(signed.HashHex, Text(cast, "hash"));
        Assert.Equal(tx.V(signed.Signature.RecoveryId), Quantity(cast, "v"));
    }

    [Fact]
    public async Task An_eip1559_transaction_with_data_is_mined_and_cast_decodes_the_same_fields()
    {
        var key = await anvil.FundedKeyAsync(Ether);
        var recipient = Secp256k1Key.Generate().Address;
        var history = await anvil.Rpc.GetFeeHistoryAsync(4, "latest", [50]);
        var tip = await anvil.Rpc.GetMaxPriorityFeePerGasAsync();
        var tx = new Eip1559Transaction
        {
            ChainId = anvil.ChainId,
            Nonce = await anvil.Rpc.GetTransactionCountAsync(key.ChecksumAddress),
            MaxPriorityFeePerGas = tip,
            MaxFeePerGas = (history.NextBaseFee * 2) + tip,
            GasLimit = 30000,
            To = recipient,
            Value = Ether / 1000,
            Data = [0xde, 0xad, 0xbe, 0xef],
        };
        var signed = tx.Sign(key);
        Assert.Equal(signed.Hash, await anvil.Rpc.SendRawTransactionAsync(signed.Raw));
        var receipt = await anvil.Rpc.WaitForReceiptAsync(signed.Hash, TimeSpan.FromSeconds(30));
        Assert.True(receipt.Succeeded);
        Assert.True(receipt.EffectiveGasPrice <= tx.MaxFeePerGas);
        Assert.Equal(Ether / 1000, await anvil.Rpc.GetBalanceAsync(Hex.Encode(recipient)));
        Assert.True(await anvil.Rpc.GetBlockNumberAsync() >= receipt.BlockNumber);

        var cast = AnvilFixture.ParseCastJson(await AnvilFixture.CastAsync("decode-transaction", signed.RawHex));
        Assert.Equal("0x2", Text(cast, "type"));
        Assert.Equal(key.ChecksumAddress.ToLowerInvariant(), Text(cast, "signer").ToLowerInvariant());
        Assert.Equal(anvil.ChainId, Quantity(cast, "chainId"));
        Assert.Equal(tx.Nonce, Quantity(cast, "nonce"));
        Assert.Equal(tx.MaxFeePerGas, Quantity(cast, "maxFeePerGas"));
        Assert.Equal(tx.MaxPriorityFeePerGas, Quantity(cast, "maxPriorityFeePerGas"));
        Assert.Equal(tx.GasLimit, Quantity(cast, "gas"));
        Assert.Equal(Hex.Encode(recipient), Text(cast, "to").ToLowerInvariant());
        Assert.Equal(tx.Value, Quantity(cast, "value"));
        Assert.Equal("0xdeadbeef", Text(cast, "input"));
        Assert.Equal(signed.HashHex, Text(cast, "hash"));
    }

    [Fact]
    public async Task A_wrong_chain_id_is_refused_with_the_nodes_error()
    {
        var key = await anvil.FundedKeyAsync(Ether);
        var tx = new Eip1559Transaction
        {
            ChainId = anvil.ChainId + 1,
            Nonce = 0,
            MaxPriorityFeePerGas = 1,
            MaxFeePerGas = await anvil.Rpc.GetGasPriceAsync() * 2,
            GasLimit = 21000,
            To = Secp256k1Key.Generate().Address,
        };
        var ex = await Assert.ThrowsAsync<JsonRpcErrorException>(() => anvil.Rpc.SendRawTransactionAsync(tx.Sign(key).Raw));
        Assert.Equal("eth_sendRawTransaction", ex.Method);
        Assert.Contains("chain", ex.RpcMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0UL, await anvil.Rpc.GetTransactionCountAsync(key.ChecksumAddress));
    }

    [Fact]
    public async Task An_unfunded_key_is_refused_with_insufficient_funds()
    {
        var key = Secp256k1Key.Generate();
        var tx = new LegacyTransaction
        {
            ChainId = anvil.ChainId,
            GasPrice = await anvil.Rpc.GetGasPriceAsync(),
            GasLimit = 21000,
            To = Secp256k1Key.Generate().Address,
            Value = 1,
        };
        var ex = await Assert.ThrowsAsync<JsonRpcErrorException>(() => anvil.Rpc.SendRawTransactionAsync(tx.Sign(key).Raw));
        Assert.Contains("insufficient funds", ex.RpcMessage, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, ex.Code);
    }

    private static string Text(JsonElement json, string name) => json.GetProperty(name).GetString()!;

    private static BigInteger Quantity(JsonElement json, string name) =>
        BigInteger.Parse("0" + Text(json, name)[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
