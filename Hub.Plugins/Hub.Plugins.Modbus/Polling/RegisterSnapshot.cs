using System.Globalization;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>The registers one poll read, block by block, for decoding.</summary>
public sealed class RegisterSnapshot
{
    private readonly List<(ReadBlock Block, ushort[] Registers)> _blocks = [];

    public void Add(ReadBlock block, ushort[] registers)
    {
        ArgumentNullException.ThrowIfNull(registers);
        if (registers.Length != block.Count)
        {
            throw new ArgumentException($"block {block} needs {block.Count} registers, got {registers.Length}.", nameof(registers));
        }

        _blocks.Add((block, registers));
    }

    /// <summary>The registers of one value; throws if no block read them.</summary>
    public ReadOnlySpan<ushort> Get(ModbusFunctionCode function, int address, int width)
    {
        foreach (var (block, registers) in _blocks)
        {
            if (block.Contains(function, address, width))
            {
                return registers.AsSpan(address - block.Start, width);
            }
        }

        throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"registers fc{(int)function:X2} {address}+{width} were not read."));
    }
}
