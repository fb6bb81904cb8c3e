using System.Net;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Coap.Configuration;

/// <summary>Checks <c>Coap</c> and the coap meters at start; each error names its key.</summary>
internal sealed class CoapOptionsValidator(MeterCatalog catalog) : IValidateOptions<CoapOptions>
{
    public ValidateOptionsResult Validate(string? name, CoapOptions options)
    {
        var errors = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Coap:Port: {options.Port} is not a UDP port (0-65535; 5683 is CoAP's).");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"Coap:BindAddress: '{options.BindAddress}' is not an IP address (e.g. 0.0.0.0 or 127.0.0.1).");
        }

        if (options.MaxPayloadBytes is < 64 or > 1_048_576)
        {
            errors.Add($"Coap:MaxPayloadBytes: {options.MaxPayloadBytes} is out of range (64 to 1048576).");
        }

        errors.AddRange(CoapMeterDirectory.Validate(catalog));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
