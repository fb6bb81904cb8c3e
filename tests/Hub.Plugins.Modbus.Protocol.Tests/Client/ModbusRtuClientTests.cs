using System.Diagnostics;
using System.IO.Ports;
using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>The RTU client against a scripted serial line: CRC, frame length rules, unit ids, silence.</summary>
public sealed class ModbusRtuClientTests
{
    private static readonly ModbusRtuEndpoint Endpoint = new("/dev/scripted", 115200, Parity.None);

    private static (ModbusRtuClient Client, ScriptedStream Stream, ScriptedSerialLink Link) Bus(
        Func<byte[], byte[]?> respond, int timeoutMs = 200, int retries = 0, ModbusRtuEndpoint? endpoint = null)
    {
        endpoint ??= Endpoint;
        var stream = new ScriptedStream(respond);
        var link = new ScriptedSerialLink(stream);
        var transport = new RtuTransport(endpoint.ToString(), () => link, endpoint.InterFrameDelay, TimeProvider.System);
        var client = new ModbusRtuClient(endpoint, transport, ScriptedTcp.Options(timeoutMs, retries));
        return (client, stream, link);
    }

    [Fact]
    public async Task Read_SendsUnitPduCrc_AndReturnsValues()
    {
        var (client, stream, _) = Bus(_ => Hex("01 03 06 000A 0102 0000 19 48"));
        await using (client)
        {
            Assert.Equal(new ushort[] { 10, 258, 0 }, await client.ReadHoldingRegistersAsync(1, 0, 3));
        }

        Assert.Equal(RtuFrame.Encode(1, Hex("03 0000 0003")), Assert.Single(stream.Written));
        Assert.Equal(Hex("01 03 0000 0003 05 CB"), stream.Written[0]);
    }

    [Fact]
    public async Task ResponseArrivingOneByteAtATime_IsAssembledByItsByteCount()
    {
        var (client, stream, _) = Bus(request => Rtu(request[0], ReadResponse(4, 1, 2, 3, 4)));
        stream.MaxReadChunk = 1;
        await using (client)
        {
            Assert.Equal(new ushort[] { 1, 2, 3, 4 }, await client.ReadInputRegistersAsync(2, 0, 4));
        }
    }

    [Fact]
    public async Task SeveralUnitsOnOneBus()
    {
        var (client, _, _) = Bus(request => Rtu(request[0], ReadResponse(3, (ushort)(request[0] * 100))));
        await using (client)
        {
            Assert.Equal(new ushort[] { 100 }, await client.ReadHoldingRegistersAsync(1, 0, 1));
            Assert.Equal(new ushort[] { 2400 }, await client.ReadHoldingRegistersAsync(24, 0, 1));
            Assert.Equal(new ushort[] { 24700 }, await client.ReadHoldingRegistersAsync(247, 0, 1));
        }
    }

    [Fact]
    public async Task CorruptedResponse_IsACrcError_AndIsRetriedAfterFlushingInput()
    {
        var (client, stream, link) = Bus(
            request =>
            {
                var frame = Rtu(request[0], ReadResponse(3, 0x1234));
                frame[3] ^= 0x01;
                return frame;
            },
            retries: 2);
        await using (client)
        {
            var ex = await Assert.ThrowsAsync<ModbusCrcException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
            Assert.Contains("failed its CRC check", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(3, stream.Written.Count);
        Assert.True(link.Discards >= 3);
    }

    [Fact]
    public async Task AnswerFromAnotherUnit_IsAFrameError()
    {
        var (client, _, _) = Bus(_ => Rtu(5, ReadResponse(3, 1)));
        await using (client)
        {
            var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(4, 0, 1));
            Assert.IsNotType<ModbusCrcException>(ex);
            Assert.Contains("unit 5 answered a request to unit 4", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ExceptionResponse_FiveBytes_IsATypedModbusException()
    {
        var (client, stream, _) = Bus(_ => Hex("01 83 02 C0 F1"), retries: 2);
        await using (client)
        {
            var ex = await Assert.ThrowsAsync<ModbusException>(() => client.ReadHoldingRegistersAsync(1, 500, 1));
            Assert.Equal(ModbusExceptionCode.IllegalDataAddress, ex.ExceptionCode);
        }

        Assert.Single(stream.Written);
    }

    [Fact]
    public async Task StaleBytesOnTheLine_AreFlushedBeforeTheRequest()
    {
        var (client, stream, _) = Bus(request => Rtu(request[0], ReadResponse(3, 7)));
        stream.Inject(Hex("01 03 02 00"));
        await using (client)
        {
            Assert.Equal(new ushort[] { 7 }, await client.ReadHoldingRegistersAsync(1, 0, 1));
        }
    }

    [Fact]
    public async Task Silence_IsATimeout_AndTheBusRecoversForTheNextRequest()
    {
        var answer = false;
        var (client, _, _) = Bus(request => answer ? Rtu(request[0], ReadResponse(3, 5)) : null, timeoutMs: 100);
        await using (client)
        {
            var ex = await Assert.ThrowsAsync<ModbusTimeoutException>(() => client.ReadHoldingRegistersAsync(3, 0, 1));
            Assert.Contains("Unit 3 at rtu:///dev/scripted", ex.Message, StringComparison.Ordinal);
            answer = true;
            Assert.Equal(new ushort[] { 5 }, await client.ReadHoldingRegistersAsync(3, 0, 1));
        }
    }

    [Fact]
    public async Task WriteMultiple_SendsSpecFrame_AndAcceptsTheEightByteEcho()
    {
        var (client, stream, _) = Bus(request => Rtu(request[0], request[1..6]));
        await using (client)
        {
            await client.WriteMultipleRegistersAsync(0x11, 0x0001, new ushort[] { 0x000A, 0x0102 });
            await client.WriteSingleRegisterAsync(0x11, 0x0001, 0x0003);
        }

        Assert.Equal(RtuFrame.Encode(0x11, Hex("10 0001 0002 04 000A 0102")), stream.Written[0]);
        Assert.Equal(Rtu(0x11, Hex("06 0001 0003")), stream.Written[1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(248)]
    public async Task BroadcastOrReservedUnitIds_AreRejected(byte unit)
    {
        var (client, stream, _) = Bus(_ => null);
        await using (client)
        {
            var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ReadHoldingRegistersAsync(unit, 0, 1));
            Assert.Contains("1..247", ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(stream.Written);
    }

    [Fact]
    public async Task ConsecutiveRequests_KeepTheInterFrameSilence()
    {
        // 1200 baud 8N1: 3.5 characters x 10 bits = 29 ms of silence between frames.
        var slow = new ModbusRtuEndpoint("/dev/scripted", 1200, Parity.None);
        var writes = new List<long>();
        var (client, _, _) = Bus(
            request =>
            {
                writes.Add(Stopwatch.GetTimestamp());
                return Rtu(request[0], ReadResponse(3, 1));
            },
            endpoint: slow);
        await using (client)
        {
            await client.ReadHoldingRegistersAsync(1, 0, 1);
            await client.ReadHoldingRegistersAsync(2, 0, 1);
        }

        Assert.True(Stopwatch.GetElapsedTime(writes[0], writes[1]) >= slow.InterFrameDelay - TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task PortThatCannotOpen_IsACommunicationError_NamingThePort()
    {
        await using var client = new ModbusRtuClient(
            new ModbusRtuEndpoint("/nonexistent/ttyUSB7", 9600), ScriptedTcp.Options(retries: 0));

        var ex = await Assert.ThrowsAsync<ModbusCommunicationException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Contains("Cannot open the serial port rtu:///nonexistent/ttyUSB7", ex.Message, StringComparison.Ordinal);
    }
}
