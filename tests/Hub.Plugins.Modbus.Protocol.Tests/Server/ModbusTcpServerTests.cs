using System.Net;
using System.Net.Sockets;
using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>Our server with our client and with raw sockets, over loopback on an OS-assigned port.</summary>
public sealed class ModbusTcpServerTests : IAsyncDisposable
{
    private readonly ModbusRegisterBank _bank = new();
    private readonly ModbusTcpServer _server;

    public ModbusTcpServerTests()
    {
        _bank.SetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0, [11, 12, 13, 14]);
        _bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0x0000, RegisterEncoder.FromSingle(230.5f));
        _bank.SetRegisters(2, ModbusRegisterTable.HoldingRegisters, 100, [200]);
        _server = new ModbusTcpServer(_bank, new IPEndPoint(IPAddress.Loopback, 0));
        _server.Start();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private ModbusTcpClient NewClient() =>
        new(new ModbusTcpEndpoint("127.0.0.1", _server.LocalEndPoint.Port), ScriptedTcp.Options(timeoutMs: 2000));

    [Fact]
    public async Task ServesHoldingAndInputRegisters_ForSeveralUnits()
    {
        Assert.NotEqual(0, _server.LocalEndPoint.Port);
        await using var client = NewClient();

        Assert.Equal(new ushort[] { 11, 12, 13, 14 }, await client.ReadHoldingRegistersAsync(1, 0, 4));
        Assert.Equal(230.5f, RegisterDecoder.ToSingle(await client.ReadInputRegistersAsync(1, 0, 2)));
        Assert.Equal(new ushort[] { 200 }, await client.ReadHoldingRegistersAsync(2, 100, 1));
    }

    [Fact]
    public async Task Writes_ReachTheBank()
    {
        await using var client = NewClient();

        await client.WriteSingleRegisterAsync(1, 0, 0xBEEF);
        await client.WriteMultipleRegistersAsync(1, 1, new ushort[] { 21, 22 });

        Assert.Equal(new ushort[] { 0xBEEF, 21, 22, 14 }, _bank.GetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0, 4));
    }

    [Fact]
    public async Task UnmappedAddress_UnknownUnit_AndInputWrite_GetExceptionResponses()
    {
        await using var client = NewClient();

        var unmapped = await Assert.ThrowsAsync<ModbusException>(() => client.ReadHoldingRegistersAsync(1, 2, 5));
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, unmapped.ExceptionCode);
        var unknown = await Assert.ThrowsAsync<ModbusException>(() => client.ReadHoldingRegistersAsync(9, 0, 1));
        Assert.Equal(ModbusExceptionCode.GatewayTargetFailedToRespond, unknown.ExceptionCode);

        // The connection survives exception responses.
        Assert.Equal(new ushort[] { 11 }, await client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public async Task SeveralClientsAtOnce_EachGetTheirAnswers()
    {
        var clients = Enumerable.Range(0, 8).Select(_ => NewClient()).ToArray();
        try
        {
            var work = clients.Select(async (client, i) =>
            {
                for (var n = 0; n < 25; n++)
                {
                    var address = (ushort)((i + n) % 4);
                    var values = await client.ReadHoldingRegistersAsync(1, address, 1);
                    Assert.Equal((ushort)(11 + address), values[0]);
                }
            });
            await Task.WhenAll(work);
            Assert.Equal(8, _server.ConnectionCount);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task PipelinedRequestsOnOneSocket_AreAnsweredInOrder_WithTheirTransactionIds()
    {
        using var socket = await ConnectRawAsync();
        var requests = Mbap(0x0101, 1, Hex("03 0000 0001")).Concat(Mbap(0x0202, 1, Hex("03 0003 0001"))).ToArray();
        await socket.SendAsync(requests);

        var first = await ReceiveAsync(socket, 11);
        var second = await ReceiveAsync(socket, 11);
        Assert.Equal(Mbap(0x0101, 1, Hex("03 02 000B")), first);
        Assert.Equal(Mbap(0x0202, 1, Hex("03 02 000E")), second);
    }

    [Theory]
    [InlineData("0001 0001 0006 01 03 0000 0001")]
    [InlineData("0001 0000 0001 01")]
    [InlineData("0001 0000 0200 01 03 0000 0001")]
    public async Task FrameThatIsNotModbus_ClosesThatConnection_Only(string frame)
    {
        using var socket = await ConnectRawAsync();
        await socket.SendAsync(Hex(frame));

        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await socket.ReceiveAsync(buffer, timeout.Token));

        await using var client = NewClient();
        Assert.Equal(new ushort[] { 11 }, await client.ReadHoldingRegistersAsync(1, 0, 1));
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimit_AreClosed()
    {
        await using var small = new ModbusTcpServer(_bank, new IPEndPoint(IPAddress.Loopback, 0), maxConnections: 1);
        small.Start();
        await using var first = new ModbusTcpClient(new ModbusTcpEndpoint("127.0.0.1", small.LocalEndPoint.Port), ScriptedTcp.Options(2000));
        await using var second = new ModbusTcpClient(new ModbusTcpEndpoint("127.0.0.1", small.LocalEndPoint.Port), ScriptedTcp.Options(2000));

        Assert.Equal(new ushort[] { 11 }, await first.ReadHoldingRegistersAsync(1, 0, 1));
        await Assert.ThrowsAsync<ModbusCommunicationException>(() => second.ReadHoldingRegistersAsync(1, 0, 1));
    }

    [Fact]
    public async Task Stop_ClosesClients_AndFreesThePort()
    {
        var port = _server.LocalEndPoint.Port;
        await using var client = NewClient();
        Assert.Equal(new ushort[] { 11 }, await client.ReadHoldingRegistersAsync(1, 0, 1));

        await _server.StopAsync();

        Assert.Equal(0, _server.ConnectionCount);
        await Assert.ThrowsAsync<ModbusCommunicationException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        await using var again = new ModbusTcpServer(_bank, new IPEndPoint(IPAddress.Loopback, port));
        again.Start();
        Assert.Equal(port, again.LocalEndPoint.Port);
    }

    private async Task<Socket> ConnectRawAsync()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _server.LocalEndPoint.Port);
        return socket;
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket, int length)
    {
        var buffer = new byte[length];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (read < length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), timeout.Token);
            Assert.NotEqual(0, n);
            read += n;
        }

        return buffer;
    }
}
