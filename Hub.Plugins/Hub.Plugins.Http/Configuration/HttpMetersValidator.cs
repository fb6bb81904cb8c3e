using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Http.Configuration;

/// <summary>Marker options whose validation checks the http meters at start.</summary>
public sealed class HttpMetersOptions;

internal sealed class HttpMetersValidator(MeterCatalog catalog) : IValidateOptions<HttpMetersOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpMetersOptions options)
    {
        var errors = HttpMeterDirectory.Validate(catalog);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
