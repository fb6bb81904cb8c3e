namespace Hub.Ledger.Evm.Rpc;

/// <summary>The base of every failure of a JSON-RPC call: the node answered with an error, gave garbage, or did not answer.</summary>
public class EthRpcException : Exception
{
    public EthRpcException()
    {
    }

    public EthRpcException(string message)
        : base(message)
    {
    }

    public EthRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The JSON-RPC method that failed, e.g. <c>eth_sendRawTransaction</c>.</summary>
    public string? Method { get; init; }
}
