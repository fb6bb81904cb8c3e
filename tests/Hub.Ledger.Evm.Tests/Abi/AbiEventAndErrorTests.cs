using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using static Hub.Ledger.Evm.Tests.Abi.AbiSpecExampleTests;

namespace Hub.Ledger.Evm.Tests.Abi;

public sealed class AbiEventAndErrorTests
{
    [Fact]
    public void Erc20_transfer_topic_is_the_well_known_one()
    {
        var transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Hex.Encode(transfer.Topic));
    }

    [Fact]
    public void A_log_decodes_into_indexed_and_data_parameters()
    {
        var anchored = AbiEvent.Parse("Anchored(bytes32 indexed hubId, uint64 indexed height, bytes32 root)");
        Assert.Equal("Anchored(bytes32,uint64,bytes32)", anchored.Signature);
        var hub = AbiCodecTests.Filled(0xab);
        var topics = new[] { anchored.Topic, hub, Hex.Decode(W("2a")) };
        var values = anchored.Decode(topics, AbiCodecTests.Filled(0x77));
        Assert.Equal(hub, values[0]);
        Assert.Equal(new BigInteger(42), values[1]);
        Assert.Equal(AbiCodecTests.Filled(0x77), values[2]);
    }

    [Fact]
    public void A_log_of_another_event_or_with_missing_topics_is_rejected()
    {
        var anchored = AbiEvent.Parse("Anchored(bytes32 indexed, uint64 indexed, bytes32)");
        var other = AbiEvent.Parse("NoRoots()");
        Assert.Throws<AbiException>(() => anchored.Decode([other.Topic], []));
        Assert.Throws<AbiException>(() => anchored.Decode([anchored.Topic, new byte[32]], new byte[32]));
    }

    [Fact]
    public void Error_string_revert_decodes_to_its_message()
    {
        Assert.Equal("0x08c379a0", Hex.Encode(AbiError.ErrorString.Selector.ToArray()));
        var data = Hex.Decode("0x08c379a0" + W("20") + W("1a") + R("4e6f7420656e6f7567682045746865722070726f76696465642e"));
        var revert = RevertDecoder.Decode(data, []);
        Assert.Equal("Error", revert.Name);
        Assert.Equal("Not enough Ether provided.", revert.Message);
    }

    [Fact]
    public void Panic_revert_decodes_its_code()
    {
        Assert.Equal("0x4e487b71", Hex.Encode(AbiError.Panic.Selector.ToArray()));
        var revert = RevertDecoder.Decode(AbiError.Panic.Encode(0x11), []);
        Assert.Equal("Panic(17)", revert.Message);
    }

    [Fact]
    public void Custom_errors_decode_by_selector()
    {
        var outOfOrder = AbiError.Parse("OutOfOrder(bytes32,uint64,uint64)");
        var noRoots = AbiError.Parse("NoRoots()");
        var data = outOfOrder.Encode(new byte[32], 2UL, 5UL);
        var revert = RevertDecoder.Decode(data, [noRoots, outOfOrder]);
        Assert.Same(outOfOrder, revert.Error);
        Assert.Equal("OutOfOrder(" + Hex.Encode(new byte[32]) + ", 2, 5)", revert.Message);
        Assert.Equal("NoRoots", RevertDecoder.Decode(noRoots.Encode(), [noRoots, outOfOrder]).Name);
    }

    [Fact]
    public void Unknown_or_empty_revert_data_is_reported_not_thrown()
    {
        var unknown = RevertDecoder.Decode(Hex.Decode("0xdeadbeef"), []);
        Assert.Null(unknown.Error);
        Assert.Equal("unknown error 0xdeadbeef", unknown.Message);
        Assert.Equal("reverted without data", RevertDecoder.Decode([], []).Message);
        // A known selector with truncated arguments is unknown data, not a crash.
        Assert.Null(RevertDecoder.Decode(Hex.Decode("0x08c379a0"), []).Error);
    }
}
