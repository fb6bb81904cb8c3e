namespace Hub.WebUi.Auth;

/// <summary>A person who logs in. <paramref name="SessionStamp"/> changes with the password, ending every other session.</summary>
public sealed record UserAccount(string Name, string Role, string PasswordHash, string SessionStamp, DateTimeOffset Created);
