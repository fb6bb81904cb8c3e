using System.Formats.Cbor;

namespace Hub.Plugins.Abstractions.Formats.Senml;

/// <summary>
/// SenML CBOR (RFC 8428 §6, content-format 112, <c>application/senml+cbor</c>): integer labels of Table 4
/// (bver=-1, bn=-2, bt=-3, bu=-4, bv=-5, bs=-6, n=0, u=1, v=2, vs=3, vb=4, s=5, t=6, ut=7, vd=8).
/// Throws only <see cref="ReadingFormatException"/>.
/// </summary>
public static class SenmlCbor
{
    public const int ContentFormat = 112;
    public const string MediaType = "application/senml+cbor";

    public static IReadOnlyList<SenmlRawRecord> Parse(ReadOnlyMemory<byte> cbor)
    {
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax);
            SkipTags(reader);
            var count = reader.ReadStartArray();
            var records = new List<SenmlRawRecord>(count is > 0 and < 1024 ? count.Value : 4);
            var index = 0;
            while (reader.PeekState() != CborReaderState.EndArray)
            {
                records.Add(ReadRecord(reader, index++));
            }

            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                throw new ReadingFormatException($"SenML CBOR: {reader.BytesRemaining} byte(s) after the pack.");
            }

            return records;
        }
        catch (CborContentException ex)
        {
            throw new ReadingFormatException($"SenML CBOR: not valid CBOR: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new ReadingFormatException($"SenML CBOR: not a SenML pack (an array of maps): {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new ReadingFormatException($"SenML CBOR: {ex.Message}", ex);
        }
        catch (OverflowException ex)
        {
            throw new ReadingFormatException($"SenML CBOR: a number is out of range: {ex.Message}", ex);
        }
    }

    private static SenmlRawRecord ReadRecord(CborReader reader, int index)
    {
        SkipTags(reader);
        reader.ReadStartMap();
        var record = new SenmlRawRecord();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            var state = reader.PeekState();
            if (state is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
            {
                var label = reader.ReadInt64();
                record = label switch
                {
                    -1 => record with { BaseVersion = Number(reader, index, "bver") },
                    -2 => record with { BaseName = reader.ReadTextString() },
                    -3 => record with { BaseTime = Number(reader, index, "bt") },
                    -4 => record with { BaseUnit = reader.ReadTextString() },
                    -5 => record with { BaseValue = Number(reader, index, "bv") },
                    -6 => record with { BaseSum = Number(reader, index, "bs") },
                    0 => record with { Name = reader.ReadTextString() },
                    1 => record with { Unit = reader.ReadTextString() },
                    2 => record with { Value = Number(reader, index, "v") },
                    3 => record with { StringValue = reader.ReadTextString() },
                    4 => record with { BoolValue = reader.ReadBoolean() },
                    5 => record with { Sum = Number(reader, index, "s") },
                    6 => record with { Time = Number(reader, index, "t") },
                    7 => record with { UpdateTime = Number(reader, index, "ut") },
                    8 => record with { DataValue = Convert.ToBase64String(reader.ReadByteString()).TrimEnd('=').Replace('+', '-').Replace('/', '_') },
                    _ => Skip(reader, record),
                };
            }
            else
            {
                // Text labels are extensions (§6); one ending in '_' must be understood (§4.4).
                var label = reader.ReadTextString();
                if (label.EndsWith('_'))
                {
                    throw new ReadingFormatException($"SenML CBOR: record {index} has the must-understand label '{label}' which this hub does not know (RFC 8428 §4.4).");
                }

                reader.SkipValue();
            }
        }

        reader.ReadEndMap();
        return record;
    }

    private static SenmlRawRecord Skip(CborReader reader, SenmlRawRecord record)
    {
        reader.SkipValue();
        return record;
    }

    private static double Number(CborReader reader, int index, string label)
    {
        SkipTags(reader);
        var number = reader.PeekState() switch
        {
            CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => (double)reader.ReadInt64(),
            CborReaderState.HalfPrecisionFloat => (double)reader.ReadHalf(),
            CborReaderState.SinglePrecisionFloat => reader.ReadSingle(),
            CborReaderState.DoublePrecisionFloat => reader.ReadDouble(),
            _ => throw new ReadingFormatException($"SenML CBOR: record {index}: '{label}' must be a number."),
        };
        return double.IsFinite(number) ? number : throw new ReadingFormatException($"SenML CBOR: record {index}: '{label}' must be finite.");
    }

    private static void SkipTags(CborReader reader)
    {
        while (reader.PeekState() == CborReaderState.Tag)
        {
            reader.ReadTag();
        }
    }
}
