using MeterFirmware.Sensors;
using MeterFirmware.Tests.TestSupport;

namespace MeterFirmware.Tests.Sensors;

public sealed class SimulatedClockTests
{
    [Fact]
    public void Speed_sixty_runs_a_simulated_minute_per_real_second()
    {
        var real = new ManualClock(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var start = new DateTimeOffset(2026, 6, 21, 6, 0, 0, TimeSpan.Zero);
        var clock = new SimulatedClock(real, start, speed: 60);

        Assert.Equal(start, clock.GetUtcNow());
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(start.AddMinutes(1), clock.GetUtcNow());
        real.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(start.AddHours(1), clock.GetUtcNow());
    }

    [Fact]
    public void Speed_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedClock(TimeProvider.System, DateTimeOffset.UnixEpoch, 0));
}
