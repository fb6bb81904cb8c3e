namespace Hub.Ledger.Evm.Rpc;

/// <summary>The endpoint could not be reached, failed at the HTTP level, or did not answer in time.</summary>
public sealed class RpcTransportException : EthRpcException
{
    public RpcTransportException()
    {
    }

    public RpcTransportException(string message)
        : base(message)
    {
    }

    public RpcTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the call was abandoned after the client's timeout.</summary>
    public bool IsTimeout { get; init; }

    /// <summary>The HTTP status, when the endpoint answered with one that is not a JSON-RPC response.</summary>
    public int? HttpStatus { get; init; }
}
