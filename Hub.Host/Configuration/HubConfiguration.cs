using System.Text.Json;

namespace Hub.Host.Configuration;

/// <summary>
/// <c>--config FILE</c> plus the usual .NET sources. Precedence, lowest first: appsettings, the config file,
/// environment variables prefixed <c>SMARTMETER_</c> (e.g. <c>SMARTMETER_Hub__DataDir</c>), the command line.
/// </summary>
internal static class HubConfiguration
{
    public const string DefaultUrls = "http://0.0.0.0:8080";

    public static WebApplicationBuilder AddHubConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        var file = ConfigFileArgument(args);
        if (file is not null)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new HubConfigurationException($"--config: the file {path} does not exist.");
            }

            CheckJson(path);
            builder.Configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables("SMARTMETER_");
        builder.Configuration.AddCommandLine(args);

        // Kestrel's own "urls" (from --urls or ASPNETCORE_URLS) wins over Hub:Urls.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(builder.Configuration["Hub:Urls"] is { Length: > 0 } urls ? urls : DefaultUrls);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        return builder;
    }

    private static string? ConfigFileArgument(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" or "-c")
            {
                return i + 1 < args.Length ? args[i + 1] : throw new HubConfigurationException("--config: expects a file, e.g. --config /etc/smartmeter/hub.json.");
            }

            if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                return args[i]["--config=".Length..];
            }
        }

        return null;
    }

    /// <summary>Names the line and column of a syntax error, which the JSON configuration provider does not.</summary>
    private static void CheckJson(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var _ = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new HubConfigurationException($"{path}: not valid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new HubConfigurationException($"--config: cannot read {path}: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new HubConfigurationException($"--config: cannot read {path}: {ex.Message}", ex);
        }
    }
}
