using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hub.Ledger;

internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = new List<string>();
        if (options.WebhookUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Alerts:WebhookUrl: '{url}' is not an absolute http or https URL.");
        }

        if (options.WebhookTimeoutSeconds is not (>= 0.1 and <= 300))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Alerts:WebhookTimeoutSeconds: {options.WebhookTimeoutSeconds} is out of range; use 0.1 to 300 seconds."));
        }

        if (options.WebhookAttempts is < 1 or > 100)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Alerts:WebhookAttempts: {options.WebhookAttempts} is out of range; use 1 to 100."));
        }

        if (options.WebhookQueueSize is < 1 or > 1_000_000)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Alerts:WebhookQueueSize: {options.WebhookQueueSize} is out of range; use 1 to 1000000."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
