namespace Hub.Ledger.Evm.Rpc;

/// <summary>The endpoint answered, but not with a JSON-RPC response that fits the method (garbage, wrong id, bad hex).</summary>
public sealed class RpcResponseException : EthRpcException
{
    public RpcResponseException()
    {
    }

    public RpcResponseException(string message)
        : base(message)
    {
    }

    public RpcResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
