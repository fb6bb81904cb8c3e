using Hub.Plugins.Abstractions;

namespace Hub.WebUi.Auth;

/// <summary>
/// Back-off per account: after <see cref="FreeFailures"/> wrong passwords in a row an account is locked for 30 s,
/// doubling with each further failure up to 15 min (the per-address limit is the rate limiter's, see
/// <see cref="AuthHostingExtensions"/>). Counts for <c>/health</c>; an alert at the start of each lockout.
/// </summary>
public sealed class LoginThrottle(TimeProvider time, IIngestProblemSink? problems = null)
{
    public const int FreeFailures = 5;
    private const int MaxTracked = 1000;
    private static readonly TimeSpan FirstLock = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestLock = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset LockedUntil)> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private long _failed;
    private long _lockouts;

    public long FailedLogins => Interlocked.Read(ref _failed);

    public long Lockouts => Interlocked.Read(ref _lockouts);

    /// <summary>How long the account stays locked; null when it is not.</summary>
    public TimeSpan? LockedFor(string account)
    {
        lock (_gate)
        {
            if (_accounts.TryGetValue(account, out var state) && state.LockedUntil > time.GetUtcNow())
            {
                return state.LockedUntil - time.GetUtcNow();
            }

            return null;
        }
    }

    public void Failed(string account, string? remote)
    {
        Interlocked.Increment(ref _failed);
        int failures;
        lock (_gate)
        {
            if (_accounts.Count >= MaxTracked && !_accounts.ContainsKey(account))
            {
                var now = time.GetUtcNow();
                foreach (var key in _accounts.Where(a => a.Value.LockedUntil <= now).Select(a => a.Key).ToList())
                {
                    _accounts.Remove(key);
                }
            }

            _accounts.TryGetValue(account, out var state);
            failures = state.Failures + 1;
            var lockedUntil = state.LockedUntil;
            if (failures >= FreeFailures)
            {
                var exponent = Math.Min(failures - FreeFailures, 5);
                var span = TimeSpan.FromTicks(Math.Min(FirstLock.Ticks << exponent, LongestLock.Ticks));
                lockedUntil = time.GetUtcNow() + span;
            }

            _accounts[account] = (failures, lockedUntil);
        }

        if (failures == FreeFailures)
        {
            Interlocked.Increment(ref _lockouts);
            problems?.Report(new IngestProblem(
                "webui",
                IngestProblemKind.AuthenticationFailed,
                null,
                $"{FreeFailures} wrong passwords in a row for account '{Clip(account)}'; logins to it are refused for a while. If this was not you, someone on your network is guessing passwords.",
                remote));
        }
    }

    public void Succeeded(string account)
    {
        lock (_gate)
        {
            _accounts.Remove(account);
        }
    }

    private static string Clip(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
