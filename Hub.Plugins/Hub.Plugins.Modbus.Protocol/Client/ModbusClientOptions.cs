namespace Hub.Plugins.Modbus.Protocol;

/// <summary>Timeouts and retries of a Modbus client.</summary>
public sealed class ModbusClientOptions
{
    /// <summary>
    /// How long one attempt (connect if needed, send, receive the whole answer) may take. 1 s by default: a meter on
    /// 9600 baud answers a 125-register read in about 0.3 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries after timeouts and transport errors; never after an exception response.</summary>
    public ModbusRetryPolicy Retry { get; init; } = ModbusRetryPolicy.Default;

    /// <summary>The clock for timeouts, backoff and RTU inter-frame silence.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The request timeout must be between 0 and 5 minutes.");
        }

        ArgumentNullException.ThrowIfNull(Retry);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
