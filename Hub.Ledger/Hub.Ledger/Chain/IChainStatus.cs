namespace Hub.Ledger.Chain;

/// <summary>The chain link's state for <c>/health</c> and the UI.</summary>
public interface IChainStatus
{
    ChainStatusReport Report();
}
