namespace Hub.Ledger.Evm.Tests.Rpc;

public sealed record ScriptedReply(string Body, int Status = 200, string ContentType = "application/json")
{
    public TimeSpan Delay { get; init; }

    public static ScriptedReply Result(long id, string resultJson) => new($$"""{"jsonrpc":"2.0","id":{{id}},"result":{{resultJson}}}""");
}
