namespace Hub.WebUi.Auth;

/// <summary><c>GET /api/session</c>: who is logged in (null name when nobody), whether setup is needed, the antiforgery token for the pages.</summary>
public sealed record SessionView(string? Name, string? Role, bool HasOwner, bool SetupPending, string CsrfToken, string? CertificateFingerprint);

/// <summary>A user as the users page lists it (no hash).</summary>
public sealed record UserView(string Name, string Role, DateTimeOffset Created)
{
    public static UserView From(UserAccount user) => new(user.Name, user.Role, user.Created);
}

/// <summary>An API token as listed (no secret).</summary>
public sealed record TokenView(string Id, string Name, string Role, string CreatedBy, DateTimeOffset Created)
{
    public static TokenView From(ApiToken token) => new(token.Id, token.Name, token.Role, token.CreatedBy, token.Created);
}

/// <summary>A token just made: <paramref name="Token"/> is the secret, shown this once.</summary>
public sealed record NewTokenView(string Id, string Name, string Role, string Token);
