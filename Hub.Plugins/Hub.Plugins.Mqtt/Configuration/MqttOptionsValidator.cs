using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>Fails the boot (ValidateOnStart) with one message per problem, each starting with its configuration key.</summary>
internal sealed class MqttOptionsValidator(MeterCatalog catalog) : IValidateOptions<MqttOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        var errors = new List<string>();
        MqttTopologyBuilder.Build(options, catalog, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
