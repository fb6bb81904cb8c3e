using System.Text;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Abstractions.Formats.Senml;
using Hub.Plugins.Coap.Protocol.Blockwise;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Errors;

namespace Hub.Plugins.Coap.Protocol.Tests.Fuzz;

/// <summary>
/// Seeded fuzzing of the pure decoders: random and mutated datagrams (1,000,000 inputs in all). Only the typed decode
/// errors may escape: <see cref="CoapFormatException"/>, <see cref="ReadingFormatException"/>, <see cref="UnknownMeterException"/>.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const int Seed = 7252;

    private static readonly byte[][] CoapSeeds =
    [
        Convert.FromHexString("40017D34BB74656D7065726174757265"),
        Convert.FromHexString("61457D3520FF32322E332043"),
        CoapCodec.Encode(CoapMessage.Request(CoapType.Confirmable, CoapCode.Post, 1, new byte[] { 1, 2, 3, 4 }, "/readings",
            CoapOption.FromUInt(CoapOptionNumber.ContentFormat, 110), new BlockOption(3, true, 6).ToOption(CoapOptionNumber.Block1),
            CoapOption.FromUInt(CoapOptionNumber.Size1, 5000), new CoapOption(2049, new byte[20])) with { Payload = "[{\"v\":1}]"u8.ToArray() }),
    ];

    private static readonly byte[][] JsonSeeds =
    [
        """[{"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},{"n":"current","u":"A","v":1.2}]"""u8.ToArray(),
        """[{"bn":"house:","bt":1.276020076001e+09,"bu":"W","n":"power","v":1500,"s":3600},{"n":"energy","u":"kWh","t":-5,"v":12.5},{"n":"voltage-l2","u":"V","v":230},{"n":"voltage-l1","u":"V","v":231},{"n":"seq","v":9}]"""u8.ToArray(),
    ];

    private static readonly byte[] CborSeed = Convert.FromHexString(
        "82A421781C" + Convert.ToHexString("urn:dev:ow:10e2073a01080063:"u8) + "006776" + "6F6C74616765" + "016156" + "02FB405E066666666666"
        + "A3006763757272656E74016141" + "02FB3FF3333333333333");

    [Fact]
    public void Coap_decoder_lets_only_typed_errors_escape_over_half_a_million_inputs()
    {
        var random = new Random(Seed);
        var decoded = 0;
        for (var i = 0; i < 500_000; i++)
        {
            var input = i % 5 == 0 ? RandomBytes(random, 40) : Mutate(random, CoapSeeds[i % CoapSeeds.Length]);
            try
            {
                var message = CoapCodec.Decode(input);
                _ = CoapCodec.Encode(message); // whatever decodes, encodes
                foreach (var option in message.Options)
                {
                    _ = option.AsUInt();
                }

                decoded++;
            }
            catch (CoapFormatException)
            {
            }
        }

        Assert.InRange(decoded, 10_000, 490_000); // both paths were exercised
    }

    [Fact]
    public void Senml_decoders_let_only_typed_errors_escape_over_half_a_million_inputs()
    {
        var random = new Random(Seed + 1);
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        var mapped = 0;
        for (var i = 0; i < 500_000; i++)
        {
            var cbor = i % 2 == 1;
            var input = i % 10 == 0 ? RandomBytes(random, 60) : Mutate(random, cbor ? CborSeed : JsonSeeds[i % JsonSeeds.Length]);
            try
            {
                var raw = cbor ? SenmlCbor.Parse(input) : SenmlJson.Parse(input);
                var records = SenmlResolver.Resolve(raw, now);
                _ = SenmlReadings.ToReadings(records, key => key.Length % 3 == 0 ? null : "meter");
                mapped++;
            }
            catch (ReadingFormatException)
            {
            }
            catch (UnknownMeterException)
            {
            }
        }

        Assert.InRange(mapped, 1_000, 499_000);
    }

    private static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[0] = (byte)((bytes[0] & 0x3F) | 0x40); // mostly version 1, to get past the first check
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(random.Next(bytes.Count));
                    break;
                case 3:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                default:
                    var keep = random.Next(bytes.Count + 1);
                    bytes.RemoveRange(keep, bytes.Count - keep); // truncated
                    break;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void Fuzz_seeds_are_themselves_valid()
    {
        Assert.All(CoapSeeds, s => CoapCodec.Decode(s));
        Assert.Equal(2, SenmlCbor.Parse(CborSeed).Count);
        Assert.All(JsonSeeds, s => Assert.NotEmpty(SenmlJson.Parse(s)));
        Assert.Equal("[{", Encoding.UTF8.GetString(JsonSeeds[0][..2]));
    }
}
