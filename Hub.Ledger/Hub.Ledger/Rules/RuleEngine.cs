using System.Globalization;
using System.Text;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>
/// The validation rules: pure and deterministic. The same reading, receive time, meter history and thresholds
/// always give the same verdicts, so anyone holding the store can re-run them.
/// </summary>
public static class RuleEngine
{
    private const string RangeOk = "every value is within its configured range";
    private const string CountersOk = "counters did not decrease";
    private const string TimestampOk = "timestamp is plausible";
    private const string DuplicateOk = "no other reading at this instant";

    /// <summary>The words of a rule's usual passing verdict; the store keeps only verdicts that say more.</summary>
    public static string? UsualOkDetail(string rule) => rule switch
    {
        RuleNames.Range => RangeOk,
        RuleNames.CounterMonotonic => CountersOk,
        RuleNames.Timestamp => TimestampOk,
        RuleNames.Duplicate => DuplicateOk,
        _ => null,
    };

    public static IReadOnlyList<Verdict> Evaluate(Reading reading, DateTimeOffset receivedAt, MeterHistory? history, RuleOptions rules) =>
        Evaluate(reading, receivedAt, history, rules, MeterRules.None);

    /// <summary>Every rule's verdict, for a reading judged without the other meters' histories.</summary>
    public static IReadOnlyList<Verdict> Evaluate(Reading reading, DateTimeOffset receivedAt, MeterHistory? history, RuleOptions rules, MeterRules meter) =>
        Evaluate(reading, receivedAt, history, rules, meter, static _ => null);

    /// <summary>
    /// Every rule's verdict, in a fixed order; <c>signature</c> only for a meter with a registered key,
    /// <c>power-energy</c> only when Rules:PowerEnergyTolerancePercent is set, <c>sub-meter</c> only for a sub-meter.
    /// </summary>
    /// <param name="reading">The reading to judge.</param>
    /// <param name="receivedAt">When the hub received it.</param>
    /// <param name="history">The meter's history before it.</param>
    /// <param name="rules">The thresholds.</param>
    /// <param name="meter">The meter's own settings.</param>
    /// <param name="others">The other meters' histories before it (the sub-meter rule reads the parent's and siblings').</param>
    public static IReadOnlyList<Verdict> Evaluate(Reading reading, DateTimeOffset receivedAt, MeterHistory? history, RuleOptions rules, MeterRules meter, Func<string, MeterHistory?> others)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(others);
        List<Verdict> verdicts =
        [
            CheckRange(reading, rules),
            CheckCounters(reading, history, rules),
            CounterRules.CheckReset(reading, history, rules),
            CounterRules.CheckRate(reading, history, rules, meter),
            CheckTimestamp(reading, receivedAt, rules),
            CheckOrder(reading, history),
            CheckDuplicate(reading, history),
        ];
        if (meter.SignerAddress is { } signer)
        {
            verdicts.Add(SignatureRule.Check(reading, signer));
        }

        if (rules.PowerEnergyTolerancePercent is { } tolerance)
        {
            verdicts.Add(PowerEnergyRule.Check(reading, history, rules, tolerance));
        }

        if (meter.Parent is not null)
        {
            verdicts.Add(SubMeterRule.Check(reading, history, rules, meter, others));
        }

        return verdicts;
    }

    private static Verdict CheckOrder(Reading reading, MeterHistory? history)
    {
        if (history is not null && reading.Timestamp < history.LastTimestamp)
        {
            return new Verdict(RuleNames.TimestampOrder, false, Invariant(
                $"timestamp {ReadingJson.FormatTimestamp(reading.Timestamp)} is earlier than the meter's previous reading ({ReadingJson.FormatTimestamp(history.LastTimestamp)}); a meter's readings must arrive in time order"));
        }

        return new Verdict(RuleNames.TimestampOrder, true, history is null ? "first reading of this meter" : "later than the meter's previous reading");
    }

    private static Verdict CheckRange(Reading reading, RuleOptions rules)
    {
        var problems = new List<string>();
        if (reading.EnergyImportWh is < 0)
        {
            problems.Add(Invariant($"energyImportWh {reading.EnergyImportWh} Wh is negative"));
        }

        if (reading.EnergyExportWh is < 0)
        {
            problems.Add(Invariant($"energyExportWh {reading.EnergyExportWh} Wh is negative"));
        }

        if (reading.PowerW is { } power && Math.Abs(power) > rules.MaxPowerW)
        {
            problems.Add(Invariant($"powerW {power} W is beyond ±{rules.MaxPowerW} W (Rules:MaxPowerW)"));
        }

        Phases(problems, "voltageV", "V", reading.VoltageV, rules.MinVoltageV, rules.MaxVoltageV, "Rules:MinVoltageV/MaxVoltageV");
        Phases(problems, "currentA", "A", reading.CurrentA, -rules.MaxCurrentA, rules.MaxCurrentA, "Rules:MaxCurrentA");
        if (reading.FrequencyHz is { } f && (f < rules.MinFrequencyHz || f > rules.MaxFrequencyHz))
        {
            problems.Add(Invariant($"frequencyHz {f} Hz is outside {rules.MinFrequencyHz}–{rules.MaxFrequencyHz} Hz (Rules:MinFrequencyHz/MaxFrequencyHz)"));
        }

        return problems.Count == 0
            ? new Verdict(RuleNames.Range, true, RangeOk)
            : new Verdict(RuleNames.Range, false, string.Join("; ", problems));
    }

    private static void Phases(List<string> problems, string field, string unit, IReadOnlyList<double>? values, double min, double max, string keys)
    {
        if (values is null)
        {
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] < min || values[i] > max)
            {
                problems.Add(Invariant($"{field} L{i + 1} {values[i]} {unit} is outside {min}–{max} {unit} ({keys})"));
            }
        }
    }

    private static Verdict CheckCounters(Reading reading, MeterHistory? history, RuleOptions rules)
    {
        var problems = new StringBuilder();
        if (reading.EnergyImportWh is { } import && history?.ImportWh is { } lastImport && import < lastImport && !CounterRules.IsRollover(lastImport, import, rules))
        {
            problems.Append(Invariant($"energyImportWh fell from {lastImport} Wh to {import} Wh"));
        }

        if (reading.EnergyExportWh is { } export && history?.ExportWh is { } lastExport && export < lastExport && !CounterRules.IsRollover(lastExport, export, rules))
        {
            if (problems.Length > 0)
            {
                problems.Append("; ");
            }

            problems.Append(Invariant($"energyExportWh fell from {lastExport} Wh to {export} Wh"));
        }

        if (problems.Length > 0)
        {
            problems.Append(" since the meter's last valid reading; cumulative counters never decrease (check for a meter reset or replacement)");
            return new Verdict(RuleNames.CounterMonotonic, false, problems.ToString());
        }

        return history is null
            ? new Verdict(RuleNames.CounterMonotonic, true, "first reading of this meter")
            : new Verdict(RuleNames.CounterMonotonic, true, CountersOk);
    }

    private static Verdict CheckTimestamp(Reading reading, DateTimeOffset receivedAt, RuleOptions rules)
    {
        var ahead = reading.Timestamp - receivedAt;
        if (ahead.TotalSeconds > rules.MaxFutureSkewSeconds)
        {
            return new Verdict(RuleNames.Timestamp, false, Invariant(
                $"timestamp {ReadingJson.FormatTimestamp(reading.Timestamp)} is {ahead.TotalSeconds:0} s ahead of the hub's clock (at most {rules.MaxFutureSkewSeconds} s, Rules:MaxFutureSkewSeconds); check the meter's clock"));
        }

        var age = receivedAt - reading.Timestamp;
        if (age.TotalDays > rules.MaxAgeDays)
        {
            return new Verdict(RuleNames.Timestamp, false, Invariant(
                $"timestamp {ReadingJson.FormatTimestamp(reading.Timestamp)} is {age.TotalDays:0.#} days old on arrival (at most {rules.MaxAgeDays} days, Rules:MaxAgeDays)"));
        }

        return new Verdict(RuleNames.Timestamp, true, TimestampOk);
    }

    private static Verdict CheckDuplicate(Reading reading, MeterHistory? history)
    {
        // Exact re-deliveries (same seq, or same timestamp without seq) never reach the rules: the store answers
        // them as duplicates. What is left is a different reading claiming the same instant as the previous one.
        if (history is not null && history.LastTimestamp == reading.Timestamp)
        {
            return new Verdict(RuleNames.Duplicate, false, Invariant(
                $"another reading of this meter (seq {Seq(history.LastSeq)}) has the same timestamp {ReadingJson.FormatTimestamp(reading.Timestamp)}; a meter gives one reading per instant"));
        }

        return new Verdict(RuleNames.Duplicate, true, DuplicateOk);
    }

    private static string Seq(ulong? seq) => seq?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
