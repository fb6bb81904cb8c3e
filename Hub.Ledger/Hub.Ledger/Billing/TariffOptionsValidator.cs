using Microsoft.Extensions.Options;

namespace Hub.Ledger.Billing;

/// <summary>Validates <c>Tariff</c> at start by compiling it: each failure names its key, and the host exits 78.</summary>
internal sealed class TariffOptionsValidator : IValidateOptions<TariffOptions>
{
    public ValidateOptionsResult Validate(string? name, TariffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Tariff.Create(options, out var errors) is null ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
