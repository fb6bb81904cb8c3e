namespace SmartMeter.Peers;

/// <summary>What a mosquitto_pub run ended with.</summary>
/// <param name="ExitCode">0 when the broker acknowledged the publish; -1 when it had to be killed after the timeout.</param>
/// <param name="Output">Its stdout and stderr (the reason of a failure).</param>
public sealed record PublishResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public bool TimedOut => ExitCode == -1;
}
