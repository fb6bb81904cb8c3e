using Hub.Host.Configuration;
using Hub.Host.Systemd;
using Hub.Ledger;
using Hub.Ledger.Storage;
using Hub.WebUi;
using Microsoft.Extensions.Options;

namespace Hub.Host;

/// <summary>Builds and runs the hub, turning the ways a start can fail into a clear message and an exit code.</summary>
internal static class HubEntryPoint
{
    public static async Task<int> RunAsync(string[] args, Action<WebApplicationBuilder> addParts)
    {
        if (VerifyCommand.Matches(args))
        {
            return VerifyCommand.Run(args);
        }

        if (AccountsCommands.Matches(args))
        {
            return AccountsCommands.Run(args);
        }

        if (StoreCommand.Matches(args))
        {
            return StoreCommand.Run(args);
        }

        WebApplication app;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
            builder.AddHubConfiguration(args);
            builder.AddHubSystemd();
            addParts(builder);
            app = builder.Build();
            app.MapHubWebUi();
        }
        catch (HubConfigurationException ex)
        {
            return ExitCodes.ConfigError(ex.Message);
        }

        try
        {
            // Validate every option now, so a bad file is a short message naming the key, not a host stack trace.
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            return ExitCodes.ConfigError(ex.Failures);
        }

        try
        {
            // RunAsync disposes the services: take the store first, to read after the run.
            var store = app.Services.GetRequiredService<IReadingStore>();
            await app.RunAsync().ConfigureAwait(false);

            // A storage fault stops the host from inside (docs/faults.md): exit non-zero so that systemd restarts it.
            var status = store.GetStatus();
            return status.Fault == "storage-fault" ? ExitCodes.StorageFault(status.LastError ?? "the store failed") : ExitCodes.Ok;
        }
        catch (StoreCorruptException ex)
        {
            return ExitCodes.CorruptStore(ex.Message);
        }
        catch (OptionsValidationException ex)
        {
            return ExitCodes.ConfigError(ex.Failures);
        }
        catch (InvalidDataException ex)
        {
            return ExitCodes.ConfigError(ex.Message);
        }
        catch (IOException ex)
        {
            // A locked or unwritable data dir, a port already taken: the service cannot start as configured.
            return ExitCodes.CannotStart(ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return ExitCodes.CannotStart(ex.Message);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Mqtt:", StringComparison.Ordinal))
        {
            // A listener that cannot bind names its key, e.g. "Mqtt:EmbeddedBroker:Port: cannot listen on …".
            return ExitCodes.CannotStart(ex.Message);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
