using System.Globalization;

namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>
/// Cuts telegrams out of a P1 byte stream (P1 Companion Standard 5.0.2 §6.2: "/" header … "!" CRC CR LF), whatever
/// comes in between: noise, half telegrams after a reconnect, a telegram cut by a newer one. Bounded: a telegram
/// longer than <see cref="MaxTelegramBytes"/> is dropped. Pure: no I/O, no clock.
/// </summary>
public sealed class P1Framer
{
    /// <summary>DSMR 5 telegrams are about 1 kB; four M-Bus devices and a long text message stay well under this.</summary>
    public const int DefaultMaxTelegramBytes = 8192;

    // Noise is reported in lumps, not per byte read.
    private const int NoiseReportBytes = 512;

    private readonly byte[] _buffer;
    private int _length;
    private int _noise;

    public P1Framer(int maxTelegramBytes = DefaultMaxTelegramBytes)
    {
        MaxTelegramBytes = maxTelegramBytes;
        _buffer = new byte[maxTelegramBytes + 8];
    }

    public int MaxTelegramBytes { get; }

    /// <summary>Forgets a half-received telegram (after a reconnect).</summary>
    public void Reset()
    {
        _length = 0;
        _noise = 0;
    }

    /// <summary>Takes the next bytes and returns whatever they completed.</summary>
    public List<P1Frame> Push(ReadOnlySpan<byte> data)
    {
        var frames = new List<P1Frame>();
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

    private void Scan(List<P1Frame> frames)
    {
        while (true)
        {
            var span = _buffer.AsSpan(0, _length);
            var start = span.IndexOf((byte)'/');
            if (start < 0)
            {
                CountNoise(span);
                _length = 0;
                FlushNoise(frames, force: false);
                return;
            }

            if (start > 0)
            {
                CountNoise(span[..start]);
                Discard(start);
                span = _buffer.AsSpan(0, _length);
            }

            FlushNoise(frames, force: true);
            var bang = span.IndexOf((byte)'!');
            var next = span[1..].IndexOf((byte)'/');
            if (next >= 0 && (bang < 0 || next + 1 < bang))
            {
                frames.Add(new P1Frame(P1FrameKind.Truncated, null, false, "a telegram was cut off: the next one began before its '!'"));
                Discard(next + 1);
                continue;
            }

            if (bang < 0)
            {
                if (_length > MaxTelegramBytes)
                {
                    frames.Add(new P1Frame(P1FrameKind.Truncated, null, false, string.Create(CultureInfo.InvariantCulture, $"no '!' within {MaxTelegramBytes} bytes of a telegram's '/'")));
                    Discard(_length);
                }

                return;
            }

            var afterBang = span[(bang + 1)..];
            var lf = afterBang.IndexOf((byte)'\n');
            if (lf < 0)
            {
                if (afterBang.Length > 6)
                {
                    frames.Add(new P1Frame(P1FrameKind.Truncated, null, false, "no line end after the telegram's '!'"));
                    Discard(bang + 1);
                    continue;
                }

                return;
            }

            var crcField = afterBang[..lf].TrimEnd((byte)'\r');
            var telegram = span[..(bang + 1)].ToArray();

            // Checked before the discard: crcField points into the buffer that Discard moves.
            frames.Add(Check(telegram, crcField));
            Discard(bang + 2 + lf);
        }
    }

    private static P1Frame Check(byte[] telegram, ReadOnlySpan<byte> crcField)
    {
        if (crcField.Length == 0)
        {
            // DSMR 2.2 and 3.0 send no CRC; whether that is allowed is the parser's call (it knows the version).
            return AsciiOnly(telegram) ?? new P1Frame(P1FrameKind.Telegram, telegram, false, null);
        }

        if (crcField.Length != 4 || !ushort.TryParse(crcField, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var sent))
        {
            return new P1Frame(P1FrameKind.BadCrc, null, true, $"the CRC field '{System.Text.Encoding.ASCII.GetString(crcField)}' is not four hex digits");
        }

        var computed = DsmrCrc16.Compute(telegram);
        if (computed != sent)
        {
            return new P1Frame(P1FrameKind.BadCrc, null, true, string.Create(CultureInfo.InvariantCulture, $"CRC mismatch: the telegram says {sent:X4}, its bytes give {computed:X4}"));
        }

        return AsciiOnly(telegram) ?? new P1Frame(P1FrameKind.Telegram, telegram, true, null);
    }

    private static P1Frame? AsciiOnly(byte[] telegram)
    {
        foreach (var b in telegram)
        {
            if (b is > 0x7E or (< 0x20 and not ((byte)'\r' or (byte)'\n')))
            {
                return new P1Frame(P1FrameKind.NotAscii, null, false, string.Create(CultureInfo.InvariantCulture, $"byte 0x{b:X2} in a telegram: P1 sends printable ASCII only; check the baud rate and parity"));
            }
        }

        return null;
    }

    private void CountNoise(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)'\r' or (byte)'\n' or 0))
            {
                _noise++;
            }
        }
    }

    private void FlushNoise(List<P1Frame> frames, bool force)
    {
        if (_noise > 0 && (force || _noise >= NoiseReportBytes))
        {
            frames.Add(new P1Frame(P1FrameKind.Noise, null, false, string.Create(CultureInfo.InvariantCulture, $"{_noise} byte(s) of noise outside any telegram")));
            _noise = 0;
        }
    }

    private void Discard(int count)
    {
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }
}
