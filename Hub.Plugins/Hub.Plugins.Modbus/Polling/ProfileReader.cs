using Hub.Plugins.Modbus.Profiles;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>Reads a fixed register map in the coalesced blocks planned once from the profile.</summary>
public sealed class ProfileReader : IMeterReader
{
    private readonly DeviceProfile _profile;

    public ProfileReader(DeviceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
        Blocks = ReadPlanner.Plan(profile.Quantities.Select(q => (q.Function, (int)q.Register, q.Width)), profile.MaxGapRegisters);
    }

    /// <summary>The reads one poll makes.</summary>
    public IReadOnlyList<ReadBlock> Blocks { get; }

    public int LastRequestCount { get; private set; }

    public async Task<ReadingBuilder> ReadAsync(IModbusClient client, byte unitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var snapshot = new RegisterSnapshot();
        foreach (var block in Blocks)
        {
            snapshot.Add(block, await block.ReadAsync(client, unitId, cancellationToken).ConfigureAwait(false));
        }

        LastRequestCount = Blocks.Count;
        return Decode(snapshot);
    }

    /// <summary>Decodes a snapshot (e.g. a recorded register block) with the profile.</summary>
    public ReadingBuilder Decode(RegisterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var builder = new ReadingBuilder();
        foreach (var quantity in _profile.Quantities)
        {
            var registers = snapshot.Get(quantity.Function, quantity.Register, quantity.Width);
            builder.Set(quantity.Field, quantity.Type.Decode(registers, quantity.WordOrder) * quantity.Scale);
        }

        return builder;
    }
}
