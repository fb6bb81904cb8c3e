namespace Hub.WebUi.Api;

/// <summary>Logins since start: failed attempts (wrong password or setup code, too many from one address) and account lockouts.</summary>
public sealed record LoginHealthView(long Failed, long Lockouts);
