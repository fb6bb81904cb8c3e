using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>
/// Coalescing: turns the register spans a profile needs into as few reads as the limits allow. Spans of the same
/// function are sorted and joined while the unused registers between them are at most <c>maxGap</c> and the joined
/// read stays within 125 registers (Modbus Application Protocol V1.1b3 §6.3/§6.4).
/// </summary>
public static class ReadPlanner
{
    public static IReadOnlyList<ReadBlock> Plan(
        IEnumerable<(ModbusFunctionCode Function, int Address, int Width)> spans, int maxGap, int maxRegisters = ModbusLimits.MaxReadRegisters)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentOutOfRangeException.ThrowIfNegative(maxGap);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRegisters, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRegisters, ModbusLimits.MaxReadRegisters);
        var blocks = new List<ReadBlock>();
        foreach (var group in spans.GroupBy(s => s.Function).OrderBy(g => g.Key))
        {
            int? start = null;
            var end = 0;
            foreach (var (_, address, width) in group.OrderBy(s => s.Address).ThenByDescending(s => s.Width))
            {
                if (width < 1 || width > maxRegisters)
                {
                    throw new ArgumentOutOfRangeException(nameof(spans), width, "A value must span 1 to 125 registers.");
                }

                var spanEnd = address + width;
                if (start is { } s && address - end <= maxGap && Math.Max(end, spanEnd) - s <= maxRegisters)
                {
                    end = Math.Max(end, spanEnd);
                    continue;
                }

                if (start is { } done)
                {
                    blocks.Add(new ReadBlock(group.Key, (ushort)done, (ushort)(end - done)));
                }

                start = address;
                end = spanEnd;
            }

            if (start is { } last)
            {
                blocks.Add(new ReadBlock(group.Key, (ushort)last, (ushort)(end - last)));
            }
        }

        return blocks;
    }
}
