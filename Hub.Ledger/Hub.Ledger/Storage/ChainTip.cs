namespace Hub.Ledger.Storage;

/// <summary>The newest block and the last reading id it sealed; kept in the store, updated in the seal's transaction.</summary>
/// <param name="Height">0 before the first block.</param>
/// <param name="Hash">The newest block's hash; 32 zero bytes before the first block.</param>
/// <param name="SealedThrough">Every reading with an id up to this one is sealed.</param>
internal sealed record ChainTip(long Height, byte[] Hash, long SealedThrough);
