using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Modbus.Configuration;

/// <summary>Fails the boot (ValidateOnStart) with one message per problem, each naming its key or profile file.</summary>
internal sealed class ModbusOptionsValidator(MeterCatalog catalog) : IValidateOptions<ModbusOptions>
{
    public ValidateOptionsResult Validate(string? name, ModbusOptions options)
    {
        var errors = new List<string>();
        ModbusSetupBuilder.Build(options, catalog, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
