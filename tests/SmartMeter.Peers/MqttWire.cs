using System.Buffers.Binary;
using System.Text;

namespace SmartMeter.Peers;

/// <summary>Splits one direction of an MQTT connection into control packets (MQTT 3.1.1 §2.2 fixed header).</summary>
public static class MqttWire
{
    /// <summary>The complete packets in <paramref name="stream"/>; a trailing partial packet is left out.</summary>
    public static IReadOnlyList<MqttWirePacket> Split(ReadOnlySpan<byte> stream)
    {
        var packets = new List<MqttWirePacket>();
        var offset = 0;
        while (offset < stream.Length)
        {
            var first = stream[offset];
            var remaining = 0;
            var multiplier = 1;
            var position = offset + 1;
            byte encoded;
            do
            {
                if (position >= stream.Length || multiplier > 128 * 128 * 128)
                {
                    return packets;
                }

                encoded = stream[position++];
                remaining += (encoded & 127) * multiplier;
                multiplier *= 128;
            }
            while ((encoded & 128) != 0);

            if (position + remaining > stream.Length)
            {
                return packets;
            }

            var body = stream.Slice(position, remaining);
            var type = first >> 4;
            var flags = first & 0x0F;
            int? packetId = null;
            string? topic = null;
            byte[]? payload = null;
            if (type == MqttWirePacket.Publish && body.Length >= 2)
            {
                var topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
                topic = Encoding.UTF8.GetString(body.Slice(2, Math.Min(topicLength, body.Length - 2)));
                var next = 2 + topicLength;
                if (((flags >> 1) & 3) > 0 && body.Length >= next + 2)
                {
                    packetId = BinaryPrimitives.ReadUInt16BigEndian(body[next..]);
                    next += 2;
                }

                payload = next <= body.Length ? body[next..].ToArray() : [];
            }
            else if (type is >= 4 and <= 11 && body.Length >= 2)
            {
                packetId = BinaryPrimitives.ReadUInt16BigEndian(body);
            }

            packets.Add(new MqttWirePacket(type, flags, offset, position + remaining - offset, packetId, topic, payload));
            offset = position + remaining;
        }

        return packets;
    }
}
