using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Hub.Plugins.Coap.Protocol.Client;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Errors;

namespace Hub.Bench;

/// <summary>
/// The CoAP load, built on the hub's own client (Hub.Plugins.Coap.Protocol): <c>clients</c> UDP endpoints, each with
/// <c>inflight</c> lanes; a lane is one meter sending confirmable requests (SenML JSON, content-format 110) one after
/// the other, the next only when the previous one was answered, so the readings of a meter arrive in order. Every
/// request has its own message id and token (the client's), retransmitted with RFC 7252 back-off when unanswered.
/// The same load (payloads, lanes, clients) runs against every server; only the method and path differ.
/// </summary>
public sealed class CoapLoad : IAsyncDisposable
{
    private readonly CoapClient[] _clients;
    private readonly Lane[] _lanes;
    private readonly CoapCode _method;
    private readonly string _path;
    private readonly long _baseUnixSeconds;
    private readonly long[] _sentPerClient;

    public CoapLoad(IPEndPoint server, CoapCode method, string path, int clients, int inflight, DateTimeOffset baseTime)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(path);
        _method = method;
        _path = path;
        _baseUnixSeconds = baseTime.ToUnixTimeSeconds();
        _clients = [.. Enumerable.Range(0, clients).Select(_ => new CoapClient(server))];
        _sentPerClient = new long[clients];
        _lanes = [.. Enumerable.Range(0, clients * inflight).Select(i => new Lane(MeterId(i / inflight, i % inflight), i / inflight))];
    }

    /// <summary>The meter ids, one per lane; the hub must have them configured as coap meters.</summary>
    public IReadOnlyList<string> MeterIds => [.. _lanes.Select(l => l.MeterId)];

    /// <summary>The seq numbers answered 2.04 for <paramref name="meterId"/> over all phases so far.</summary>
    public IReadOnlyList<ulong> AcknowledgedSeqs(string meterId) => _lanes.Single(l => l.MeterId == meterId).Acknowledged;

    /// <summary>The lane's meter id: <c>cb-CC-LL</c> (client, lane).</summary>
    public static string MeterId(int client, int lane) => string.Create(CultureInfo.InvariantCulture, $"cb-{client:00}-{lane:00}");

    /// <summary>
    /// Sends for <paramref name="duration"/>: every lane starts requests until then; requests outstanding at the end
    /// are waited for (not cancelled), so every request sent is either answered or given up by the client.
    /// </summary>
    public async Task<CoapPhaseResult> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var retransmissionsBefore = _clients.Sum(c => c.Retransmissions);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(duration);
        var phases = await Task.WhenAll(_lanes.Select(lane => Task.Run(() => RunLaneAsync(lane, stop.Token, cancellationToken), cancellationToken))).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();

        // RFC 7252 §4.4: an endpoint must not reuse a message id within EXCHANGE_LIFETIME (247 s); past 65,536 requests
        // from one client the server's deduplication would rightly answer a new request from its cache.
        if (_sentPerClient.Max() > ushort.MaxValue)
        {
            throw new InvalidOperationException($"a client sent {_sentPerClient.Max()} requests, more than its 65,536 message ids; run with more --clients or fewer --seconds.");
        }

        return new CoapPhaseResult(
            phases.Sum(p => p.Acknowledged),
            phases.Sum(p => p.Rejected),
            phases.Sum(p => p.TimedOut),
            _clients.Sum(c => c.Retransmissions) - retransmissionsBefore,
            elapsed,
            [.. phases.SelectMany(p => p.Latencies)],
            phases.Select(p => p.FirstProblem).FirstOrDefault(p => p is not null));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<LanePhase> RunLaneAsync(Lane lane, CancellationToken stop, CancellationToken cancellationToken)
    {
        var client = _clients[lane.Client];
        var phase = new LanePhase();
        while (!stop.IsCancellationRequested)
        {
            var seq = ++lane.LastSeq;
            var request = CoapMessage.Request(
                CoapType.Confirmable,
                _method,
                0,
                ReadOnlyMemory<byte>.Empty,
                _path,
                CoapOption.FromUInt(CoapOptionNumber.ContentFormat, 110)) with { Payload = SenmlPayload(lane.MeterId, seq) };
            Interlocked.Increment(ref _sentPerClient[lane.Client]);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                phase.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.Code == CoapCode.Changed)
                {
                    phase.Acknowledged++;
                    lane.Acknowledged.Add(seq);
                }
                else
                {
                    phase.Rejected++;
                    phase.FirstProblem ??= $"{lane.MeterId} seq {seq}: {response.Code} {response.PayloadText}";
                }
            }
            catch (Exception ex) when (ex is CoapTimeoutException or CoapResetException)
            {
                phase.TimedOut++;
                phase.FirstProblem ??= $"{lane.MeterId} seq {seq}: {ex.Message}";
            }
        }

        return phase;
    }

    /// <summary>
    /// A household reading as SenML JSON (RFC 8428) with the names the hub maps (docs/coap-http.md): base name = meter
    /// id, bt = base time + seq seconds, energy growing with seq so the counter rules pass.
    /// </summary>
    private byte[] SenmlPayload(string meterId, ulong seq) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $$"""[{"bn":"{{meterId}}:","bt":{{_baseUnixSeconds + (long)seq}},"n":"power","u":"W","v":{{400 + (seq % 100)}}},{"n":"energy-import","u":"Wh","v":{{1000 + (seq * 10)}}},{"n":"voltage","u":"V","v":230.1},{"n":"current","u":"A","v":1.75},{"n":"frequency","u":"Hz","v":50},{"n":"seq","v":{{seq}}}]"""));

    private sealed class Lane(string meterId, int client)
    {
        public string MeterId { get; } = meterId;

        public int Client { get; } = client;

        public ulong LastSeq { get; set; }

        public List<ulong> Acknowledged { get; } = [];
    }

    private sealed class LanePhase
    {
        public long Acknowledged { get; set; }

        public long Rejected { get; set; }

        public long TimedOut { get; set; }

        public List<double> Latencies { get; } = [];

        public string? FirstProblem { get; set; }
    }
}
