using Microsoft.Extensions.Options;

namespace Hub.Ledger;

internal sealed class LedgerOptionsValidator : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add("Hub:DataDir: is missing; set it to the folder for the hub's data, e.g. /var/lib/smartmeter.");
        }
        else if (options.DataDir.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"Hub:DataDir: '{options.DataDir}' is not a valid path.");
        }

        if (options.BlockSeconds is < 1 or > 86400)
        {
            errors.Add($"Hub:BlockSeconds: {options.BlockSeconds} is out of range; use 1 to 86400 seconds.");
        }

        if (options.MaxBlockReadings is < 1 or > 100_000)
        {
            errors.Add($"Hub:MaxBlockReadings: {options.MaxBlockReadings} is out of range; use 1 to 100000.");
        }

        if (options.MaxBatchSize is < 1 or > 100_000)
        {
            errors.Add($"Hub:MaxBatchSize: {options.MaxBatchSize} is out of range; use 1 to 100000.");
        }

        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"Hub:QueueCapacity: {options.QueueCapacity} is out of range; use 1 to 1000000.");
        }

        if (options.CheckpointLogMegabytes is < 1 or > 1024)
        {
            errors.Add($"Hub:CheckpointLogMegabytes: {options.CheckpointLogMegabytes} is out of range; use 1 to 1024.");
        }

        if (options.MinFreeMegabytes is < 0 or > 1_000_000)
        {
            errors.Add($"Hub:MinFreeMegabytes: {options.MinFreeMegabytes} is out of range; use 0 to 1000000.");
        }

        if (options.WriteTimeoutSeconds is < 1 or > 3600)
        {
            errors.Add($"Hub:WriteTimeoutSeconds: {options.WriteTimeoutSeconds} is out of range; use 1 to 3600 seconds.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
