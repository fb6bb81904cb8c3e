namespace Hub.Host;

/// <summary>Exit codes from sysexits.h, so that systemd (RestartPreventExitStatus=78) does not loop on a bad config.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>EX_CONFIG: the configuration is wrong; restarting will not help.</summary>
    public const int Config = 78;

    /// <summary>EX_CANTCREAT / EX_OSERR family: the data dir or a port is not available.</summary>
    public const int Unavailable = 69;

    /// <summary>EX_IOERR: a write or fsync of the store failed; the hub stopped acknowledging and exits to be restarted.</summary>
    public const int IoError = 74;

    public static int ConfigError(string message) => ConfigError([message]);

    /// <summary>The store is damaged: 78 too, so that systemd does not restart the hub on it in a loop.</summary>
    public static int CorruptStore(string message)
    {
        Console.Error.WriteLine($"smartmeter: corrupt store: {message}");
        return Config;
    }

    public static int StorageFault(string message)
    {
        Console.Error.WriteLine($"smartmeter: storage fault: {message}");
        return IoError;
    }

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
