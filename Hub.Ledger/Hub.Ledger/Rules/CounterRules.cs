using System.Globalization;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>The counter rules beyond monotonicity: resets and rollovers, and how fast a counter may grow.</summary>
internal static class CounterRules
{
    /// <summary>True when a fall from <paramref name="last"/> to <paramref name="now"/> is the documented wrap of the counter.</summary>
    public static bool IsRollover(double last, double now, RuleOptions rules) =>
        rules.CounterRolloverWh is { } wrap && last >= 0.9 * wrap && now <= 0.1 * wrap;

    public static Verdict CheckReset(Reading reading, MeterHistory? history, RuleOptions rules)
    {
        foreach (var (name, now, last) in Counters(reading, history))
        {
            if (now >= last)
            {
                continue;
            }

            if (IsRollover(last, now, rules))
            {
                return new Verdict(RuleNames.CounterReset, true, Invariant(
                    $"{name} rolled over from {last} Wh to {now} Wh at {rules.CounterRolloverWh} Wh (Rules:CounterRolloverWh)"));
            }

            if (now <= rules.CounterResetMaxWh)
            {
                return new Verdict(RuleNames.CounterReset, false, Invariant(
                    $"{name} restarted from {now} Wh after {last} Wh: the meter's counter was reset or the meter replaced (at most {rules.CounterResetMaxWh} Wh, Rules:CounterResetMaxWh)"));
            }
        }

        return new Verdict(RuleNames.CounterReset, true, "no counter reset or rollover");
    }

    public static Verdict CheckRate(Reading reading, MeterHistory? history, RuleOptions rules, MeterRules meter)
    {
        if (history?.CountersAt is not { } since || (history.ImportWh is null && history.ExportWh is null))
        {
            return new Verdict(RuleNames.CounterRate, true, "no earlier valid counter reading to compare with");
        }

        var seconds = (reading.Timestamp - since).TotalSeconds;
        if (seconds <= 0)
        {
            return new Verdict(RuleNames.CounterRate, true, "not checked: not later than the meter's last valid counter reading");
        }

        var maxPower = meter.MaxPowerW ?? rules.MaxPowerW;
        var source = meter.MaxPowerW is null ? "Rules:MaxPowerW" : "the meter's MaxPowerW";

        // 1 Wh of slack: counters have a resolution, and a whole Wh may tick over in a short interval.
        var allowedWh = (maxPower * seconds / 3600 * (1 + (rules.RateTolerancePercent / 100))) + 1;
        foreach (var (name, now, last) in Counters(reading, history))
        {
            var grown = now >= last ? now - last : IsRollover(last, now, rules) ? now + rules.CounterRolloverWh!.Value - last : 0;
            if (grown > allowedWh)
            {
                return new Verdict(RuleNames.CounterRate, false, Invariant(
                    $"{name} grew {grown} Wh in {seconds:0.###} s ({grown * 3600 / seconds:0} W on average), more than the rated {maxPower} W allows ({source}, +{rules.RateTolerancePercent}% Rules:RateTolerancePercent)"));
            }
        }

        return new Verdict(RuleNames.CounterRate, true, Invariant($"counters grew no faster than {maxPower} W allows"));
    }

    private static IEnumerable<(string Name, double Now, double Last)> Counters(Reading reading, MeterHistory? history)
    {
        if (reading.EnergyImportWh is { } import && history?.ImportWh is { } lastImport)
        {
            yield return ("energyImportWh", import, lastImport);
        }

        if (reading.EnergyExportWh is { } export && history?.ExportWh is { } lastExport)
        {
            yield return ("energyExportWh", export, lastExport);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
