using System.Buffers.Binary;
using System.Net.Sockets;
using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>The TCP client against scripted peers at the transport seam: good frames, bad frames, silence.</summary>
public sealed class ModbusTcpClientTests
{
    private static byte[]? Answer(byte[] request, byte[] pdu) => Mbap(TransactionId(request), request[6], pdu);

    [Fact]
    public async Task Read_SendsMbapFrame_AndReturnsValues()
    {
        var peer = new ScriptedTcp(request => Answer(request, ReadResponse(3, 10, 258, 0)));
        await using var client = peer.Client();

        var values = await client.ReadHoldingRegistersAsync(5, 0x0010, 3);

        Assert.Equal(new ushort[] { 10, 258, 0 }, values);
        Assert.Equal(Hex("0001 0000 0006 05 03 0010 0003"), Assert.Single(peer.Requests));
    }

    [Fact]
    public async Task Requests_CarryIncreasingTransactionIds_AndSeveralUnitsShareOneConnection()
    {
        var peer = new ScriptedTcp(request => Answer(request, ReadResponse(4, request[6])));
        await using var client = peer.Client();

        for (byte unit = 1; unit <= 4; unit++)
        {
            Assert.Equal(new ushort[] { unit }, await client.ReadInputRegistersAsync(unit, 0, 1));
        }

        Assert.Equal(1, peer.ConnectAttempts);
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, peer.Requests.Select(TransactionId).ToArray());
    }

    [Fact]
    public async Task ConcurrentRequests_AreSentOneAtATime_AndEachGetsItsOwnAnswer()
    {
        // The peer answers each request with its own address, so a mix-up would show.
        var peer = new ScriptedTcp(request => Answer(request, ReadResponse(3, BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(8)))));
        await using var client = peer.Client();

        var reads = Enumerable.Range(0, 20).Select(i => client.ReadHoldingRegistersAsync(1, (ushort)(100 + i), 1)).ToArray();
        var results = await Task.WhenAll(reads);

        Assert.Equal(Enumerable.Range(100, 20).Select(i => (ushort)i), results.Select(r => r[0]));
    }

    [Fact]
    public async Task WriteSingleAndMultiple_SendSpecFrames_AndAcceptEchoes()
    {
        var peer = new ScriptedTcp(request => Answer(request, request[7] == 0x06 ? request[7..] : request[7..12]));
        await using var client = peer.Client();

        await client.WriteSingleRegisterAsync(1, 0x0001, 0x0003);
        await client.WriteMultipleRegistersAsync(1, 0x0001, new ushort[] { 0x000A, 0x0102 });

        var requests = peer.Requests.ToArray();
        Assert.Equal(Hex("0001 0000 0006 01 06 0001 0003"), requests[0]);
        Assert.Equal(Hex("0002 0000 000B 01 10 0001 0002 04 000A 0102"), requests[1]);
    }

    [Fact]
    public async Task WrongTransactionId_IsAFrameError_AndTheNextRequestReconnects()
    {
        var lie = true;
        var peer = new ScriptedTcp(request => Mbap((ushort)(TransactionId(request) + (lie ? 7 : 0)), request[6], ReadResponse(3, 42)));
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Contains("transaction id 8 does not match the request's 1", ex.Message, StringComparison.Ordinal);
        Assert.True(peer.Connections[0].IsDisposed);

        lie = false;
        Assert.Equal(new ushort[] { 42 }, await client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Equal(2, peer.ConnectAttempts);
    }

    [Fact]
    public async Task WrongUnitId_IsAFrameError()
    {
        var peer = new ScriptedTcp(request => Mbap(TransactionId(request), 9, ReadResponse(3, 1)));
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(2, 0, 1));
        Assert.Contains("unit id 9 does not match the request's unit 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonZeroProtocolId_IsAFrameError()
    {
        var peer = new ScriptedTcp(request => Mbap(TransactionId(request), 1, ReadResponse(3, 1), protocolId: 1));
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Contains("protocol id 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrameCutShort_ByAClosedConnection_IsAFrameError()
    {
        var peer = new ScriptedTcp(request => Answer(request, ReadResponse(3, 1, 2))![..10], endAfterResponse: true);
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(1, 0, 2));
        Assert.Contains("Short frame: the connection closed after 3 of the 6 bytes of the response PDU", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderCutShort_IsAFrameError()
    {
        var peer = new ScriptedTcp(request => request[..4], endAfterResponse: true);
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Contains("4 of the 7 bytes of the MBAP header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LengthFieldTooSmall_IsAShortFrame()
    {
        var peer = new ScriptedTcp(request => Mbap(TransactionId(request), 1, [], lengthField: 1));
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Contains("short frame: the MBAP length field is 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LengthFieldBeyondTheLargestPdu_IsAnOverLongFrame()
    {
        var peer = new ScriptedTcp(request => Mbap(TransactionId(request), 1, new byte[300]));
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Contains("over-long frame: the MBAP length field is 301, at most 254", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PduLongerThanItsByteCount_IsAnOverLongFrame()
    {
        var peer = new ScriptedTcp(request => Answer(request, Hex("03 02 0001 0002")));
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Contains("over-long", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByteCountForAnotherQuantity_IsAFrameError()
    {
        var peer = new ScriptedTcp(request => Answer(request, ReadResponse(3, 1, 2, 3)));
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusFrameException>(() => client.ReadHoldingRegistersAsync(1, 0, 2));
        Assert.Contains("byte count is 6, expected 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExceptionResponse_IsATypedModbusException_AndIsNeverRetried()
    {
        var peer = new ScriptedTcp(request => Answer(request, [0x84, 0x02]));
        await using var client = peer.Client(ScriptedTcp.Options(retries: 3));

        var ex = await Assert.ThrowsAsync<ModbusException>(() => client.ReadInputRegistersAsync(3, 30000, 2));

        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, ex.ExceptionCode);
        Assert.Equal(ModbusFunctionCode.ReadInputRegisters, ex.FunctionCode);
        Assert.Equal(3, ex.UnitId);
        Assert.Single(peer.Requests);
        Assert.Equal(1, peer.ConnectAttempts);
    }

    [Fact]
    public async Task Silence_IsATimeout_RetriedWithAFreshConnectionEachTime()
    {
        var peer = new ScriptedTcp(_ => null);
        await using var client = peer.Client(ScriptedTcp.Options(timeoutMs: 100, retries: 2));

        var ex = await Assert.ThrowsAsync<ModbusTimeoutException>(() => client.ReadHoldingRegistersAsync(7, 40, 2));

        Assert.Contains("Unit 7 at tcp://scripted:502 did not answer read holding registers at address 40 (count 2) within 100 ms", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, peer.Requests.Count());
        Assert.Equal(3, peer.ConnectAttempts);
        Assert.All(peer.Connections, c => Assert.True(c.IsDisposed));
    }

    [Fact]
    public async Task Retry_AfterATimeout_Succeeds()
    {
        var attempt = 0;
        var peer = new ScriptedTcp(request => ++attempt == 1 ? null : Answer(request, ReadResponse(3, 99)));
        await using var client = peer.Client(ScriptedTcp.Options(timeoutMs: 100, retries: 1));

        Assert.Equal(new ushort[] { 99 }, await client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Equal(2, peer.ConnectAttempts);
    }

    [Fact]
    public async Task RefusedConnection_IsACommunicationError_NamingTheEndpoint_AndIsRetried()
    {
        var peer = new ScriptedTcp(_ => null) { ConnectFailure = new SocketException((int)SocketError.ConnectionRefused) };
        await using var client = peer.Client(ScriptedTcp.Options(retries: 2));

        var ex = await Assert.ThrowsAsync<ModbusCommunicationException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));

        Assert.Contains("Cannot connect to tcp://scripted:502", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, peer.ConnectAttempts);
    }

    [Fact]
    public async Task PeerClosingWithoutAnswer_IsACommunicationError_NotAFrameError()
    {
        var peer = new ScriptedTcp(_ => [], endAfterResponse: true);
        await using var client = peer.Client();

        var ex = await Assert.ThrowsAsync<ModbusCommunicationException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.IsType<ModbusCommunicationException>(ex);
        Assert.Contains("closed the connection without answering", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_IsNotATimeout_AndIsNotRetried()
    {
        var peer = new ScriptedTcp(_ => null);
        await using var client = peer.Client(ScriptedTcp.Options(timeoutMs: 5000, retries: 3));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReadHoldingRegistersAsync(1, 0, 1, cts.Token));
        Assert.Single(peer.Requests);
    }

    [Fact]
    public async Task InvalidCount_IsRejectedBeforeAnythingIsSent()
    {
        var peer = new ScriptedTcp(_ => null);
        await using var client = peer.Client();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ReadHoldingRegistersAsync(1, 0, 126));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.WriteMultipleRegistersAsync(1, 0, new ushort[124]));
        Assert.Equal(0, peer.ConnectAttempts);
    }

    [Fact]
    public void Options_NonPositiveTimeout_IsRejected()
    {
        var peer = new ScriptedTcp(_ => null);
        Assert.Throws<ArgumentOutOfRangeException>(() => peer.Client(new ModbusClientOptions { RequestTimeout = TimeSpan.Zero }));
    }
}
