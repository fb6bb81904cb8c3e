using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.WebUi.Auth;

/// <summary>The content of <c>&lt;DataDir&gt;/accounts.json</c> (mode 0600).</summary>
public sealed record AccountFile(IReadOnlyList<UserAccount> Users, IReadOnlyList<ApiToken> Tokens)
{
    public static readonly AccountFile Empty = new([], []);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(AccountFile))]
internal sealed partial class AccountFileJsonContext : JsonSerializerContext;
