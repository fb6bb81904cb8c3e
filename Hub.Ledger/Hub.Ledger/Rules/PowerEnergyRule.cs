using System.Globalization;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>
/// The power-energy rule (run when <c>Rules:PowerEnergyTolerancePercent</c> is set): the average power implied by a
/// counter's growth since the meter's last valid counter reading must lie between the powerW of the two readings,
/// within the tolerance. powerW is signed (positive imports, negative exports), so the import counter is compared
/// with the imported part of the power (max(powerW, 0)) and the export counter with the exported part
/// (max(−powerW, 0)). A heuristic: the power between two readings is unknown, so long intervals are not checked.
/// </summary>
internal static class PowerEnergyRule
{
    /// <summary>A counter of whole Wh may be up to 1 Wh behind; over a short interval that is many watts.</summary>
    private const double CounterResolutionWh = 1;

    public static Verdict Check(Reading reading, MeterHistory? history, RuleOptions rules, double tolerancePercent)
    {
        if (history?.CountersAt is not { } since)
        {
            return new Verdict(RuleNames.PowerEnergy, true, "no earlier valid counter reading to compare with");
        }

        if (reading.PowerW is not { } now || history.PowerW is not { } before)
        {
            return new Verdict(RuleNames.PowerEnergy, true, "not checked: this reading or the meter's last valid counter reading has no powerW");
        }

        var seconds = (reading.Timestamp - since).TotalSeconds;
        if (seconds <= 0)
        {
            return new Verdict(RuleNames.PowerEnergy, true, "not checked: not later than the meter's last valid counter reading");
        }

        if (seconds > rules.PowerEnergyMaxIntervalSeconds)
        {
            return new Verdict(RuleNames.PowerEnergy, true, Invariant(
                $"not checked: {seconds:0.###} s since the meter's last valid counter reading is longer than {rules.PowerEnergyMaxIntervalSeconds} s (Rules:PowerEnergyMaxIntervalSeconds); the power may have changed in between"));
        }

        var resolutionW = CounterResolutionWh * 3600 / seconds;
        var checkedAny = new List<string>(2);
        foreach (var (name, direction, nowWh, lastWh, pBefore, pNow) in Directions(reading, history, before, now))
        {
            if (nowWh < lastWh && !CounterRules.IsRollover(lastWh, nowWh, rules))
            {
                continue; // counter-monotonic and counter-reset say what is wrong
            }

            var grown = nowWh >= lastWh ? nowWh - lastWh : nowWh + rules.CounterRolloverWh!.Value - lastWh;
            var average = grown * 3600 / seconds;
            var high = Math.Max(pBefore, pNow);
            var low = Math.Min(pBefore, pNow);
            var most = (high * (1 + (tolerancePercent / 100))) + rules.PowerEnergySlackW + resolutionW;
            var least = (low * (1 - (tolerancePercent / 100))) - rules.PowerEnergySlackW - resolutionW;
            var powers = Invariant($"powerW was {before} W at the last valid reading and {now} W now ({direction} {pBefore} W and {pNow} W)");
            if (average > most)
            {
                return new Verdict(RuleNames.PowerEnergy, false, Invariant(
                    $"{name} grew {grown:0.###} Wh in {seconds:0.###} s, an average {direction} of {average:0.#} W, but {powers}: at most {most:0.#} W fits ({high} W +{tolerancePercent}% Rules:PowerEnergyTolerancePercent, +{rules.PowerEnergySlackW} W Rules:PowerEnergySlackW, +{resolutionW:0.#} W for a 1 Wh counter step); the counter or the power reading is wrong"));
            }

            if (average < least)
            {
                return new Verdict(RuleNames.PowerEnergy, false, Invariant(
                    $"{name} grew only {grown:0.###} Wh in {seconds:0.###} s, an average {direction} of {average:0.#} W, but {powers}: at least {least:0.#} W fits ({low} W −{tolerancePercent}% Rules:PowerEnergyTolerancePercent, −{rules.PowerEnergySlackW} W Rules:PowerEnergySlackW, −{resolutionW:0.#} W for a 1 Wh counter step); the counter or the power reading is wrong"));
            }

            checkedAny.Add(Invariant($"{direction} {average:0.#} W"));
        }

        return checkedAny.Count == 0
            ? new Verdict(RuleNames.PowerEnergy, true, "not checked: no counter to compare (missing in this or the last valid reading, or it fell)")
            : new Verdict(RuleNames.PowerEnergy, true, Invariant(
                $"average {string.Join(" and ", checkedAny)} over {seconds:0.###} s fit powerW {before} W → {now} W (±{tolerancePercent}%)"));
    }

    private static IEnumerable<(string Name, string Direction, double Now, double Last, double Before, double After)> Directions(
        Reading reading, MeterHistory history, double before, double now)
    {
        if (reading.EnergyImportWh is { } import && history.ImportWh is { } lastImport)
        {
            yield return ("energyImportWh", "import", import, lastImport, Math.Max(before, 0), Math.Max(now, 0));
        }

        if (reading.EnergyExportWh is { } export && history.ExportWh is { } lastExport)
        {
            yield return ("energyExportWh", "export", export, lastExport, Math.Max(-before, 0), Math.Max(-now, 0));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
