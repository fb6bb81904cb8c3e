using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hub.WebUi.Auth;

/// <summary>
/// Users and API tokens in <c>&lt;DataDir&gt;/accounts.json</c> (0600, rewritten atomically on each change). Small
/// (a household has a handful of users), so it is held in memory and read under one lock.
/// </summary>
public sealed class AccountStore
{
    public const string FileName = "accounts.json";
    public const string TokenPrefix = "smh_";
    public const int MaxUsers = 50;
    public const int MaxTokens = 100;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private AccountFile _data;

    public AccountStore(string dataDir, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        _time = time;
        FilePath = Path.Combine(dataDir, FileName);
        _data = Load(FilePath);
    }

    public string FilePath { get; }

    public bool HasOwner
    {
        get
        {
            lock (_gate)
            {
                return _data.Users.Any(u => u.Role == HubRoles.Owner);
            }
        }
    }

    public IReadOnlyList<UserAccount> Users
    {
        get
        {
            lock (_gate)
            {
                return _data.Users;
            }
        }
    }

    public IReadOnlyList<ApiToken> Tokens
    {
        get
        {
            lock (_gate)
            {
                return _data.Tokens;
            }
        }
    }

    public UserAccount? FindUser(string name)
    {
        lock (_gate)
        {
            return _data.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Adds a user, or replaces the password (and ends the sessions) of one with this name and role owner during setup.</summary>
    public UserAccount AddUser(string name, string role, string passwordHash)
    {
        lock (_gate)
        {
            if (_data.Users.Any(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"name: a user '{name}' already exists.");
            }

            if (_data.Users.Count >= MaxUsers)
            {
                throw new InvalidOperationException($"name: the hub holds at most {MaxUsers} users.");
            }

            var user = new UserAccount(name, role, passwordHash, NewStamp(), _time.GetUtcNow());
            Save(_data with { Users = [.. _data.Users, user] });
            return user;
        }
    }

    /// <summary>Setup: the owner <paramref name="name"/> with this password; any other owner is demoted to nothing (removed).</summary>
    public UserAccount SetOwner(string name, string passwordHash)
    {
        lock (_gate)
        {
            var others = _data.Users.Where(u => u.Role != HubRoles.Owner && !string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
            var owner = new UserAccount(name, HubRoles.Owner, passwordHash, NewStamp(), _time.GetUtcNow());
            Save(_data with { Users = [owner, .. others], Tokens = [.. _data.Tokens.Where(t => t.Role != HubRoles.Owner)] });
            return owner;
        }
    }

    public bool RemoveUser(string name)
    {
        lock (_gate)
        {
            var kept = _data.Users.Where(u => !string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (kept.Count == _data.Users.Count)
            {
                return false;
            }

            Save(_data with { Users = kept, Tokens = [.. _data.Tokens.Where(t => !string.Equals(t.CreatedBy, name, StringComparison.OrdinalIgnoreCase))] });
            return true;
        }
    }

    /// <summary>A new password and a new session stamp: every session issued before ends at its next request.</summary>
    public UserAccount SetPassword(string name, string passwordHash)
    {
        lock (_gate)
        {
            var user = _data.Users.First(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
            var changed = user with { PasswordHash = passwordHash, SessionStamp = NewStamp() };
            Save(_data with { Users = [.. _data.Users.Select(u => ReferenceEquals(u, user) ? changed : u)] });
            return changed;
        }
    }

    /// <summary>A new token; the secret is returned once and never stored.</summary>
    public (ApiToken Token, string Secret) AddToken(string name, string role, string createdBy)
    {
        lock (_gate)
        {
            if (_data.Tokens.Count >= MaxTokens)
            {
                throw new InvalidOperationException($"name: the hub holds at most {MaxTokens} tokens; revoke one first.");
            }

            var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
            var token = new ApiToken(Base64Url(RandomNumberGenerator.GetBytes(9)), name, role, Sha256(secret), createdBy, _time.GetUtcNow());
            Save(_data with { Tokens = [.. _data.Tokens, token] });
            return (token, secret);
        }
    }

    public bool RevokeToken(string id)
    {
        lock (_gate)
        {
            var kept = _data.Tokens.Where(t => t.Id != id).ToList();
            if (kept.Count == _data.Tokens.Count)
            {
                return false;
            }

            Save(_data with { Tokens = kept });
            return true;
        }
    }

    public ApiToken? FindToken(string secret)
    {
        var hash = Sha256(secret);
        lock (_gate)
        {
            return _data.Tokens.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(t.SecretSha256), Encoding.ASCII.GetBytes(hash)));
        }
    }

    /// <summary>Factory reset: no user, no token.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _data = AccountFile.Empty;
            File.Delete(FilePath);
        }
    }

    private void Save(AccountFile data)
    {
        DataFiles.WriteSecret(FilePath, JsonSerializer.SerializeToUtf8Bytes(data, AccountFileJsonContext.Default.AccountFile));
        _data = data;
    }

    private static AccountFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return AccountFile.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), AccountFileJsonContext.Default.AccountFile) ?? AccountFile.Empty;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: is not a valid accounts file ({ex.Message}); restore it or run 'Hub.Host owner reset'.", ex);
        }
    }

    private static string NewStamp() => Base64Url(RandomNumberGenerator.GetBytes(16));

    private static string Sha256(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
