using System.Globalization;

namespace Hub.Plugins.Sml.Protocol;

/// <summary>
/// SML transport protocol version 1 (SML 1.04 §8.1): a file starts with 1B1B1B1B 01010101 and ends with
/// 1B1B1B1B 1A nn c1 c2 (nn fill bytes, CRC-16/X-25 over everything from the first 1B to nn, low byte first). The
/// payload is padded to four bytes, so escapes are found at four-byte steps; 1B1B1B1B in the data is sent twice.
/// Bounded by <see cref="MaxFileBytes"/>. Pure: no I/O, no clock.
/// </summary>
public sealed class SmlFramer
{
    public const int DefaultMaxFileBytes = 8192;
    private const int NoiseReportBytes = 512;
    private static readonly byte[] Start = [0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x01, 0x01, 0x01];

    private readonly byte[] _buffer;
    private int _length;
    private int _noise;

    public SmlFramer(int maxFileBytes = DefaultMaxFileBytes)
    {
        MaxFileBytes = maxFileBytes;
        _buffer = new byte[maxFileBytes + 16];
    }

    public int MaxFileBytes { get; }

    public void Reset()
    {
        _length = 0;
        _noise = 0;
    }

    public List<SmlFrame> Push(ReadOnlySpan<byte> data)
    {
        var frames = new List<SmlFrame>();
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, _buffer.Length - _length);
            data[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
            data = data[take..];
            Scan(frames);
        }

        return frames;
    }

    private void Scan(List<SmlFrame> frames)
    {
        while (true)
        {
            var span = _buffer.AsSpan(0, _length);
            var start = span.IndexOf(Start);
            if (start < 0)
            {
                // Keep a tail that may be the beginning of a start sequence.
                var keep = Math.Min(_length, Start.Length - 1);
                while (keep > 0 && !Start.AsSpan().StartsWith(span[^keep..]))
                {
                    keep--;
                }

                _noise += _length - keep;
                Discard(_length - keep);
                if (_noise >= NoiseReportBytes)
                {
                    FlushNoise(frames);
                }

                return;
            }

            if (start > 0)
            {
                _noise += start;
                Discard(start);
                span = _buffer.AsSpan(0, _length);
            }

            if (_noise > 0)
            {
                FlushNoise(frames);
            }

            var payload = new List<byte>();
            var at = Start.Length;
            while (true)
            {
                if (at + 4 > _length)
                {
                    if (_length > MaxFileBytes)
                    {
                        frames.Add(new SmlFrame(SmlFrameKind.Truncated, null, string.Create(CultureInfo.InvariantCulture, $"no end within {MaxFileBytes} bytes of an SML start")));
                        Discard(_length);
                    }

                    return;
                }

                if (!IsEscape(span.Slice(at, 4)))
                {
                    payload.AddRange(span.Slice(at, 4));
                    at += 4;
                    continue;
                }

                if (at + 8 > _length)
                {
                    return;
                }

                var next = span.Slice(at + 4, 4);
                if (IsEscape(next))
                {
                    payload.AddRange(next);
                    at += 8;
                    continue;
                }

                if (next.SequenceEqual(Start.AsSpan(4)))
                {
                    frames.Add(new SmlFrame(SmlFrameKind.Truncated, null, "an SML file was cut off: the next one began before its end"));
                    Discard(at);
                    break;
                }

                if (next[0] == 0x1A)
                {
                    var fill = next[1];
                    var sent = (ushort)(next[2] | (next[3] << 8));
                    var computed = SmlCrc16.Compute(span[..(at + 6)]);
                    Discard(at + 8);
                    if (sent != computed)
                    {
                        frames.Add(new SmlFrame(SmlFrameKind.BadCrc, null, string.Create(CultureInfo.InvariantCulture, $"CRC mismatch: the file says {sent:X4}, its bytes give {computed:X4}")));
                    }
                    else if (fill > 3 || fill > payload.Count)
                    {
                        frames.Add(new SmlFrame(SmlFrameKind.BadEscape, null, string.Create(CultureInfo.InvariantCulture, $"{fill} fill bytes; SML pads with 0 to 3")));
                    }
                    else
                    {
                        frames.Add(new SmlFrame(SmlFrameKind.File, [.. payload.Take(payload.Count - fill)], null));
                    }

                    break;
                }

                frames.Add(new SmlFrame(SmlFrameKind.BadEscape, null, string.Create(CultureInfo.InvariantCulture, $"escape 1B1B1B1B followed by {Convert.ToHexString(next)}, which SML 1.04 does not define")));
                Discard(at + 8);
                break;
            }
        }
    }

    private static bool IsEscape(ReadOnlySpan<byte> four) => four[0] == 0x1B && four[1] == 0x1B && four[2] == 0x1B && four[3] == 0x1B;

    private void FlushNoise(List<SmlFrame> frames)
    {
        frames.Add(new SmlFrame(SmlFrameKind.Noise, null, string.Create(CultureInfo.InvariantCulture, $"{_noise} byte(s) of noise outside any SML file")));
        _noise = 0;
    }

    private void Discard(int count)
    {
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }
}
