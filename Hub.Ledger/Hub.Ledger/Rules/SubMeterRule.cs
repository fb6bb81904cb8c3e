using System.Globalization;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>
/// The sub-meter rule, judged on each reading of a sub-meter (<c>Meters:N:Parent</c>): over the interval [a, b]
/// from the sub-meter's last valid import reading (a) to this reading's timestamp or the parent's newest valid
/// reading, whichever is earlier (b), the import of all sub-meters of the parent must not exceed the parent's import
/// by more than Rules:SubMeterTolerancePercent + Rules:SubMeterSlackWh. Counters are linearly interpolated at a and
/// b from the valid readings stored before this one (each meter's <see cref="MeterHistory.Trail"/>); a sibling
/// sub-meter counts only for the part of [a, b] its readings cover (so a late sibling can only make the check
/// lenient, never fail it). Deterministic: it uses only readings stored earlier, in store order.
/// </summary>
internal static class SubMeterRule
{
    public static Verdict Check(Reading reading, MeterHistory? history, RuleOptions rules, MeterRules meter, Func<string, MeterHistory?> others)
    {
        var parent = meter.Parent!;
        if (reading.EnergyImportWh is not { } importNow)
        {
            return Ok("not checked: this reading has no energyImportWh");
        }

        if (history?.Trail is not { Count: > 0 } own)
        {
            return Ok("not checked: the first valid import reading of this sub-meter starts its first interval");
        }

        var (a, importThen) = own[^1];
        var t = reading.Timestamp;
        if (t <= a || importNow < importThen)
        {
            return Ok("not checked: not later than, or below, the sub-meter's last valid import reading (the counter and order rules judge that)");
        }

        var parentTrail = others(parent)?.Trail;
        if (parentTrail is not { Count: > 0 } || parentTrail[0].At > a)
        {
            return Ok(Invariant($"not checked: the parent '{parent}' has no remembered valid import reading at or before {Ts(a)}"));
        }

        var b = parentTrail[^1].At < t ? parentTrail[^1].At : t;
        if (b <= a)
        {
            return Ok(Invariant($"not checked: the parent '{parent}' has no valid import reading after {Ts(a)} yet"));
        }

        if (Delta(parentTrail, a, b) is not { } parentWh)
        {
            return Ok(Invariant($"not checked: the parent '{parent}' counter rolled over between {Ts(a)} and {Ts(b)}"));
        }

        var ownWh = (importNow - importThen) * ((b - a).TotalMilliseconds / (t - a).TotalMilliseconds);
        var parts = new List<string> { Invariant($"{reading.MeterId} {ownWh:0.###} Wh") };
        var total = ownWh;
        foreach (var sibling in meter.SubMeters)
        {
            if (string.Equals(sibling, reading.MeterId, StringComparison.Ordinal) || others(sibling)?.Trail is not { Count: > 1 } trail)
            {
                continue;
            }

            var from = trail[0].At > a ? trail[0].At : a;
            var to = trail[^1].At < b ? trail[^1].At : b;
            if (to > from && Delta(trail, from, to) is { } wh)
            {
                total += wh;
                parts.Add(Invariant($"{sibling} {wh:0.###} Wh"));
            }
        }

        var allowed = (parentWh * (1 + (rules.SubMeterTolerancePercent / 100))) + rules.SubMeterSlackWh;
        var what = Invariant($"from {Ts(a)} to {Ts(b)} the sub-meters of '{parent}' imported {total:0.###} Wh ({string.Join(", ", parts)})");
        return total > allowed
            ? new Verdict(RuleNames.SubMeter, false, Invariant(
                $"{what}, more than the parent's {parentWh:0.###} Wh allows ({allowed:0.###} Wh with +{rules.SubMeterTolerancePercent}% Rules:SubMeterTolerancePercent and +{rules.SubMeterSlackWh} Wh Rules:SubMeterSlackWh); a sub-meter or the main meter is wrong, or energy bypasses the main meter"))
            : Ok(Invariant($"{what}, within the parent's {parentWh:0.###} Wh (+{rules.SubMeterTolerancePercent}%, +{rules.SubMeterSlackWh} Wh)"));
    }

    /// <summary>The counter's growth from <paramref name="from"/> to <paramref name="to"/> (both within the trail); null when it fell in between.</summary>
    private static double? Delta(IReadOnlyList<CounterPoint> trail, DateTimeOffset from, DateTimeOffset to)
    {
        var lo = Bracket(trail, from);
        var hi = Bracket(trail, to);
        for (var k = lo; k < Math.Min(hi + 1, trail.Count - 1); k++)
        {
            if (trail[k + 1].Wh < trail[k].Wh)
            {
                return null;
            }
        }

        return At(trail, to, hi) - At(trail, from, lo);
    }

    /// <summary>The index k of the point at or before <paramref name="at"/> such that trail[k].At ≤ at &lt; trail[k+1].At (or k = the last point).</summary>
    private static int Bracket(IReadOnlyList<CounterPoint> trail, DateTimeOffset at)
    {
        int lo = 0, hi = trail.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (trail[mid].At <= at)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private static double At(IReadOnlyList<CounterPoint> trail, DateTimeOffset at, int k)
    {
        var p = trail[k];
        if (p.At == at || k + 1 >= trail.Count)
        {
            return p.Wh;
        }

        var q = trail[k + 1];
        return p.Wh + ((q.Wh - p.Wh) * ((at - p.At).TotalMilliseconds / (q.At - p.At).TotalMilliseconds));
    }

    private static Verdict Ok(string detail) => new(RuleNames.SubMeter, true, detail);

    private static string Ts(DateTimeOffset at) => ReadingJson.FormatTimestamp(at);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
