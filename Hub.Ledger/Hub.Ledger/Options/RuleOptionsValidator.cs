using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Ledger;

/// <summary>
/// Checks the Rules thresholds and, with the meter catalog, each meter's rule settings (MaxPowerW, PublicKey,
/// Parent), so that a bad one is a config error naming its key at start, not a stack trace from the writer.
/// </summary>
internal sealed class RuleOptionsValidator(MeterCatalog? catalog = null) : IValidateOptions<RuleOptions>
{
    public ValidateOptionsResult Validate(string? name, RuleOptions options)
    {
        var errors = new List<string>();
        if (catalog is not null)
        {
            try
            {
                var topology = MeterTopology.From(catalog);
                foreach (var meter in catalog.All)
                {
                    _ = MeterRules.From(meter, topology);
                }
            }
            catch (InvalidDataException ex)
            {
                errors.Add(ex.Message);
            }
        }

        Positive(errors, "MaxPowerW", options.MaxPowerW);
        Positive(errors, "MaxVoltageV", options.MaxVoltageV);
        Positive(errors, "MaxCurrentA", options.MaxCurrentA);
        Positive(errors, "MaxFrequencyHz", options.MaxFrequencyHz);
        Positive(errors, "MaxFutureSkewSeconds", options.MaxFutureSkewSeconds);
        Positive(errors, "MaxAgeDays", options.MaxAgeDays);
        Positive(errors, "MaxGapSeconds", options.MaxGapSeconds);
        if (options.CounterRolloverWh is { } rollover)
        {
            Positive(errors, "CounterRolloverWh", rollover);
        }

        if (!(options.CounterResetMaxWh >= 0) || !(options.RateTolerancePercent >= 0))
        {
            errors.Add("Rules:CounterResetMaxWh and Rules:RateTolerancePercent must be 0 or more.");
        }
        if (options.PowerEnergyTolerancePercent is { } tolerance && !(tolerance >= 0 && double.IsFinite(tolerance)))
        {
            errors.Add($"Rules:PowerEnergyTolerancePercent: {tolerance} must be 0 or more.");
        }

        NotNegative(errors, "PowerEnergySlackW", options.PowerEnergySlackW);
        Positive(errors, "PowerEnergyMaxIntervalSeconds", options.PowerEnergyMaxIntervalSeconds);
        NotNegative(errors, "SubMeterTolerancePercent", options.SubMeterTolerancePercent);
        NotNegative(errors, "SubMeterSlackWh", options.SubMeterSlackWh);

        if (!(options.MinVoltageV >= 0 && options.MinVoltageV < options.MaxVoltageV))
        {
            errors.Add($"Rules:MinVoltageV: {options.MinVoltageV} must be at least 0 and below Rules:MaxVoltageV ({options.MaxVoltageV}).");
        }

        if (!(options.MinFrequencyHz >= 0 && options.MinFrequencyHz < options.MaxFrequencyHz))
        {
            errors.Add($"Rules:MinFrequencyHz: {options.MinFrequencyHz} must be at least 0 and below Rules:MaxFrequencyHz ({options.MaxFrequencyHz}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            errors.Add($"Rules:{key}: {value} must be a positive number.");
        }
    }

    private static void NotNegative(List<string> errors, string key, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            errors.Add($"Rules:{key}: {value} must be 0 or more.");
        }
    }
}
