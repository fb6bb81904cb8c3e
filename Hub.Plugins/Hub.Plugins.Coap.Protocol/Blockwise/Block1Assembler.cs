using System.Net;
using Hub.Plugins.Coap.Protocol.Codec;

namespace Hub.Plugins.Coap.Protocol.Blockwise;

/// <summary>
/// Server side of RFC 7959 Block1: collects the blocks of one request body per (endpoint, path), in order, up to a
/// size limit (§2.9.3 4.13), answering out-of-order or missing blocks with 4.08 (§2.9.2).
/// </summary>
public sealed class Block1Assembler(TimeProvider time, TimeSpan lifetime, int maxBodyBytes)
{
    private readonly Dictionary<(EndPoint, string), Transfer> _transfers = [];
    private readonly Lock _lock = new();

    public enum Outcome
    {
        Continue,
        Complete,
        TooLarge,
        Incomplete,
        Invalid,
    }

    public readonly record struct Progress(Outcome Outcome, ReadOnlyMemory<byte> Body = default, string? Detail = null);

    public Progress Add(EndPoint remote, string path, BlockOption block, CoapMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!block.IsValid)
        {
            return new Progress(Outcome.Invalid, Detail: "Block1 uses the reserved size exponent 7");
        }

        if (block.More && message.Payload.Length != block.Size)
        {
            return new Progress(Outcome.Invalid, Detail: $"Block1 {block.Number} has {message.Payload.Length} bytes but announces {block.Size}");
        }

        if (message.First(CoapOptionNumber.Size1)?.AsUInt() > (uint)maxBodyBytes)
        {
            return new Progress(Outcome.TooLarge);
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var stale in _transfers.Where(t => now - t.Value.At > lifetime).Select(t => t.Key).ToList())
            {
                _transfers.Remove(stale);
            }

            var key = (remote, path);
            if (block.Number == 0)
            {
                _transfers[key] = new Transfer();
            }

            if (!_transfers.TryGetValue(key, out var transfer))
            {
                return new Progress(Outcome.Incomplete, Detail: $"Block1 {block.Number} arrived without block 0; start the transfer again");
            }

            var offset = (long)block.Number * block.Size;
            if (offset != transfer.Body.Length)
            {
                _transfers.Remove(key);
                return new Progress(Outcome.Incomplete, Detail: $"Block1 {block.Number} is out of order (expected offset {transfer.Body.Length}); start again");
            }

            if (transfer.Body.Length + message.Payload.Length > maxBodyBytes)
            {
                _transfers.Remove(key);
                return new Progress(Outcome.TooLarge);
            }

            transfer.Body.Write(message.Payload.Span);
            transfer.At = now;
            if (block.More)
            {
                return new Progress(Outcome.Continue);
            }

            _transfers.Remove(key);
            return new Progress(Outcome.Complete, transfer.Body.ToArray());
        }
    }

    private sealed class Transfer
    {
        public MemoryStream Body { get; } = new();

        public DateTimeOffset At { get; set; }
    }
}
