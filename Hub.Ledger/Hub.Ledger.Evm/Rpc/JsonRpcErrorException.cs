namespace Hub.Ledger.Evm.Rpc;

/// <summary>
/// The node answered with a JSON-RPC error object (JSON-RPC 2.0 §5.1): its code, message and, for a reverted call
/// or gas estimate, the revert data (<c>error.data</c> as 0x hex).
/// </summary>
public sealed class JsonRpcErrorException : EthRpcException
{
    public JsonRpcErrorException()
    {
    }

    public JsonRpcErrorException(string message)
        : base(message)
    {
    }

    public JsonRpcErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JsonRpcErrorException(string method, long code, string rpcMessage, string? dataJson, byte[]? revertData)
        : base($"{method}: the node answered error {code}: {rpcMessage}")
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        DataJson = dataJson;
        RevertData = revertData;
    }

    /// <summary>The JSON-RPC error code (e.g. -32000 for most node errors, 3 for execution reverted in geth).</summary>
    public long Code { get; }

    /// <summary>The node's own message, e.g. "insufficient funds for gas * price + value".</summary>
    public string RpcMessage { get; } = string.Empty;

    /// <summary><c>error.data</c> as JSON text, when present.</summary>
    public string? DataJson { get; }

    /// <summary>The revert data when <c>error.data</c> is a hex string (a reverted eth_call/eth_estimateGas).</summary>
    public byte[]? RevertData { get; }
}
