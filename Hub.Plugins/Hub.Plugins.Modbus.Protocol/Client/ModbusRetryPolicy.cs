namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// Retries with exponential backoff for <see cref="ModbusCommunicationException"/> (timeouts, broken connections,
/// malformed frames, CRC errors). An exception response is the device's considered answer and is never retried.
/// </summary>
public sealed record ModbusRetryPolicy
{
    public ModbusRetryPolicy(int maxRetries, TimeSpan initialBackoff, TimeSpan maxBackoff)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRetries, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, initialBackoff);
        MaxRetries = maxRetries;
        InitialBackoff = initialBackoff;
        MaxBackoff = maxBackoff;
    }

    /// <summary>Two retries, 100 ms then 200 ms apart, capped at 2 s.</summary>
    public static ModbusRetryPolicy Default { get; } = new(2, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    /// <summary>One attempt only.</summary>
    public static ModbusRetryPolicy None { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Attempts after the first.</summary>
    public int MaxRetries { get; }

    /// <summary>Wait before the first retry; doubles for each further retry.</summary>
    public TimeSpan InitialBackoff { get; }

    /// <summary>Longest wait between attempts.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based): initial x 2^(retry-1), capped.</summary>
    public TimeSpan BackoffBefore(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var factor = Math.Pow(2, Math.Min(retry - 1, 30));
        var ticks = Math.Min(InitialBackoff.Ticks * factor, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
