namespace SmartMeter.Peers;

/// <summary>
/// One system call from an strace log, with an <c>&lt;unfinished ...&gt;</c> line and its <c>resumed&gt;</c> line joined.
/// Start/end lines give the order in which strace saw the call's entry and exit: strace handles one ptrace stop at a
/// time, so a call whose <see cref="EndLine"/> is before another's <see cref="StartLine"/> returned before the other began.
/// </summary>
public sealed record StraceCall
{
    public required int Pid { get; init; }

    public required string Name { get; init; }

    /// <summary>The argument text, between the parentheses.</summary>
    public required string Arguments { get; init; }

    /// <summary>The text after " = ", e.g. "42" or "-1 EAGAIN (Resource temporarily unavailable)".</summary>
    public required string Result { get; init; }

    /// <summary>The numeric return value; null for "?" (the call did not return, e.g. the process was killed).</summary>
    public long? ReturnValue { get; init; }

    /// <summary>Seconds since the epoch at entry (-ttt).</summary>
    public required double StartTime { get; init; }

    /// <summary>Seconds since the epoch at exit.</summary>
    public required double EndTime { get; init; }

    /// <summary>0-based line number of the call's entry in the log.</summary>
    public required int StartLine { get; init; }

    /// <summary>0-based line number of the call's exit in the log.</summary>
    public required int EndLine { get; init; }

    /// <summary>The first argument when it is a descriptor.</summary>
    public int? Fd { get; init; }

    /// <summary>What -y/-yy says the descriptor is (unescaped): a path, "TCP:[127.0.0.1:1883-&gt;127.0.0.1:40000]", "socket:[12345]"…</summary>
    public string? FdTarget { get; init; }

    /// <summary>The bytes of the quoted strings in the arguments, concatenated (the data read or written).</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>True when strace cut a string short (raise -s).</summary>
    public bool DataTruncated { get; init; }

    public bool Succeeded => ReturnValue is >= 0;

    /// <summary>True when the descriptor is a file or folder (its target is an absolute path).</summary>
    public bool IsPath => FdTarget is { } target && target.StartsWith('/');

    public override string ToString() =>
        $"[{StartLine}..{EndLine}] {Pid} {StartTime:F6} {Name}({(Arguments.Length > 160 ? Arguments[..160] + "…" : Arguments)}) = {Result}";
}
