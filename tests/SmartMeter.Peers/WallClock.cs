namespace SmartMeter.Peers;

/// <summary>Waits for a moment of the wall clock (market intervals, bill hours), as a test that runs beside a real hub must.</summary>
public static class WallClock
{
    /// <summary>Returns at <paramref name="at"/>, or at once when that has passed (a slow step under load must not throw).</summary>
    public static async Task WaitUntilAsync(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait).ConfigureAwait(false);
        }
    }
}
