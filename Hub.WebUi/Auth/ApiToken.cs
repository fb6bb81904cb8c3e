namespace Hub.WebUi.Auth;

/// <summary>A bearer token for scripts: only the SHA-256 of the secret is kept (the secret is 256 random bits).</summary>
public sealed record ApiToken(string Id, string Name, string Role, string SecretSha256, string CreatedBy, DateTimeOffset Created);
