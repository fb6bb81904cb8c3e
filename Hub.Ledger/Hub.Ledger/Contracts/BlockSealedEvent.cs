namespace Hub.Ledger;

/// <summary>A block was sealed and is durable.</summary>
public sealed record BlockSealedEvent(SealedBlock Block) : HubEvent;
