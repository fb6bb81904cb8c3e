namespace MeterFirmware.Tests.TestSupport;

/// <summary>Polls a condition until it holds, failing the test with a message if it never does.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout} waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }
}
