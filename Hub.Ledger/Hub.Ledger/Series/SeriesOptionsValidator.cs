using Microsoft.Extensions.Options;

namespace Hub.Ledger.Series;

internal sealed class SeriesOptionsValidator : IValidateOptions<SeriesOptions>
{
    public ValidateOptionsResult Validate(string? name, SeriesOptions options)
    {
        var errors = new List<string>();
        if (options.RollupSeconds is < 1 or > 3600)
        {
            errors.Add($"Hub:RollupSeconds: {options.RollupSeconds} is out of range; use 1 to 3600 seconds.");
        }

        if (options.RollupBatch is < 1 or > 100_000)
        {
            errors.Add($"Hub:RollupBatch: {options.RollupBatch} is out of range; use 1 to 100000.");
        }

        if (options.RetentionDays is < 1 or > 36_500)
        {
            errors.Add($"Hub:RetentionDays: {options.RetentionDays} is out of range; use 1 to 36500 days, or null to keep every reading.");
        }

        if (options.PruneBatch is < 1 or > 100_000)
        {
            errors.Add($"Hub:PruneBatch: {options.PruneBatch} is out of range; use 1 to 100000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
