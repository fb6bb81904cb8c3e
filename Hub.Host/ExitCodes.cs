namespace Hub.Host;

/// <summary>Exit codes from sysexits.h, so that systemd (RestartPreventExitStatus=78) does not loop on a bad config.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>EX_CONFIG: the configuration is wrong; restarting will not help.</summary>
    public const int Config = 78;

    /// <summary>EX_CANTCREAT / EX_OSERR family: the data dir or a port is not available.</summary>
    public const int Unavailable = 69;

    public static int ConfigError(string message) => ConfigError([message]);

    public static int ConfigError(IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            Console.Error.WriteLine($"smartmeter: config error: {message}");
        }

        return Config;
    }

    public static int CannotStart(string message)
    {
        Console.Error.WriteLine($"smartmeter: cannot start: {message}");
        return Unavailable;
    }
}
