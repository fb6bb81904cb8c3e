using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using Hub.Ledger.Evm.Rpc;
using Hub.Ledger.Evm.Transactions;

namespace Hub.Ledger.Evm.Tests.Anvil;

/// <summary>The contracts deployed, called and read by our client on a real anvil.</summary>
public sealed class AnvilContractTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(30);
    private static readonly AbiFunction RegisterHub = AbiFunction.Parse("registerHub(bytes32,address,address,address)");
    private static readonly AbiFunction Anchor = AbiFunction.Parse("anchor(bytes32,uint64,bytes32[])");
    private static readonly AbiFunction AnchoredHeight = AbiFunction.Parse("anchoredHeight(bytes32)", "uint64");
    private static readonly AbiFunction RootOf = AbiFunction.Parse("rootOf(bytes32,uint64)", "bytes32");
    private static readonly AbiFunction HubOf = AbiFunction.Parse("hubOf(bytes32)", "(address,address,address,bool)");
    private static readonly AbiEvent Anchored = AbiEvent.Parse("Anchored(bytes32 indexed hubId, uint64 indexed height, bytes32 root)");

    [Theory]
    [InlineData("HubRegistry")]
    [InlineData("BlockAnchor")]
    [InlineData("BillSettlement")]
    public void Our_selectors_equal_solc_method_identifiers(string contract)
    {
        var (_, methods) = AnvilFixture.Artifact(contract);
        Assert.NotEmpty(methods);
        foreach (var (signature, selector) in methods)
        {
            var function = AbiFunction.Parse(signature);
            Assert.Equal(signature, function.Signature);
            Assert.Equal("0x" + selector, Hex.Encode(function.Selector.ToArray()));
        }
    }

    [Fact]
    public async Task Deploy_register_anchor_and_read_back()
    {
        var (registry, blockAnchor, hubKey, hubId) = await DeployAndRegisterAsync();
        var hub = new TransactionSender(anvil.Rpc, hubKey, anvil.ChainId);

        var hubRecord = HubOf.DecodeOutput(await anvil.Rpc.CallAsync(new CallRequest { To = registry, Data = HubOf.EncodeCall(hubId) }));
        var fields = (object?[])hubRecord[0]!;
        Assert.Equal(hubKey.ChecksumAddress, fields[0]);
        Assert.Equal(true, fields[3]);

        var roots = Enumerable.Range(1, 3).Select(i => Enumerable.Repeat((byte)(0x10 * i), 32).ToArray()).ToArray();
        var receipt = await hub.SendAsync(blockAnchor, Anchor.EncodeCall(hubId, 1UL, roots), BigInteger.Zero, ReceiptTimeout);
        Assert.True(receipt.Succeeded);

        // The receipt's logs and eth_getLogs agree: one Anchored event per height.
        var fromReceipt = receipt.Logs.Where(l => Anchored.Matches(l.Topics)).Select(l => Anchored.Decode(l.Topics, l.Data)).ToList();
        Assert.Equal(3, fromReceipt.Count);
        var logs = await anvil.Rpc.GetLogsAsync(new LogFilter { Address = blockAnchor, Topics = [Anchored.Topic, hubId] });
        Assert.Equal(3, logs.Count);
        for (var i = 0; i < 3; i++)
        {
            var values = Anchored.Decode(logs[i].Topics, logs[i].Data);
            Assert.Equal(hubId, values[0]);
            Assert.Equal(new BigInteger(i + 1), values[1]);
            Assert.Equal(roots[i], values[2]);
            Assert.Equal(receipt.TransactionHash, logs[i].TransactionHash);
        }

        var height = AnchoredHeight.DecodeOutput(await anvil.Rpc.CallAsync(new CallRequest { To = blockAnchor, Data = AnchoredHeight.EncodeCall(hubId) }));
        Assert.Equal(new BigInteger(3), height[0]);
        for (var h = 1; h <= 3; h++)
        {
            var root = RootOf.DecodeOutput(await anvil.Rpc.CallAsync(new CallRequest { To = blockAnchor, Data = RootOf.EncodeCall(hubId, (ulong)h) }));
            Assert.Equal(roots[h - 1], root[0]);
        }
    }

    [Fact]
    public async Task A_reverted_call_decodes_to_the_contracts_custom_error()
    {
        var (_, blockAnchor, hubKey, hubId) = await DeployAndRegisterAsync();
        var hub = new TransactionSender(anvil.Rpc, hubKey, anvil.ChainId);
        var errors = AnvilFixture.Errors("BlockAnchor");
        var root = Enumerable.Repeat((byte)0xaa, 32).ToArray();

        // Out of order: the gas estimate reverts, and the revert data names the error and its arguments.
        var outOfOrder = await Assert.ThrowsAsync<JsonRpcErrorException>(() => hub.SignAsync(blockAnchor, Anchor.EncodeCall(hubId, 9UL, new[] { root }), BigInteger.Zero));
        Assert.NotNull(outOfOrder.RevertData);
        var revert = RevertDecoder.Decode(outOfOrder.RevertData, errors);
        Assert.Equal("OutOfOrder", revert.Name);
        Assert.Equal(new object?[] { hubId, BigInteger.One, new BigInteger(9) }, revert.Arguments);

        // A stranger: eth_call reverts with NotOperator(hubId, stranger).
        var stranger = Secp256k1Key.Generate();
        var notOperator = await Assert.ThrowsAsync<JsonRpcErrorException>(() => anvil.Rpc.CallAsync(
            new CallRequest { From = stranger.ChecksumAddress, To = blockAnchor, Data = Anchor.EncodeCall(hubId, 1UL, new[] { root }) }));
        var decoded = RevertDecoder.Decode(notOperator.RevertData, errors);
        Assert.Equal("NotOperator", decoded.Name);
        Assert.Equal(stranger.ChecksumAddress, decoded.Arguments[1]);
        Assert.StartsWith("NotOperator(", decoded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_that_reverts_on_chain_has_a_failed_receipt()
    {
        var (_, blockAnchor, hubKey, hubId) = await DeployAndRegisterAsync();
        // Skip the estimate (it would refuse): a fixed gas limit sends the doomed transaction anyway.
        var tx = new Eip1559Transaction
        {
            ChainId = anvil.ChainId,
            Nonce = await anvil.Rpc.GetTransactionCountAsync(hubKey.ChecksumAddress),
            MaxPriorityFeePerGas = 1,
            MaxFeePerGas = await anvil.Rpc.GetGasPriceAsync() * 2,
            GasLimit = 200_000,
            To = Hex.Decode(blockAnchor),
            Data = Anchor.EncodeCall(hubId, 5UL, new[] { new byte[32] }),
        };
        var signed = tx.Sign(hubKey);
        await anvil.Rpc.SendRawTransactionAsync(signed.Raw);
        var receipt = await anvil.Rpc.WaitForReceiptAsync(signed.Hash, ReceiptTimeout);
        Assert.False(receipt.Succeeded);
        Assert.Empty(receipt.Logs);
    }

    [Fact]
    public async Task Bills_submitted_as_a_tuple_array_read_back_as_tuples()
    {
        var (registry, blockAnchor, hubKey, hubId) = await DeployAndRegisterAsync();
        var hub = new TransactionSender(anvil.Rpc, hubKey, anvil.ChainId);
        var settlement = await hub.DeployAsync(
            AnvilFixture.Artifact("BillSettlement").Bytecode,
            AbiCodec.Encode("address,address,address,uint64", registry, blockAnchor, new byte[20], 0UL),
            ReceiptTimeout);
        var submitBills = AbiFunction.Parse("submitBills(bytes32,(bytes32,uint64,uint256,bytes32)[])");
        var billOf = AbiFunction.Parse("billOf(bytes32)", "(bytes32,uint64,uint64,uint8,uint256,bytes32)");
        var submitted = AbiEvent.Parse("BillSubmitted(bytes32 indexed hubId, bytes32 indexed billId, uint64 blockHeight, uint256 amount, bytes32 billHash)");
        var bills = Enumerable.Range(1, 2)
            .Select(i => new object?[] { Keccak256.Hash([(byte)i]), (ulong)(10 + i), new BigInteger(1000 * i), Keccak256.Hash([(byte)i, 0xff]) })
            .ToArray();

        var receipt = await hub.SendAsync(settlement, submitBills.EncodeCall(hubId, bills), BigInteger.Zero, ReceiptTimeout);

        // A bill's id on chain is keccak256(abi.encode(hubId, localId)): one hub cannot take another's id.
        static byte[] BillId(byte[] hub, object? localId) => Keccak256.Hash(AbiCodec.Encode("bytes32,bytes32", hub, localId));
        var events = receipt.Logs.Where(l => submitted.Matches(l.Topics)).Select(l => submitted.Decode(l.Topics, l.Data)).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(BillId(hubId, bills[1][0]), events[1][1]);
        Assert.Equal(new BigInteger(2000), events[1][3]);
        var bill = (object?[])billOf.DecodeOutput(await anvil.Rpc.CallAsync(new CallRequest { To = settlement, Data = billOf.EncodeCall(BillId(hubId, bills[0][0])) }))[0]!;
        Assert.Equal(hubId, bill[0]);
        Assert.Equal(new BigInteger(11), bill[1]);
        Assert.Equal(BigInteger.One, bill[3]); // Status.Pending
        Assert.Equal(new BigInteger(1000), bill[4]);
        Assert.Equal(bills[0][3], bill[5]);

        // The same bill again: BillExists(billId), decoded from the estimate's revert data.
        var again = await Assert.ThrowsAsync<JsonRpcErrorException>(() => hub.SignAsync(settlement, submitBills.EncodeCall(hubId, new[] { bills[0] }), BigInteger.Zero));
        var revert = RevertDecoder.Decode(again.RevertData, AnvilFixture.Errors("BillSettlement"));
        Assert.Equal("BillExists", revert.Name);
        Assert.Equal(BillId(hubId, bills[0][0]), revert.Arguments[0]);
    }

    private async Task<(string Registry, string BlockAnchor, Secp256k1Key HubKey, byte[] HubId)> DeployAndRegisterAsync()
    {
        var owner = await anvil.FundedKeyAsync(10 * Ether);
        var hubKey = await anvil.FundedKeyAsync(Ether);
        var deployer = new TransactionSender(anvil.Rpc, owner, anvil.ChainId);

        var registry = await deployer.DeployAsync(AnvilFixture.Artifact("HubRegistry").Bytecode, AbiCodec.Encode("address", owner.ChecksumAddress), ReceiptTimeout);
        var blockAnchor = await deployer.DeployAsync(AnvilFixture.Artifact("BlockAnchor").Bytecode, AbiCodec.Encode("address", registry), ReceiptTimeout);

        var hubId = Keccak256.Hash("smartmeter-test-hub"u8);
        var homeowner = Secp256k1Key.Generate().ChecksumAddress;
        var supplier = Secp256k1Key.Generate().ChecksumAddress;
        var registered = await deployer.SendAsync(registry, RegisterHub.EncodeCall(hubId, hubKey.ChecksumAddress, homeowner, supplier), BigInteger.Zero, ReceiptTimeout);
        Assert.True(registered.Succeeded);
        Assert.Equal(registry, registered.To);
        return (registry, blockAnchor, hubKey, hubId);
    }
}
