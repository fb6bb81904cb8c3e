namespace MeterFirmware.Uplink;

/// <summary>Exponential reconnect delay: 0.5 s doubling up to a ceiling, back to the start after a good connect.</summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private TimeSpan _next;

    public ReconnectBackoff(TimeSpan initial, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        _initial = initial;
        _maximum = maximum;
        _next = initial;
    }

    public static ReconnectBackoff Default => new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    /// <summary>The delay before the next attempt; each call doubles the one after.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _maximum.Ticks));
        return delay;
    }

    public void Reset() => _next = _initial;
}
