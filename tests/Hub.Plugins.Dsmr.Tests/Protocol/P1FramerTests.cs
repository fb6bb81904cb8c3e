using System.Text;
using Hub.Plugins.Dsmr.Protocol;

namespace Hub.Plugins.Dsmr.Tests.Protocol;

public sealed class P1FramerTests
{
    private static readonly byte[] Good = P1TelegramWriter.Dsmr5().Build();

    [Fact]
    public void Whole_telegram_is_one_frame_with_its_crc_checked()
    {
        var frames = new P1Framer().Push(Good);
        var frame = Assert.Single(frames);
        Assert.Equal(P1FrameKind.Telegram, frame.Kind);
        Assert.True(frame.HasCrc);
        Assert.Equal((byte)'/', frame.Telegram![0]);
        Assert.Equal((byte)'!', frame.Telegram[^1]);
    }

    [Fact]
    public void Telegram_split_at_every_byte_is_still_one_frame()
    {
        for (var cut = 1; cut < Good.Length; cut++)
        {
            var framer = new P1Framer();
            var frames = framer.Push(Good.AsSpan(0, cut)).Concat(framer.Push(Good.AsSpan(cut))).ToList();
            Assert.True(frames.Count == 1 && frames[0].Kind == P1FrameKind.Telegram, $"cut at {cut}: {string.Join(", ", frames.Select(f => f.Kind))}");
        }
    }

    [Fact]
    public void Bad_crc_is_refused_and_the_next_good_telegram_is_kept()
    {
        var bad = (byte[])Good.Clone();
        var digit = Array.IndexOf(bad, (byte)'7', 60);
        bad[digit] = (byte)'8';
        var frames = new P1Framer().Push([.. bad, .. Good]);
        Assert.Equal([P1FrameKind.BadCrc, P1FrameKind.Telegram], frames.Select(f => f.Kind));
        Assert.Contains("CRC mismatch", frames[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Noise_between_telegrams_is_counted_and_loses_neither_telegram()
    {
        var noise = Encoding.ASCII.GetBytes("\x00\x7f garbage ##\xff").Concat(new byte[] { 0x81, 0xC3, 0x0D, 0x0A }).ToArray();
        var frames = new P1Framer().Push([.. Good, .. noise, .. Good]);
        Assert.True(frames.Select(f => f.Kind).SequenceEqual([P1FrameKind.Telegram, P1FrameKind.Noise, P1FrameKind.Telegram]), string.Join("; ", frames.Select(f => $"{f.Kind} {f.Detail}")));
    }

    [Fact]
    public void Truncated_telegram_followed_by_a_good_one_gives_truncated_then_telegram()
    {
        var frames = new P1Framer().Push([.. Good.AsSpan(0, Good.Length / 2), .. Good]);
        Assert.Equal([P1FrameKind.Truncated, P1FrameKind.Telegram], frames.Select(f => f.Kind));
    }

    [Fact]
    public void Telegram_without_end_is_dropped_at_the_size_limit()
    {
        var framer = new P1Framer(maxTelegramBytes: 2048);
        var endless = Encoding.ASCII.GetBytes("/ISK5\\2M550T-1012\r\n\r\n" + string.Concat(Enumerable.Repeat("1-0:1.8.1(000001.000*kWh)\r\n", 100)));
        var frames = framer.Push(endless);
        Assert.Contains(frames, f => f.Kind == P1FrameKind.Truncated);
        Assert.Equal([P1FrameKind.Telegram], framer.Push(Good).Select(f => f.Kind));
    }

    [Fact]
    public void Eight_bit_bytes_in_a_telegram_without_crc_mean_wrong_line_settings()
    {
        var telegram = P1TelegramWriter.Dsmr22().Build(crc: false);
        telegram[30] = 0xB1;
        var frame = Assert.Single(new P1Framer().Push(telegram));
        Assert.Equal(P1FrameKind.NotAscii, frame.Kind);
        Assert.Contains("baud", frame.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Crc_field_that_is_not_hex_is_refused()
    {
        var telegram = Encoding.ASCII.GetBytes("/ISK5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n!ZZ12\r\n");
        Assert.Equal(P1FrameKind.BadCrc, Assert.Single(new P1Framer().Push(telegram)).Kind);
    }

    [Fact]
    public void Bytes_at_a_wrong_baud_rate_never_make_a_telegram()
    {
        // What 115200 baud looks like to a port set to 9600: bytes with no '/' to start a telegram.
        var random = new Random(5);
        var junk = new byte[20_000];
        random.NextBytes(junk);
        for (var i = 0; i < junk.Length; i++)
        {
            if (junk[i] == (byte)'/')
            {
                junk[i] = 0xFF;
            }
        }

        var frames = new P1Framer().Push(junk);
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.Equal(P1FrameKind.Noise, f.Kind));
    }
}
