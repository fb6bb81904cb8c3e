namespace Hub.Plugins.Modbus.Protocol.Tests;

public sealed class ModbusRetryPolicyTests
{
    [Fact]
    public void Backoff_DoublesFromTheInitialWait_UpToTheCap()
    {
        var policy = new ModbusRetryPolicy(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
        Assert.Equal(
            new[] { 100, 200, 400, 500, 500 },
            Enumerable.Range(1, 5).Select(r => (int)policy.BackoffBefore(r).TotalMilliseconds));
    }

    [Fact]
    public void Default_IsTwoRetries_None_IsNone()
    {
        Assert.Equal(2, ModbusRetryPolicy.Default.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(100), ModbusRetryPolicy.Default.BackoffBefore(1));
        Assert.Equal(0, ModbusRetryPolicy.None.MaxRetries);
    }

    [Fact]
    public void InvalidSettings_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModbusRetryPolicy(-1, TimeSpan.Zero, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModbusRetryPolicy(1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRetryPolicy.Default.BackoffBefore(0));
    }
}
