using System.Text;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// Reads an strace log of a broker process and checks, for each PUBACK it wrote to one client's socket, that an
/// fsync/fdatasync of a file under the data folder began after the matching PUBLISH had been read and returned
/// before the PUBACK was written (so the acknowledged reading was on disk when the meter was told so).
/// </summary>
public sealed class DurabilityProbe
{
    private static readonly HashSet<string> ReadCalls = ["read", "readv", "recvfrom", "recvmsg"];
    private static readonly HashSet<string> WriteCalls = ["write", "writev", "sendto", "sendmsg"];
    private static readonly HashSet<string> SyncCalls = ["fsync", "fdatasync"];

    private DurabilityProbe(string socket, IReadOnlyList<AckCheck> acks, int publishCount, int syncCount)
    {
        Socket = socket;
        Acks = acks;
        PublishCount = publishCount;
        SyncCountUnderDataDir = syncCount;
    }

    /// <summary>The client's socket as strace names it.</summary>
    public string Socket { get; }

    /// <summary>One entry per PUBACK written to the client, in order.</summary>
    public IReadOnlyList<AckCheck> Acks { get; }

    public int PublishCount { get; }

    public int SyncCountUnderDataDir { get; }

    /// <summary>Finds the connection whose CONNECT carries <paramref name="clientId"/> and checks each of its PUBACKs.</summary>
    /// <exception cref="InvalidOperationException">The log does not show that connection (a trace or parse problem).</exception>
    public static DurabilityProbe Analyze(StraceLog log, string clientId, IEnumerable<string> dataDirs)
    {
        ArgumentNullException.ThrowIfNull(log);
        var dirs = dataDirs.Select(d => d.TrimEnd('/')).Distinct().ToArray();
        var truncated = log.Calls.FirstOrDefault(c => c.DataTruncated && (ReadCalls.Contains(c.Name) || WriteCalls.Contains(c.Name)) && c.FdTarget is not null && !c.IsPath);
        var clientBytes = Encoding.UTF8.GetBytes(clientId);

        // The client's connection: the socket whose inbound bytes hold a CONNECT with the client id.
        var sockets = log.Calls
            .Where(c => ReadCalls.Contains(c.Name) && c.ReturnValue > 0 && c.FdTarget is not null && !c.IsPath)
            .GroupBy(c => c.FdTarget!)
            .ToList();
        var socket = sockets.FirstOrDefault(g =>
        {
            var stream = Concatenate(g.OrderBy(c => c.EndLine));
            return MqttWire.Split(stream.Bytes).Any(p => p.Type == MqttWirePacket.Connect && stream.Bytes.AsSpan((int)p.Offset, p.Length).IndexOf(clientBytes) >= 0);
        }) ?? throw new InvalidOperationException(
            $"no socket in the trace received a CONNECT from client '{clientId}' ({sockets.Count} sockets with reads"
            + (truncated is null ? ")." : $"; strace cut data short, raise -s: {truncated})."));

        var inbound = Concatenate(socket.OrderBy(c => c.EndLine));
        var outbound = Concatenate(log.Calls
            .Where(c => WriteCalls.Contains(c.Name) && c.ReturnValue > 0 && c.FdTarget == socket.Key)
            .OrderBy(c => c.StartLine));
        var publishes = MqttWire.Split(inbound.Bytes).Where(p => p.Type == MqttWirePacket.Publish && p.QoS == 1).ToList();
        var pubacks = MqttWire.Split(outbound.Bytes).Where(p => p.Type == MqttWirePacket.PubAck).ToList();
        var syncs = log.Calls
            .Where(c => SyncCalls.Contains(c.Name) && c.Succeeded && c.FdTarget is { } path && dirs.Any(d => path == d || path.StartsWith(d + "/", StringComparison.Ordinal)))
            .ToList();

        var checks = new List<AckCheck>();
        var used = new HashSet<int>();
        foreach (var puback in pubacks)
        {
            var write = outbound.CallAt(puback.Offset);

            // The PUBLISH this PUBACK answers: the latest one with its packet id that was read before the PUBACK.
            var publishIndex = -1;
            for (var i = publishes.Count - 1; i >= 0 && publishIndex < 0; i--)
            {
                if (!used.Contains(i) && publishes[i].PacketId == puback.PacketId && inbound.CallAt(publishes[i].LastByte).EndLine < write.StartLine)
                {
                    publishIndex = i;
                }
            }

            if (publishIndex < 0)
            {
                checks.Add(new AckCheck(puback.PacketId, null, write, null, "no PUBLISH with this packet id was read before the PUBACK"));
                continue;
            }

            used.Add(publishIndex);
            var read = inbound.CallAt(publishes[publishIndex].LastByte);
            var sync = syncs.FirstOrDefault(s => s.StartLine > read.EndLine && s.EndLine < write.StartLine);
            checks.Add(new AckCheck(puback.PacketId, read, write, sync, sync is null ? Describe(syncs, read, write) : null));
        }

        return new DurabilityProbe(socket.Key, checks, publishes.Count, syncs.Count);
    }

    /// <summary>A report for a failure message.</summary>
    public string Report()
    {
        var text = new StringBuilder()
            .AppendLine($"client socket {Socket}: {PublishCount} QoS 1 PUBLISH read, {Acks.Count} PUBACK written, {SyncCountUnderDataDir} fsync/fdatasync under the data dir");
        foreach (var ack in Acks.Where(a => !a.Ok).Take(10))
        {
            text.AppendLine($"PUBACK {ack.PacketId}: {ack.Problem}")
                .AppendLine($"  read:  {ack.Read}")
                .AppendLine($"  write: {ack.Write}");
        }

        return text.ToString();
    }

    private static string Describe(List<StraceCall> syncs, StraceCall read, StraceCall write)
    {
        var before = syncs.LastOrDefault(s => s.EndLine < write.StartLine);
        var after = syncs.FirstOrDefault(s => s.StartLine > read.EndLine);
        return "no fsync/fdatasync under the data dir between reading the PUBLISH and writing the PUBACK"
            + $" (last sync before the PUBACK: {before?.ToString() ?? "none"}; first sync after the PUBLISH: {after?.ToString() ?? "none"})";
    }

    private static ByteStream Concatenate(IEnumerable<StraceCall> calls)
    {
        var bytes = new List<byte>();
        var owners = new List<(long Offset, StraceCall Call)>();
        foreach (var call in calls)
        {
            owners.Add((bytes.Count, call));
            var length = (int)Math.Min(call.Data.Length, call.ReturnValue ?? call.Data.Length);
            bytes.AddRange(call.Data.AsSpan(0, length));
        }

        return new ByteStream([.. bytes], owners);
    }

    /// <summary>One PUBACK: the read that completed its PUBLISH, the write that carried it, the sync between (if any).</summary>
    public sealed record AckCheck(int? PacketId, StraceCall? Read, StraceCall Write, StraceCall? Sync, string? Problem)
    {
        public bool Ok => Problem is null;
    }

    private sealed record ByteStream(byte[] Bytes, List<(long Offset, StraceCall Call)> Owners)
    {
        /// <summary>The call that carried the byte at <paramref name="offset"/>.</summary>
        public StraceCall CallAt(long offset)
        {
            var index = Owners.FindLastIndex(o => o.Offset <= offset);
            return Owners[index].Call;
        }
    }
}
