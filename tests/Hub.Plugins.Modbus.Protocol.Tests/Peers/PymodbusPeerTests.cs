namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>
/// Our client against a real pymodbus server (see <see cref="Pymodbus.Blocks"/> for its register map). Run over
/// TCP by <see cref="PymodbusTcpTests"/> and over RTU by <see cref="PymodbusRtuTests"/>.
/// </summary>
public abstract class PymodbusPeerTests
{
    private readonly PeerProcess _peer;

    private protected PymodbusPeerTests(IModbusClient client, PeerProcess peer)
    {
        Client = client;
        _peer = peer;
    }

    private protected IModbusClient Client { get; }

    [Fact]
    public async Task ReadsHoldingRegisters()
    {
        Assert.Equal(new ushort[] { 100, 200, 300, 400 }, await Client.ReadHoldingRegistersAsync(1, 0, 4));
        Assert.Equal(new ushort[] { 200, 300 }, await Client.ReadHoldingRegistersAsync(1, 1, 2));
    }

    [Fact]
    public async Task ReadsInputRegisters()
    {
        Assert.Equal(new ushort[] { 2300, 2310, 2320 }, await Client.ReadInputRegistersAsync(1, 0, 3));
    }

    [Fact]
    public async Task ReadsSeveralUnitIds_InterleavedOnOneClient()
    {
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(new ushort[] { 100 }, await Client.ReadHoldingRegistersAsync(1, 0, 1));
            Assert.Equal(new ushort[] { 7, 8 }, await Client.ReadHoldingRegistersAsync(2, 0, 2));
            Assert.Equal(4, (await Client.ReadInputRegistersAsync(3, 0, 4)).Length);
        }
    }

    [Fact]
    public async Task DecodesTypedValues_InTheirWordOrders()
    {
        Assert.Equal(230.5f, RegisterDecoder.ToSingle(await Client.ReadHoldingRegistersAsync(1, 10, 2)));
        Assert.Equal(230.5f, RegisterDecoder.ToSingle(await Client.ReadHoldingRegistersAsync(1, 20, 2), WordOrder.Cdab));
        Assert.Equal(-123456789, RegisterDecoder.ToInt32(await Client.ReadInputRegistersAsync(2, 100, 2)));
        Assert.Equal(1234.5678, RegisterDecoder.ToDouble(await Client.ReadInputRegistersAsync(3, 0, 4)));
    }

    [Fact]
    public async Task ReadsTheLargestRead_125Registers()
    {
        var values = await Client.ReadHoldingRegistersAsync(4, 1000, 125);
        Assert.Equal(Enumerable.Range(0, 125).Select(i => (ushort)i), values);
    }

    [Fact]
    public async Task WritesSingleAndMultipleRegisters_AndReadsThemBack()
    {
        await Client.WriteMultipleRegistersAsync(1, 50, RegisterEncoder.FromSingle(-1.5f));
        await Client.WriteSingleRegisterAsync(1, 52, 0xABCD);
        await Client.WriteSingleRegisterAsync(1, 53, 53);

        var values = await Client.ReadHoldingRegistersAsync(1, 50, 4);
        Assert.Equal(-1.5f, RegisterDecoder.ToSingle(values.AsSpan(0, 2)));
        Assert.Equal(new ushort[] { 0xABCD, 53 }, values[2..]);
    }

    [Fact]
    public async Task UnmappedAddress_IsIllegalDataAddress_FromThePeer()
    {
        var ex = await Assert.ThrowsAsync<ModbusException>(() => Client.ReadHoldingRegistersAsync(1, 2, 3));
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, ex.ExceptionCode);
        Assert.Equal(ModbusFunctionCode.ReadHoldingRegisters, ex.FunctionCode);

        var write = await Assert.ThrowsAsync<ModbusException>(() => Client.WriteSingleRegisterAsync(1, 999, 1));
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, write.ExceptionCode);

        // The client goes on after an exception response.
        Assert.Equal(new ushort[] { 100 }, await Client.ReadHoldingRegistersAsync(1, 0, 1));
    }

    [Fact]
    public async Task UnitThePeerDoesNotServe_TimesOut_AndTheNextRequestSucceeds()
    {
        // pymodbus 3.0 drops requests to units it does not serve: silence, then a clean recovery.
        var ex = await Assert.ThrowsAsync<ModbusTimeoutException>(() => Client.ReadHoldingRegistersAsync(9, 0, 1));
        Assert.Contains("Unit 9", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new ushort[] { 7, 8 }, await Client.ReadHoldingRegistersAsync(2, 0, 2));
    }

    [Fact]
    public async Task ConcurrentCallers_ShareTheClient()
    {
        var reads = Enumerable.Range(0, 30).Select(async i =>
        {
            var unit = (byte)(1 + (i % 2));
            var values = await Client.ReadHoldingRegistersAsync(unit, 0, 2);
            Assert.Equal(unit == 1 ? new ushort[] { 100, 200 } : new ushort[] { 7, 8 }, values);
        });
        await Task.WhenAll(reads);
        Assert.DoesNotContain("Traceback", _peer.Stderr, StringComparison.Ordinal);
    }
}
