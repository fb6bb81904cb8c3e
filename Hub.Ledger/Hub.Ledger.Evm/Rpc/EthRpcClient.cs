using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Evm.Rpc;

/// <summary>
/// Ethereum JSON-RPC 2.0 over HTTP (Ethereum execution-apis specification). Each call has a timeout; every failure is
/// an <see cref="EthRpcException"/>: <see cref="JsonRpcErrorException"/> (the node's error code and message, revert
/// data), <see cref="RpcResponseException"/> (garbage) or <see cref="RpcTransportException"/> (unreachable, HTTP
/// error, timeout). The <see cref="HttpClient"/> is the caller's (one per endpoint is fine, IHttpClientFactory too).
/// </summary>
public sealed class EthRpcClient
{
    /// <summary>Responses larger than this are garbage for the calls this client makes (logs are fetched in ranges).</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private readonly HttpClient _http;
    private long _nextId;

    public EthRpcClient(HttpClient http, Uri endpoint, TimeSpan? timeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        Endpoint = endpoint;
        Timeout = timeout ?? TimeSpan.FromSeconds(10);
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The clock of receipt polling.</summary>
    public TimeProvider TimeProvider { get; }

    public Uri Endpoint { get; }

    /// <summary>How long one call may take, connection included.</summary>
    public TimeSpan Timeout { get; }

    public async Task<ulong> GetChainIdAsync(CancellationToken cancellationToken = default) =>
        RpcJson.ToUInt64(await SendAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false), "eth_chainId");

    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken = default) =>
        RpcJson.ToUInt64(await SendAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false), "eth_blockNumber");

    /// <summary>The next nonce of <paramref name="address"/>; "pending" counts transactions in the node's pool.</summary>
    public async Task<ulong> GetTransactionCountAsync(string address, string block = "pending", CancellationToken cancellationToken = default) =>
        RpcJson.ToUInt64(await SendAsync("eth_getTransactionCount", [address, block], cancellationToken).ConfigureAwait(false), "eth_getTransactionCount");

    public async Task<BigInteger> GetBalanceAsync(string address, string block = "latest", CancellationToken cancellationToken = default) =>
        RpcJson.ToQuantity(await SendAsync("eth_getBalance", [address, block], cancellationToken).ConfigureAwait(false), "eth_getBalance");

    public async Task<BigInteger> GetGasPriceAsync(CancellationToken cancellationToken = default) =>
        RpcJson.ToQuantity(await SendAsync("eth_gasPrice", [], cancellationToken).ConfigureAwait(false), "eth_gasPrice");

    public async Task<BigInteger> GetMaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        RpcJson.ToQuantity(await SendAsync("eth_maxPriorityFeePerGas", [], cancellationToken).ConfigureAwait(false), "eth_maxPriorityFeePerGas");

    /// <summary>eth_estimateGas; a revert is a <see cref="JsonRpcErrorException"/> carrying the revert data.</summary>
    public async Task<ulong> EstimateGasAsync(CallRequest call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RpcJson.ToUInt64(await SendAsync("eth_estimateGas", [RpcJson.CallObject(call)], cancellationToken).ConfigureAwait(false), "eth_estimateGas");
    }

    /// <summary>eth_call: the return data; a revert is a <see cref="JsonRpcErrorException"/> carrying the revert data.</summary>
    public async Task<byte[]> CallAsync(CallRequest call, string block = "latest", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RpcJson.ToData(await SendAsync("eth_call", [RpcJson.CallObject(call), block], cancellationToken).ConfigureAwait(false), "eth_call");
    }

    /// <summary>eth_sendRawTransaction: the transaction hash the node computed.</summary>
    public async Task<byte[]> SendRawTransactionAsync(byte[] raw, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return RpcJson.ToHash(await SendAsync("eth_sendRawTransaction", [Hex.Encode(raw)], cancellationToken).ConfigureAwait(false), "eth_sendRawTransaction");
    }

    /// <summary>The receipt, or null while the transaction is not mined (or unknown to the node).</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(byte[] transactionHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionHash);
        var result = await SendAsync("eth_getTransactionReceipt", [Hex.Encode(transactionHash)], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : RpcJson.ToReceipt(result, "eth_getTransactionReceipt");
    }

    /// <summary>Polls for the receipt until <paramref name="timeout"/>; throws <see cref="RpcTransportException"/> (IsTimeout) when none comes.</summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(byte[] transactionHash, TimeSpan timeout, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var started = TimeProvider.GetTimestamp();
        while (true)
        {
            var receipt = await GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false);
            if (receipt is not null)
            {
                return receipt;
            }

            if (TimeProvider.GetElapsedTime(started) >= timeout)
            {
                throw new RpcTransportException($"no receipt for {Hex.Encode(transactionHash)} within {timeout.TotalSeconds:0.#} s.")
                {
                    Method = "eth_getTransactionReceipt",
                    IsTimeout = true,
                };
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100), TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<FeeHistory> GetFeeHistoryAsync(int blockCount, string newestBlock = "latest", IReadOnlyList<double>? rewardPercentiles = null, CancellationToken cancellationToken = default)
    {
        const string method = "eth_feeHistory";
        var percentiles = new JsonArray([.. (rewardPercentiles ?? []).Select(p => (JsonNode?)JsonValue.Create(p))]);
        var result = await SendAsync(method, [RpcJson.Quantity(blockCount), newestBlock, percentiles], cancellationToken).ConfigureAwait(false);
        var baseFees = RpcJson.Property(result, "baseFeePerGas", method);
        var ratios = RpcJson.Property(result, "gasUsedRatio", method);
        if (baseFees.ValueKind != JsonValueKind.Array || ratios.ValueKind != JsonValueKind.Array)
        {
            throw RpcJson.Bad(method, "baseFeePerGas/gasUsedRatio", result, "arrays");
        }

        var rewards = new List<IReadOnlyList<BigInteger>>();
        if (result.TryGetProperty("reward", out var reward) && reward.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in reward.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Array)
                {
                    throw RpcJson.Bad(method, "reward", block, "an array");
                }

                rewards.Add([.. block.EnumerateArray().Select(r => RpcJson.ToQuantity(r, method, "reward"))]);
            }
        }

        return new FeeHistory(
            RpcJson.ToUInt64(RpcJson.Property(result, "oldestBlock", method), method, "oldestBlock"),
            [.. baseFees.EnumerateArray().Select(f => RpcJson.ToQuantity(f, method, "baseFeePerGas"))],
            [.. ratios.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Number ? r.GetDouble() : throw RpcJson.Bad(method, "gasUsedRatio", r, "a number"))],
            rewards);
    }

    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var json = new JsonObject { ["fromBlock"] = filter.FromBlock, ["toBlock"] = filter.ToBlock };
        if (filter.Address is not null)
        {
            json["address"] = filter.Address;
        }

        json["topics"] = new JsonArray([.. filter.Topics.Select(t => t is null ? null : (JsonNode?)JsonValue.Create(Hex.Encode(t)))]);
        var result = await SendAsync("eth_getLogs", [json], cancellationToken).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.Array)
        {
            throw RpcJson.Bad("eth_getLogs", "result", result, "an array");
        }

        return [.. result.EnumerateArray().Select(l => RpcJson.ToLog(l, "eth_getLogs"))];
    }

    /// <summary>
    /// Calls any method (e.g. anvil_setBalance) with parameters given as JSON nodes or strings, and returns the
    /// <c>result</c> (a detached copy).
    /// </summary>
    public async Task<JsonElement> SendAsync(string method, IReadOnlyList<JsonNode?> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = new JsonArray([.. parameters.Select(p => p?.DeepClone())]),
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        string body;
        HttpStatusCode status;
        try
        {
            using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
            using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
            // Headers first, then a bounded read: a node (or anything else on that port) cannot make us buffer without limit.
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            status = response.StatusCode;
            body = await ReadBoundedAsync(method, response.Content, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcTransportException($"{method}: {Endpoint} did not answer within {Timeout.TotalSeconds:0.#} s.", ex) { Method = method, IsTimeout = true };
        }
        catch (HttpRequestException ex)
        {
            throw new RpcTransportException($"{method}: cannot reach {Endpoint}: {ex.Message}", ex) { Method = method };
        }

        return Parse(method, id, status, body);
    }

    private static async Task<string> ReadBoundedAsync(string method, HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new RpcResponseException($"{method}: the response of {content.Headers.ContentLength} bytes is larger than {MaxResponseBytes}.") { Method = method };
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new RpcResponseException($"{method}: the response is larger than {MaxResponseBytes} bytes.") { Method = method };
                }

                buffer.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    private static JsonElement Parse(string method, long id, HttpStatusCode status, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            var excerpt = body.Length > 120 ? body[..120] + "…" : body;
            if ((int)status is < 200 or > 299)
            {
                throw new RpcTransportException($"{method}: HTTP {(int)status} {status}: {excerpt}", ex) { Method = method, HttpStatus = (int)status };
            }

            throw new RpcResponseException($"{method}: the response is not JSON: {excerpt}", ex) { Method = method };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw RpcJson.Bad(method, "response", root, "a JSON-RPC response object");
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                throw ToError(method, error);
            }

            if ((int)status is < 200 or > 299)
            {
                throw new RpcTransportException($"{method}: HTTP {(int)status} {status}.") { Method = method, HttpStatus = (int)status };
            }

            if (!root.TryGetProperty("id", out var responseId) || responseId.ValueKind != JsonValueKind.Number
                || !responseId.TryGetInt64(out var number) || number != id)
            {
                throw new RpcResponseException($"{method}: the response's id does not match the request's ({id}).") { Method = method };
            }

            if (!root.TryGetProperty("result", out var result))
            {
                throw new RpcResponseException($"{method}: the response has neither 'result' nor 'error'.") { Method = method };
            }

            return result.Clone();
        }
    }

    private static JsonRpcErrorException ToError(string method, JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("code", out var code) || !code.TryGetInt64(out var codeValue))
        {
            throw RpcJson.Bad(method, "error", error, "a JSON-RPC error object with a code");
        }

        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
        string? dataJson = null;
        byte[]? revertData = null;
        if (error.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null)
        {
            dataJson = data.GetRawText();
            if (data.ValueKind == JsonValueKind.String && data.GetString() is { } hex && hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    revertData = Hex.Decode(hex);
                }
                catch (FormatException)
                {
                    // Not revert data: kept as DataJson only.
                }
            }
        }

        return new JsonRpcErrorException(method, codeValue, message, dataJson, revertData);
    }
}
