namespace Hub.Ledger.Billing;

/// <summary>A bill period, [Start, End) in UTC, whose bounds are local midnights (or UTC hours) of the tariff's zone.</summary>
public readonly record struct BillPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The period of <paramref name="tariff"/> that holds the instant <paramref name="at"/>.</summary>
    public static BillPeriod Containing(Tariff tariff, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var utc = at.ToUniversalTime();
        switch (tariff.Period)
        {
            case BillPeriodKind.Hourly:
                var hour = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
                return new BillPeriod(hour, hour.AddHours(1));
            case BillPeriodKind.Daily:
                var day = tariff.ToLocal(utc).Date;
                return new BillPeriod(tariff.ToUtc(day), tariff.ToUtc(day.AddDays(1)));
            default:
                var local = tariff.ToLocal(utc);
                var start = new DateTime(local.Year, local.Month, tariff.BillDay, 0, 0, 0, DateTimeKind.Unspecified);
                if (local < start)
                {
                    start = start.AddMonths(-1);
                }

                return new BillPeriod(tariff.ToUtc(start), tariff.ToUtc(start.AddMonths(1)));
        }
    }

    /// <summary>The period right after this one.</summary>
    public BillPeriod Next(Tariff tariff) => Containing(tariff, End);
}
