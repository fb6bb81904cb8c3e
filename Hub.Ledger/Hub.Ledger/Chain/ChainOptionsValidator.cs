using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Chain;

/// <summary>Checks the <c>Chain</c> section at start, each message naming its key; nothing to check when the chain is not configured.</summary>
internal sealed class ChainOptionsValidator(ChainDeploymentFile deploymentFile) : IValidateOptions<ChainOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"Chain:RpcUrl: '{options.RpcUrl}' is not an http:// or https:// URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Contracts))
        {
            errors.Add("Chain:Contracts: is missing; name the deployment file that ./smartmeter deploy wrote.");
        }
        else
        {
            try
            {
                var deployment = deploymentFile.Load(options.Contracts);
                _ = HubIds.Resolve(options.HubId, deployment);
            }
            catch (InvalidDataException ex)
            {
                errors.Add(ex.Message);
            }
        }

        Range(errors, "PollSeconds", options.PollSeconds, 0.05, 3600);
        Range(errors, "RpcTimeoutSeconds", options.RpcTimeoutSeconds, 0.1, 600);
        Range(errors, "ReplaceAfterSeconds", options.ReplaceAfterSeconds, 1, 86400);
        Range(errors, "MaxBackoffSeconds", options.MaxBackoffSeconds, 0.1, 86400);
        Range(errors, "MaxRootsPerTransaction", options.MaxRootsPerTransaction, 1, 1000);
        Range(errors, "MaxBillsPerTransaction", options.MaxBillsPerTransaction, 1, 1000);
        if (!BigInteger.TryParse(options.AmountPerMinorUnit, NumberStyles.None, CultureInfo.InvariantCulture, out var factor) || factor <= 0)
        {
            errors.Add($"Chain:AmountPerMinorUnit: '{options.AmountPerMinorUnit}' is not a positive integer (contract units per cent).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, double value, double min, double max)
    {
        if (value < min || value > max || double.IsNaN(value))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Chain:{key}: {value} is out of range; use {min} to {max}."));
        }
    }
}
