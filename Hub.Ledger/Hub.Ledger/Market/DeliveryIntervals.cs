namespace Hub.Ledger.Market;

/// <summary>
/// The market's clock: interval <c>i</c> covers Unix seconds <c>[i·L, (i+1)·L)</c>, the same arithmetic as the
/// market contract, so the hub and the chain agree on which interval a time belongs to without talking.
/// </summary>
public readonly record struct DeliveryIntervals(int LengthSeconds)
{
    public long IndexOf(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeSeconds(), LengthSeconds, out var rest) - (rest < 0 ? 1 : 0);

    public DateTimeOffset StartOf(long index) => DateTimeOffset.FromUnixTimeSeconds(index * LengthSeconds);

    public DateTimeOffset EndOf(long index) => StartOf(index + 1);

    /// <summary>The first interval whose orders can still be placed at <paramref name="now"/> (lead time before its start).</summary>
    public long NextOpen(DateTimeOffset now, int leadSeconds)
    {
        var index = IndexOf(now) + 1;
        while (StartOf(index) - TimeSpan.FromSeconds(leadSeconds) <= now)
        {
            index++;
        }

        return index;
    }
}
