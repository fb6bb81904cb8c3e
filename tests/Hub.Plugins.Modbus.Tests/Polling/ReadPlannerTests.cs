using Hub.Plugins.Modbus.Polling;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Tests.Polling;

public sealed class ReadPlannerTests
{
    private const ModbusFunctionCode Input = ModbusFunctionCode.ReadInputRegisters;
    private const ModbusFunctionCode Holding = ModbusFunctionCode.ReadHoldingRegisters;

    [Fact]
    public void Sdm630_map_is_read_in_one_request_with_its_profiles_gap_three_without_gaps_and_thirteen_naively()
    {
        var profile = ShippedProfiles.Load("eastron-sdm630");
        var spans = profile.Quantities.Select(q => (q.Function, (int)q.Register, q.Width)).ToList();

        // The profile allows 40 unused registers in a read (the meter answers for 0x0000..0x004B): 1 request.
        var coalesced = ReadPlanner.Plan(spans, profile.MaxGapRegisters);
        Assert.Equal([new ReadBlock(Input, 0x0000, 0x4C)], coalesced);

        // Only adjacent registers: volts/amps/phase watts, total power, frequency + energies: 3 requests.
        var adjacent = ReadPlanner.Plan(spans, maxGap: 0);
        Assert.Equal([new ReadBlock(Input, 0x0000, 18), new ReadBlock(Input, 0x0034, 2), new ReadBlock(Input, 0x0046, 6)], adjacent);

        // One request per quantity would be 13.
        Assert.Equal(13, spans.Count);
    }

    [Fact]
    public void Reads_never_exceed_125_registers()
    {
        var spans = Enumerable.Range(0, 100).Select(i => (Input, i * 2, 2)).ToList();
        var blocks = ReadPlanner.Plan(spans, maxGap: 0);
        Assert.Equal([new ReadBlock(Input, 0, 124), new ReadBlock(Input, 124, 76)], blocks);
        Assert.All(blocks, b => Assert.InRange((int)b.Count, 1, ModbusLimits.MaxReadRegisters));
    }

    [Fact]
    public void Functions_are_never_mixed_and_gaps_beyond_the_limit_split()
    {
        var blocks = ReadPlanner.Plan([(Holding, 10, 2), (Input, 10, 2), (Input, 13, 1), (Input, 30, 4), (Holding, 12, 1)], maxGap: 1);
        Assert.Equal(
            [new ReadBlock(Holding, 10, 3), new ReadBlock(Input, 10, 4), new ReadBlock(Input, 30, 4)],
            blocks);
    }

    [Fact]
    public void Overlapping_spans_are_read_once()
    {
        var blocks = ReadPlanner.Plan([(Input, 0, 4), (Input, 2, 2), (Input, 1, 1)], maxGap: 0);
        Assert.Equal([new ReadBlock(Input, 0, 4)], blocks);
    }
}
