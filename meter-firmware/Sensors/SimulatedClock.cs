namespace MeterFirmware.Sensors;

/// <summary>
/// Simulated time running <c>speed</c> times faster than a real clock (<c>--speed 60</c>: one simulated minute per
/// real second), so a demo shows a day's curve in 24 minutes. Only the sensor and the energy integration use it;
/// reading timestamps stay on the real clock so the hub's timestamp rule accepts them.
/// </summary>
internal sealed class SimulatedClock : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly DateTimeOffset _realStart;
    private readonly DateTimeOffset _simulatedStart;
    private readonly double _speed;

    public SimulatedClock(TimeProvider real, DateTimeOffset simulatedStart, double speed)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        _real = real;
        _realStart = real.GetUtcNow();
        _simulatedStart = simulatedStart;
        _speed = speed;
    }

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override DateTimeOffset GetUtcNow()
    {
        var elapsed = _real.GetUtcNow() - _realStart;
        return _simulatedStart + TimeSpan.FromTicks((long)(elapsed.Ticks * _speed));
    }
}
