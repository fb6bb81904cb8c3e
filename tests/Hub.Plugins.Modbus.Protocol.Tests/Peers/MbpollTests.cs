using System.Globalization;
using System.Net;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>
/// Debian's mbpoll (libmodbus) as the client of our <see cref="ModbusTcpServer"/>. mbpoll's references are
/// one-based by default: -r 1 is PDU address 0. Its 32-bit types are word-swapped (CDAB) unless -B (ABCD).
/// </summary>
public sealed class MbpollTests : IAsyncDisposable
{
    private readonly ModbusRegisterBank _bank = new();
    private readonly ModbusTcpServer _server;

    public MbpollTests()
    {
        _bank.SetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0, [100, 200, 300, 65535]);
        _bank.SetRegisters(1, ModbusRegisterTable.HoldingRegisters, 10, [0, 0, 0]);
        _bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0, [.. RegisterEncoder.FromSingle(230.5f), .. RegisterEncoder.FromSingle(49.95f)]);
        _bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 20, [.. RegisterEncoder.FromSingle(230.5f, WordOrder.Cdab), .. RegisterEncoder.FromInt32(-123456789, WordOrder.Cdab)]);
        _bank.SetRegisters(2, ModbusRegisterTable.InputRegisters, 0x0100, [2300, 2310, 2320]);
        _server = new ModbusTcpServer(_bank, new IPEndPoint(IPAddress.Loopback, 0));
        _server.Start();
    }

    private int Port => _server.LocalEndPoint.Port;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ReadsHoldingRegisters()
    {
        var result = await Mbpoll.RunAsync(Port, "-a", "1", "-r", "1", "-c", "4", "-t", "4", "127.0.0.1");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["100", "200", "300", "65535"], Enumerable.Range(1, 4).Select(r => result.Values[r]));
    }

    [Fact]
    public async Task ReadsInputRegisters_OfAnotherUnit()
    {
        var result = await Mbpoll.RunAsync(Port, "-a", "2", "-r", "257", "-c", "3", "-t", "3", "127.0.0.1");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["2300", "2310", "2320"], Enumerable.Range(257, 3).Select(r => result.Values[r]));
    }

    [Fact]
    public async Task ReadsFloats_BigEndianWords_WithDashB()
    {
        var result = await Mbpoll.RunAsync(Port, "-a", "1", "-r", "1", "-c", "2", "-t", "3:float", "-B", "127.0.0.1");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(230.5f, float.Parse(result.Values[1], CultureInfo.InvariantCulture));
        Assert.Equal(49.95f, float.Parse(result.Values[3], CultureInfo.InvariantCulture), 0.001f);
    }

    [Fact]
    public async Task ReadsWordSwappedFloatAndInt_WithoutDashB()
    {
        var floats = await Mbpoll.RunAsync(Port, "-a", "1", "-r", "21", "-c", "1", "-t", "3:float", "127.0.0.1");
        var ints = await Mbpoll.RunAsync(Port, "-a", "1", "-r", "23", "-c", "1", "-t", "3:int", "127.0.0.1");

        Assert.True(floats.ExitCode == 0, floats.Output);
        Assert.Equal("230.5", floats.Values[21]);
        Assert.Equal("-123456789", ints.Values[23]);
    }

    [Fact]
    public async Task WritesSingleAndMultipleRegisters_IntoTheBank()
    {
        var single = await Mbpoll.RunAsync(Port, "-a", "1", "-r", "11", "-t", "4", "127.0.0.1", "4660");
        var multiple = await Mbpoll.RunAsync(Port, "-a", "1", "-r", "12", "-t", "4", "127.0.0.1", "1", "2");

        Assert.True(single.ExitCode == 0, single.Output);
        Assert.True(multiple.ExitCode == 0, multiple.Output);
        Assert.Equal(new ushort[] { 4660, 1, 2 }, _bank.GetRegisters(1, ModbusRegisterTable.HoldingRegisters, 10, 3));
    }

    [Fact]
    public async Task UnmappedAddress_IsReportedAsIllegalDataAddress()
    {
        var result = await Mbpoll.RunAsync(Port, "-a", "1", "-r", "3", "-c", "4", "-t", "4", "127.0.0.1");

        Assert.Contains("Illegal data address", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(result.Values);
    }

    [Fact]
    public async Task SeveralClientsAtOnce_MbpollsAndOurClient()
    {
        await using var ours = new ModbusTcpClient(new ModbusTcpEndpoint("127.0.0.1", Port), PeerOptions.Client);
        var polls = Enumerable.Range(0, 4)
            .Select(_ => Mbpoll.RunAsync(Port, "-a", "1", "-r", "1", "-c", "3", "-t", "4", "127.0.0.1"))
            .ToArray();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(new ushort[] { 100, 200, 300 }, await ours.ReadHoldingRegistersAsync(1, 0, 3));
        }

        foreach (var result in await Task.WhenAll(polls))
        {
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(["100", "200", "300"], Enumerable.Range(1, 3).Select(r => result.Values[r]));
        }
    }
}
