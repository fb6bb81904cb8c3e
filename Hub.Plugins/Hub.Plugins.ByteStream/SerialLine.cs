using System.Globalization;
using System.IO.Ports;

namespace Hub.Plugins.ByteStream;

/// <summary>Serial line settings. DSMR 4/5 and SML: 115200 or 9600 8N1; DSMR 2.2/3: 9600 7E1.</summary>
public sealed record SerialLine(int BaudRate, Parity Parity, int DataBits, StopBits StopBits)
{
    public static SerialLine Parse(string text)
    {
        // "115200 8N1" / "9600 7E1"
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[1].Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var baud)
            || parts[1][0] is not ('7' or '8')
            || !TryParseParity(parts[1][1..2], out var parity)
            || parts[1][2] is not ('1' or '2'))
        {
            throw new FormatException($"'{text}' is not a serial line such as '115200 8N1'.");
        }

        return new SerialLine(baud, parity, parts[1][0] - '0', parts[1][2] == '2' ? StopBits.Two : StopBits.One);
    }

    public static bool TryParseParity(string value, out Parity parity)
    {
        parity = value.ToUpperInvariant() switch
        {
            "N" or "NONE" => Parity.None,
            "E" or "EVEN" => Parity.Even,
            "O" or "ODD" => Parity.Odd,
            _ => Parity.Mark,
        };
        return parity != Parity.Mark;
    }

    public override string ToString()
    {
        var parity = Parity switch { Parity.Even => "E", Parity.Odd => "O", _ => "N" };
        return string.Create(CultureInfo.InvariantCulture, $"baud={BaudRate}&data={DataBits}&parity={parity}&stop={(StopBits == StopBits.Two ? 2 : 1)}");
    }
}
