namespace Hub.WebUi.Auth;

/// <summary>The hub's own claim types.</summary>
internal static class HubClaims
{
    public const string SessionStamp = "hub:stamp";
    public const string TokenId = "hub:token";
}
