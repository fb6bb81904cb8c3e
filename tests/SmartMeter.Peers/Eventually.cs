namespace SmartMeter.Peers;

/// <summary>Polls a condition until it holds: the hub stores and reports asynchronously.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="condition"/> every <paramref name="pollInterval"/> (default 100 ms) until it returns true;
    /// an exception counts as "not yet" and is reported if the time runs out, except <see cref="PeerExitedException"/>,
    /// which ends the wait at once.
    /// </summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>; the message
    /// says what was awaited, the last exception and <paramref name="context"/> (e.g. the hub's log).</exception>
    public static async Task HoldsAsync(
        Func<Task<bool>> condition,
        TimeSpan timeout,
        string what,
        Func<string>? context = null,
        TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                {
                    return;
                }

                last = null;
            }
            catch (Exception ex) when (ex is not PeerExitedException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                last = ex;
            }

            if (TimeProvider.System.GetTimestamp() >= deadline)
            {
                var because = last is null ? string.Empty : $"\nlast error: {last}";
                var extra = context is null ? string.Empty : $"\n{context()}";
                throw new TimeoutException($"not within {timeout.TotalSeconds:0.#} s: {what}{because}{extra}");
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }
}
