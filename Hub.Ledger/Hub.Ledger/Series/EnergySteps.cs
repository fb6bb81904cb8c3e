namespace Hub.Ledger.Series;

/// <summary>
/// The energy between two consecutive valid counter values of a meter, as the bills count it (issue 5: energy comes
/// from counter differences, never from integrating power): the difference, or across a rollover at
/// <c>Rules:CounterRolloverWh</c> the wrapped difference (the counter-rate rule counts the same way).
/// </summary>
internal static class EnergySteps
{
    /// <summary>The step from <paramref name="last"/> to <paramref name="now"/>; 0 for a meter's first counter.</summary>
    public static double Step(double? last, double now, RuleOptions rules)
    {
        if (last is not { } l)
        {
            return 0;
        }

        if (now >= l)
        {
            return now - l;
        }

        // A valid reading whose counter went down is a rollover (any other decrease fails counter-monotonic).
        return CounterRules.IsRollover(l, now, rules) ? now + rules.CounterRolloverWh!.Value - l : 0;
    }
}
