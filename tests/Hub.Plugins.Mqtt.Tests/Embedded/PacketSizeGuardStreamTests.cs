using Hub.Plugins.Mqtt.Embedded;

namespace Hub.Plugins.Mqtt.Tests.Embedded;

public sealed class PacketSizeGuardStreamTests
{
    /// <summary>Reads the way MQTTnet's channel adapter does: 2 header bytes, 1 byte per extra length byte, then the body.</summary>
    private static async Task<int> ReadPacketAsync(Stream stream)
    {
        var header = new byte[2];
        if (await stream.ReadAsync(header) == 0)
        {
            return -1;
        }

        long length = header[1] & 0x7F;
        var multiplier = 128L;
        var last = header[1];
        var one = new byte[1];
        while ((last & 0x80) != 0)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return -1;
            }

            last = one[0];
            length += (last & 0x7F) * multiplier;
            multiplier *= 128;
        }

        var body = new byte[length];
        var offset = 0;
        while (offset < body.Length)
        {
            var read = await stream.ReadAsync(body.AsMemory(offset, Math.Min(4096, body.Length - offset)));
            if (read == 0)
            {
                return -1;
            }

            offset += read;
        }

        return header[0] >> 4;
    }

    private static byte[] Packet(int type, int length)
    {
        var bytes = new List<byte> { (byte)(type << 4) };
        var value = length;
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            bytes.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);

        bytes.AddRange(new byte[length]);
        return [.. bytes];
    }

    [Fact]
    public async Task Packets_within_the_limit_pass_through_unchanged()
    {
        var wire = Packet(1, 20).Concat(Packet(3, 1000)).Concat(Packet(12, 0)).Concat(Packet(3, 200_000)).ToArray();
        var refused = 0;
        using var guard = new PacketSizeGuardStream(new MemoryStream(wire), 200_000, (_, _) => refused++);

        Assert.Equal(1, await ReadPacketAsync(guard));
        Assert.Equal(3, await ReadPacketAsync(guard));
        Assert.Equal(12, await ReadPacketAsync(guard));
        Assert.Equal(3, await ReadPacketAsync(guard));
        Assert.Equal(-1, await ReadPacketAsync(guard));
        Assert.Equal(0, refused);
    }

    [Fact]
    public async Task Oversized_packet_ends_the_stream_after_its_length_without_reading_the_body()
    {
        var wire = Packet(1, 20).Concat(Packet(3, 10 * 1024 * 1024)).ToArray();
        var inner = new MemoryStream(wire);
        (long Length, int Type)? refused = null;
        using var guard = new PacketSizeGuardStream(inner, 65536, (length, type) => refused = (length, type));

        Assert.Equal(1, await ReadPacketAsync(guard));
        Assert.Equal(-1, await ReadPacketAsync(guard));

        Assert.Equal((10L * 1024 * 1024, 3), refused);
        Assert.Equal(22 + 5, inner.Position);
        Assert.Equal(0, await guard.ReadAsync(new byte[10]));
    }
}
