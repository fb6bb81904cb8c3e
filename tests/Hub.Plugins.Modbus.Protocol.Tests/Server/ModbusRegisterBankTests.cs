namespace Hub.Plugins.Modbus.Protocol.Tests;

public sealed class ModbusRegisterBankTests
{
    [Fact]
    public void UnitsAndTablesAreSeparate()
    {
        var bank = new ModbusRegisterBank();
        bank.SetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0, [1, 2]);
        bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0, [3, 4]);
        bank.SetRegisters(2, ModbusRegisterTable.HoldingRegisters, 0, [5, 6]);

        Assert.Equal(new ushort[] { 1, 2 }, bank.GetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0, 2));
        Assert.Equal(new ushort[] { 3, 4 }, bank.GetRegisters(1, ModbusRegisterTable.InputRegisters, 0, 2));
        Assert.Equal(new ushort[] { 5, 6 }, bank.GetRegisters(2, ModbusRegisterTable.HoldingRegisters, 0, 2));
        Assert.Throws<KeyNotFoundException>(() => bank.GetRegisters(2, ModbusRegisterTable.InputRegisters, 0, 1));
        Assert.Throws<KeyNotFoundException>(() => bank.GetRegisters(3, ModbusRegisterTable.HoldingRegisters, 0, 1));
    }

    [Fact]
    public void SetPastTheLastAddress_IsRejected()
    {
        var bank = new ModbusRegisterBank();
        Assert.Throws<ArgumentOutOfRangeException>(() => bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0xFFFF, [1, 2]));
        bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0xFFFF, [1]);
        Assert.Equal(new ushort[] { 1 }, bank.GetRegisters(1, ModbusRegisterTable.InputRegisters, 0xFFFF, 1));
    }

    [Fact]
    public async Task ConcurrentMultiRegisterUpdates_AreSeenWhole()
    {
        // A writer keeps storing float pairs whose halves must match; readers must never see a torn pair.
        var bank = new ModbusRegisterBank();
        bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0, RegisterEncoder.FromSingle(0f));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0, RegisterEncoder.FromSingle(i % 2 == 0 ? 230.5f : -1.5f));
            }
        });
        var torn = 0;
        var reads = 0;
        while (!stop.IsCancellationRequested)
        {
            var value = RegisterDecoder.ToSingle(bank.GetRegisters(1, ModbusRegisterTable.InputRegisters, 0, 2));
            reads++;
            if (value is not (230.5f or -1.5f or 0f))
            {
                torn++;
            }
        }

        await writer;
        Assert.True(reads > 100);
        Assert.Equal(0, torn);
    }
}
