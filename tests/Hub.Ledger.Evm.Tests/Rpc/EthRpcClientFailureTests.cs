using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rpc;
using SmartMeter.Peers;

namespace Hub.Ledger.Evm.Tests.Rpc;

/// <summary>Every way an endpoint can fail is a typed <see cref="EthRpcException"/> naming the method, never a crash.</summary>
public sealed class EthRpcClientFailureTests : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_well_formed_answer_is_parsed()
    {
        await using var server = new ScriptedRpcServer(id => ScriptedReply.Result(id, "\"0x7a69\""));
        Assert.Equal(31337UL, await Client(server).GetChainIdAsync());
    }

    [Fact]
    public async Task A_null_receipt_means_not_mined()
    {
        await using var server = new ScriptedRpcServer(id => ScriptedReply.Result(id, "null"));
        Assert.Null(await Client(server).GetTransactionReceiptAsync(new byte[32]));
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("[1,2,3]", "JSON-RPC response object")]
    [InlineData("""{"jsonrpc":"2.0","id":999999,"result":"0x1"}""", "id does not match")]
    [InlineData("""{"jsonrpc":"2.0","id":ID}""", "neither 'result' nor 'error'")]
    [InlineData("""{"jsonrpc":"2.0","id":ID,"result":"0xzz"}""", "should be a hex quantity")]
    [InlineData("""{"jsonrpc":"2.0","id":ID,"result":42}""", "should be a hex quantity")]
    [InlineData("""{"jsonrpc":"2.0","id":ID,"result":"0x10000000000000000"}""", "64-bit")]
    [InlineData("""{"jsonrpc":"2.0","id":ID,"error":"boom"}""", "JSON-RPC error object")]
    public async Task Garbage_is_a_response_error_naming_the_method(string body, string because)
    {
        await using var server = new ScriptedRpcServer(id => new ScriptedReply(body.Replace("ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        var ex = await Assert.ThrowsAsync<RpcResponseException>(() => Client(server).GetBlockNumberAsync());
        Assert.Contains(because, ex.Message, StringComparison.Ordinal);
        Assert.Equal("eth_blockNumber", ex.Method);
    }

    [Fact]
    public async Task A_garbage_receipt_is_a_response_error()
    {
        await using var server = new ScriptedRpcServer(id => ScriptedReply.Result(id, """{"transactionHash":"0x12","logs":[]}"""));
        var ex = await Assert.ThrowsAsync<RpcResponseException>(() => Client(server).GetTransactionReceiptAsync(new byte[32]));
        Assert.Contains("transactionHash", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_rpc_error_carries_code_message_and_revert_data()
    {
        await using var server = new ScriptedRpcServer(id => new ScriptedReply(
            $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":3,"message":"execution reverted","data":"0x08c379a0"}}"""));
        var ex = await Assert.ThrowsAsync<JsonRpcErrorException>(() => Client(server).CallAsync(new CallRequest { To = "0x" + new string('1', 40) }));
        Assert.Equal(3, ex.Code);
        Assert.Equal("execution reverted", ex.RpcMessage);
        Assert.Equal("0x08c379a0", Hex.Encode(ex.RevertData!));
        Assert.Equal("eth_call", ex.Method);
    }

    [Fact]
    public async Task An_http_error_page_is_a_transport_error_with_the_status()
    {
        await using var server = new ScriptedRpcServer(_ => new ScriptedReply("<html>Bad Gateway</html>", 502, "text/html"));
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => Client(server).GetChainIdAsync());
        Assert.Equal(502, ex.HttpStatus);
        Assert.Contains("Bad Gateway", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_endpoint_times_out()
    {
        await using var server = new ScriptedRpcServer(id => ScriptedReply.Result(id, "\"0x1\"") with { Delay = TimeSpan.FromSeconds(30) });
        var client = new EthRpcClient(_http, server.Endpoint, TimeSpan.FromMilliseconds(300));
        var started = TimeProvider.System.GetTimestamp();
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => client.GetChainIdAsync());
        Assert.True(ex.IsTimeout, ex.Message);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_oversized_response_is_refused()
    {
        var huge = new string('0', EthRpcClient.MaxResponseBytes + 10);
        await using var server = new ScriptedRpcServer(id => ScriptedReply.Result(id, "\"0x" + huge + "\""));
        var ex = await Assert.ThrowsAsync<RpcResponseException>(() => Client(server).GetChainIdAsync());
        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_a_transport_error()
    {
        var client = new EthRpcClient(_http, new Uri($"http://127.0.0.1:{FreePort.Next()}/"), TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => client.GetChainIdAsync());
        Assert.False(ex.IsTimeout);
        Assert.Contains("cannot reach", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_for_a_receipt_that_never_comes_times_out()
    {
        await using var server = new ScriptedRpcServer(id => ScriptedReply.Result(id, "null"));
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => Client(server).WaitForReceiptAsync(new byte[32], TimeSpan.FromMilliseconds(300)));
        Assert.True(ex.IsTimeout, ex.Message);
    }

    // These tests are about what the client makes of an answer, not about time: a generous request timeout, so a
    // loaded machine (an oversized answer once took over 5 s to arrive) cannot turn a response error into a timeout.
    private EthRpcClient Client(ScriptedRpcServer server) => new(_http, server.Endpoint, TimeSpan.FromSeconds(60));
}
