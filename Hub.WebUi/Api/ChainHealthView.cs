namespace Hub.WebUi.Api;

/// <summary>The chain link in <c>GET /health</c>; <c>not-configured</c> until the hub has a chain client.</summary>
public sealed record ChainHealthView(string Status);
