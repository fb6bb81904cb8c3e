using System.Globalization;
using System.Text.RegularExpressions;

namespace SmartMeter.Peers;

/// <summary>
/// Parses the output of <c>strace -f -ttt -y[y] -xx -s N -e trace=… -o FILE</c> into <see cref="StraceCall"/>s,
/// joining each pid's <c>&lt;unfinished ...&gt;</c> line with its <c>&lt;... name resumed&gt;</c> line.
/// </summary>
public sealed partial class StraceLog
{
    private const string UnfinishedMarker = " <unfinished ...>";

    private StraceLog(IReadOnlyList<StraceCall> calls, IReadOnlyList<string> unparsed)
    {
        Calls = calls;
        Unparsed = unparsed;
    }

    /// <summary>Every completed call, in the order of their exits.</summary>
    public IReadOnlyList<StraceCall> Calls { get; }

    /// <summary>Lines that were neither a call nor a signal/exit notice (for diagnosing a format change).</summary>
    public IReadOnlyList<string> Unparsed { get; }

    public static StraceLog Load(string path) => Parse(File.ReadLines(path));

    public static StraceLog Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var calls = new List<StraceCall>();
        var unparsed = new List<string>();
        var pending = new Dictionary<int, (string Text, double Time, int Line)>();
        var index = -1;
        foreach (var line in lines)
        {
            index++;
            var match = LinePrefix().Match(line);
            if (!match.Success)
            {
                unparsed.Add(line);
                continue;
            }

            var pid = match.Groups["pid"].Success ? int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture) : 0;
            var time = double.Parse(match.Groups["time"].Value, CultureInfo.InvariantCulture);
            var rest = match.Groups["rest"].Value;
            if (rest.StartsWith("---", StringComparison.Ordinal) || rest.StartsWith("+++", StringComparison.Ordinal))
            {
                continue; // signal delivery or process exit
            }

            var resumed = Resumed().Match(rest);
            if (resumed.Success)
            {
                if (!pending.Remove(pid, out var start))
                {
                    unparsed.Add(line);
                    continue;
                }

                rest = start.Text + rest[resumed.Length..];
                Add(rest, pid, start.Time, time, start.Line, index);
                continue;
            }

            if (rest.EndsWith(UnfinishedMarker, StringComparison.Ordinal))
            {
                pending[pid] = (rest[..^UnfinishedMarker.Length], time, index);
                continue;
            }

            Add(rest, pid, time, time, index, index);
        }

        return new StraceLog(calls, unparsed);

        void Add(string text, int pid, double startTime, double endTime, int startLine, int endLine)
        {
            if (ParseCall(text, pid, startTime, endTime, startLine, endLine) is { } call)
            {
                calls.Add(call);
            }
            else
            {
                unparsed.Add(text);
            }
        }
    }

    /// <summary>Decodes a C string body as strace prints it (-x/-xx hex, octal and the usual backslash escapes).</summary>
    public static byte[] DecodeString(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        var bytes = new List<byte>(escaped.Length / 4);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != '\\' || i + 1 >= escaped.Length)
            {
                bytes.Add((byte)c);
                continue;
            }

            var e = escaped[++i];
            switch (e)
            {
                case 'x':
                    bytes.Add(byte.Parse(escaped.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    var end = i;
                    while (end < escaped.Length && end < i + 3 && escaped[end] is >= '0' and <= '7')
                    {
                        end++;
                    }

                    bytes.Add((byte)Convert.ToInt32(escaped[i..end], 8));
                    i = end - 1;
                    break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'v': bytes.Add((byte)'\v'); break;
                case 'f': bytes.Add((byte)'\f'); break;
                default: bytes.Add((byte)e); break;
            }
        }

        return [.. bytes];
    }

    private static StraceCall? ParseCall(string text, int pid, double startTime, double endTime, int startLine, int endLine)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(") = ", StringComparison.Ordinal);
        if (open <= 0 || close < open)
        {
            return null;
        }

        var name = text[..open];
        var arguments = text[(open + 1)..close];
        var result = text[(close + 4)..];
        var returnToken = result.Split(' ', 2)[0];
        long? returnValue = long.TryParse(returnToken, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rv) ? rv
            : returnToken.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(returnToken[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex
            : null;

        int? fd = null;
        string? target = null;
        var fdMatch = FdArgument().Match(arguments);
        if (fdMatch.Success)
        {
            fd = int.Parse(fdMatch.Groups["fd"].Value, CultureInfo.InvariantCulture);
            if (fdMatch.Groups["target"].Success)
            {
                // The target may itself hold '>' ("TCP:[a->b]"): it ends at the '>' before the next ", " or at the end.
                var from = fdMatch.Groups["target"].Index;
                var endOfTarget = arguments.IndexOf(">, ", from, StringComparison.Ordinal);
                if (endOfTarget < 0)
                {
                    endOfTarget = arguments.EndsWith('>') ? arguments.Length - 1 : arguments.Length;
                }

                // -xx prints paths hex-escaped too ("7<\x2f\x74\x6d\x70…>"); socket descriptions come plain.
                target = System.Text.Encoding.UTF8.GetString(DecodeString(arguments[from..endOfTarget]));
            }
        }

        var data = new List<byte>();
        var truncated = false;
        foreach (Match quoted in QuotedString().Matches(arguments))
        {
            data.AddRange(DecodeString(quoted.Groups["body"].Value));
            truncated |= quoted.Groups["more"].Success;
        }

        return new StraceCall
        {
            Pid = pid,
            Name = name,
            Arguments = arguments,
            Result = result,
            ReturnValue = returnValue,
            StartTime = startTime,
            EndTime = endTime,
            StartLine = startLine,
            EndLine = endLine,
            Fd = fd,
            FdTarget = target,
            Data = [.. data],
            DataTruncated = truncated,
        };
    }

    [GeneratedRegex(@"^(?:(?:\[pid\s+)?(?<pid>\d+)\]?\s+)?(?<time>\d+\.\d+)\s+(?<rest>.*)$")]
    private static partial Regex LinePrefix();

    [GeneratedRegex(@"^<\.\.\. [A-Za-z0-9_]+ resumed>\s?")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^(?<fd>\d+)(?:<(?<target>))?")]
    private static partial Regex FdArgument();

    [GeneratedRegex(@"""(?<body>(?:[^""\\]|\\.)*)""(?<more>\.\.\.)?")]
    private static partial Regex QuotedString();
}
