using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Billing;

/// <summary>
/// The canonical byte layout of a bill (docs/ledger.md "Bills"), whose keccak256 is the bill hash: big-endian
/// integers, times as Unix milliseconds, amounts in minor units, quantities and prices as invariant decimal text,
/// strings UTF-8 with a length prefix. The same style as the reading and block encodings, so it can be rebuilt in
/// any language.
/// </summary>
public static class BillEncoding
{
    /// <summary>The first byte of a bill encoding (version 1).</summary>
    public const byte Version = 0x01;

    public static byte[] Encode(Bill bill)
    {
        ArgumentNullException.ThrowIfNull(bill);
        using var buffer = new MemoryStream(256 + (bill.Lines.Count * 160));
        buffer.WriteByte(Version);
        WriteString8(buffer, bill.Kind);
        WriteString8(buffer, bill.Id);
        WriteInt64(buffer, bill.Sequence);
        WriteString8(buffer, bill.Refers ?? string.Empty);
        WriteInt64(buffer, bill.IssuedAt.ToUnixTimeMilliseconds());
        WriteInt64(buffer, bill.TotalMinorUnits);
        WriteBody(buffer, bill.PeriodStart, bill.PeriodEnd, bill.Currency, bill.TimeZone, bill.Lines, Tariff.MinorDigitsOf(bill.Currency));
        return buffer.ToArray();
    }

    /// <summary>keccak256 of <see cref="Encode"/>.</summary>
    public static byte[] Hash(Bill bill) => Keccak256.Hash(Encode(bill));

    /// <summary>
    /// What a bill says, without who issued it when: the period, currency, zone and lines. Two computations of a
    /// period differ exactly when these bytes differ; that is what decides a correction.
    /// </summary>
    public static byte[] EncodeContent(BillPeriod period, string currency, string timeZone, IReadOnlyList<BillLine> lines, int minorDigits)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var buffer = new MemoryStream(128 + (lines.Count * 160));
        WriteBody(buffer, period.Start, period.End, currency, timeZone, lines, minorDigits);
        return buffer.ToArray();
    }

    /// <summary>A decimal as invariant text without trailing zeros (0.32, 12, -1.5): one spelling per value.</summary>
    public static string DecimalText(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text == "-0" ? "0" : text;
    }

    private static void WriteBody(MemoryStream buffer, DateTimeOffset start, DateTimeOffset end, string currency, string timeZone, IReadOnlyList<BillLine> lines, int minorDigits)
    {
        WriteInt64(buffer, start.ToUnixTimeMilliseconds());
        WriteInt64(buffer, end.ToUnixTimeMilliseconds());
        WriteString8(buffer, currency);
        WriteString8(buffer, timeZone);
        WriteUInt16(buffer, checked((ushort)lines.Count));
        var scale = Tariff.Pow10(minorDigits);
        foreach (var line in lines)
        {
            WriteString8(buffer, line.Kind);
            WriteString8(buffer, line.MeterId ?? string.Empty);
            WriteString8(buffer, line.Band);
            buffer.WriteByte(line.Estimated ? (byte)1 : (byte)0);
            WriteString8(buffer, line.EstimateReason ?? string.Empty);
            WriteInt64(buffer, line.From.ToUnixTimeMilliseconds());
            WriteInt64(buffer, line.To.ToUnixTimeMilliseconds());
            WriteString8(buffer, DecimalText(line.Quantity));
            WriteString8(buffer, line.Unit);
            WriteString8(buffer, DecimalText(line.UnitPrice));
            WriteInt64(buffer, decimal.ToInt64(line.Amount * scale));
            WriteInt64(buffer, line.FirstReadingId ?? 0);
            WriteInt64(buffer, line.LastReadingId ?? 0);
            WriteInt64(buffer, line.FirstBlockHeight ?? 0);
            WriteInt64(buffer, line.LastBlockHeight ?? 0);
        }
    }

    private static void WriteInt64(MemoryStream buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteUInt16(MemoryStream buffer, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteString8(MemoryStream buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        buffer.WriteByte(checked((byte)bytes.Length));
        buffer.Write(bytes);
    }
}
