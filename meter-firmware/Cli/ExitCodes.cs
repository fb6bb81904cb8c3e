namespace MeterFirmware.Cli;

/// <summary>Process exit codes, from BSD sysexits(3) so that systemd units and scripts can tell them apart.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>EX_USAGE: bad command line.</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: the state file is corrupt or belongs to another meter.</summary>
    public const int StateInvalid = 65;

    /// <summary>EX_IOERR: the state could not be written.</summary>
    public const int IoError = 74;

    /// <summary>EX_TEMPFAIL: another firmware process holds the state directory.</summary>
    public const int StateLocked = 75;
}
