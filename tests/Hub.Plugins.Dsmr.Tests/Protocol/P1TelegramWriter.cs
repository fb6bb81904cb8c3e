using System.Globalization;
using System.Text;
using Hub.Plugins.Dsmr.Protocol;

namespace Hub.Plugins.Dsmr.Tests.Protocol;

/// <summary>
/// Builds P1 telegrams from the formats of the P1 companion standards (DSMR 5.0.2 §6.4/§7, 4.2.2, 2.2+, e-MUCS_H):
/// identification line, empty line, COSEM lines, '!' and the CRC-16 of everything from '/' to '!' (4.0 and later).
/// Written for these tests; no telegram is copied from elsewhere.
/// </summary>
internal sealed class P1TelegramWriter
{
    private readonly List<string> _lines = [];

    public P1TelegramWriter(string identification) => Identification = identification;

    public string Identification { get; }

    public P1TelegramWriter Line(string line)
    {
        _lines.Add(line);
        return this;
    }

    /// <summary>The telegram; with <paramref name="crc"/>, the CRC computed here from the bytes.</summary>
    public byte[] Build(bool crc = true)
    {
        var body = new StringBuilder().Append('/').Append(Identification).Append("\r\n\r\n");
        foreach (var line in _lines)
        {
            body.Append(line).Append("\r\n");
        }

        body.Append('!');
        var bytes = Encoding.ASCII.GetBytes(body.ToString());
        var tail = crc ? string.Create(CultureInfo.InvariantCulture, $"{DsmrCrc16.Compute(bytes):X4}\r\n") : "\r\n";
        return [.. bytes, .. Encoding.ASCII.GetBytes(tail)];
    }

    public static string Kwh(double kwh) => kwh.ToString("000000.000", CultureInfo.InvariantCulture);

    /// <summary>A DSMR 5.0.2 three-phase telegram in the layout of the companion standard's example (§7), values given.</summary>
    public static P1TelegramWriter Dsmr5(
        string time = "170124213128W",
        double t1In = 1234.567, double t2In = 2345.678, double t1Out = 12.345, double t2Out = 23.456,
        double powerInKw = 1.193, double powerOutKw = 0, string gasTime = "170124210000W", double gasM3 = 671.79) =>
        new P1TelegramWriter(@"ISK5\2M550T-1012")
            .Line("1-3:0.2.8(50)")
            .Line($"0-0:1.0.0({time})")
            .Line("0-0:96.1.1(4530303434303037313331363530363137)")
            .Line($"1-0:1.8.1({Kwh(t1In)}*kWh)")
            .Line($"1-0:1.8.2({Kwh(t2In)}*kWh)")
            .Line($"1-0:2.8.1({Kwh(t1Out)}*kWh)")
            .Line($"1-0:2.8.2({Kwh(t2Out)}*kWh)")
            .Line("0-0:96.14.0(0002)")
            .Line(string.Create(CultureInfo.InvariantCulture, $"1-0:1.7.0({powerInKw:00.000}*kW)"))
            .Line(string.Create(CultureInfo.InvariantCulture, $"1-0:2.7.0({powerOutKw:00.000}*kW)"))
            .Line("0-0:96.7.21(00008)")
            .Line("0-0:96.7.9(00002)")
            .Line("1-0:99.97.0(2)(0-0:96.7.19)(101208152415W)(0000000240*s)(101208151004W)(0000000301*s)")
            .Line("1-0:32.32.0(00002)")
            .Line("1-0:32.36.0(00000)")
            .Line("0-0:96.13.0()")
            .Line("1-0:32.7.0(230.1*V)")
            .Line("1-0:52.7.0(231.2*V)")
            .Line("1-0:72.7.0(229.8*V)")
            .Line("1-0:31.7.0(004*A)")
            .Line("1-0:51.7.0(002*A)")
            .Line("1-0:71.7.0(001*A)")
            .Line("1-0:21.7.0(00.803*kW)")
            .Line("1-0:41.7.0(00.290*kW)")
            .Line("1-0:61.7.0(00.100*kW)")
            .Line("1-0:22.7.0(00.000*kW)")
            .Line("0-1:24.1.0(003)")
            .Line("0-1:96.1.0(4730303339303031363532303530323136)")
            .Line($"0-1:24.2.1({gasTime})({gasM3.ToString("00000.000", CultureInfo.InvariantCulture)}*m3)");

    /// <summary>DSMR 4.2.2, single phase, power in kW, gas hourly.</summary>
    public static P1TelegramWriter Dsmr42() =>
        new P1TelegramWriter(@"KFM5KAIFA-METER")
            .Line("1-3:0.2.8(42)")
            .Line("0-0:1.0.0(160704153012S)")
            .Line("0-0:96.1.1(4530303033303030303030303030303034)")
            .Line("1-0:1.8.1(000401.123*kWh)")
            .Line("1-0:1.8.2(000399.877*kWh)")
            .Line("1-0:2.8.1(000000.000*kWh)")
            .Line("1-0:2.8.2(000000.000*kWh)")
            .Line("0-0:96.14.0(0001)")
            .Line("1-0:1.7.0(00.456*kW)")
            .Line("1-0:2.7.0(00.000*kW)")
            .Line("0-0:17.0.0(999.9*kW)")
            .Line("0-0:96.3.10(1)")
            .Line("1-0:32.7.0(232.0*V)")
            .Line("1-0:31.7.0(002*A)")
            .Line("0-1:24.1.0(003)")
            .Line("0-1:24.2.1(160704150000S)(00100.001*m3)")
            .Line("0-1:24.4.0(1)");

    /// <summary>DSMR 2.2: no version line, no CRC, time without DST flag, gas on two lines.</summary>
    public static P1TelegramWriter Dsmr22() =>
        new P1TelegramWriter(@"ISk5\2ME382-1003")
            .Line("0-0:96.1.1(4B414C37303035303731343434343131)")
            .Line("1-0:1.8.1(00185.000*kWh)")
            .Line("1-0:1.8.2(00084.000*kWh)")
            .Line("1-0:2.8.1(00013.000*kWh)")
            .Line("1-0:2.8.2(00019.000*kWh)")
            .Line("0-0:96.14.0(0001)")
            .Line("1-0:1.7.0(0000.98*kW)")
            .Line("1-0:2.7.0(0000.00*kW)")
            .Line("0-0:17.0.0(999*A)")
            .Line("0-0:96.3.10(1)")
            .Line("0-0:96.13.1()")
            .Line("0-0:96.13.0()")
            .Line("0-1:24.1.0(3)")
            .Line("0-1:96.1.0(3238313031453631373038393930)")
            .Line("0-1:24.3.0(120517020000)(08)(60)(1)(0-1:24.2.1)(m3)")
            .Line("(00124.477)")
            .Line("0-1:24.4.0(1)");

    /// <summary>Belgian e-MUCS_H 1.3 (Fluvius): version 0-0:96.1.4, tariff 1 = day, gas 24.2.3, decimal currents.</summary>
    public static P1TelegramWriter EMucs() =>
        new P1TelegramWriter(@"FLU5\253769484_A")
            .Line("0-0:96.1.4(50217)")
            .Line("0-0:96.1.1(3153414123456789012345678901234567)")
            .Line("0-0:1.0.0(200512135409S)")
            .Line("1-0:1.8.1(000000.034*kWh)")
            .Line("1-0:1.8.2(000015.758*kWh)")
            .Line("1-0:2.8.1(000000.000*kWh)")
            .Line("1-0:2.8.2(000000.011*kWh)")
            .Line("0-0:96.14.0(0001)")
            .Line("1-0:1.4.0(02.351*kW)")
            .Line("1-0:1.6.0(200509134558S)(02.589*kW)")
            .Line("1-0:1.7.0(00.000*kW)")
            .Line("1-0:2.7.0(00.000*kW)")
            .Line("1-0:21.7.0(00.000*kW)")
            .Line("1-0:22.7.0(00.000*kW)")
            .Line("1-0:32.7.0(234.7*V)")
            .Line("1-0:31.7.0(000.00*A)")
            .Line("0-0:96.3.10(1)")
            .Line("0-0:17.0.0(999.9*kW)")
            .Line("1-0:31.4.0(999*A)")
            .Line("0-0:96.13.0()")
            .Line("0-1:24.1.0(003)")
            .Line("0-1:96.1.1(37464C4F32313139303333373333)")
            .Line("0-1:24.4.0(1)")
            .Line("0-1:24.2.3(200512134558S)(00112.384*m3)");
}
