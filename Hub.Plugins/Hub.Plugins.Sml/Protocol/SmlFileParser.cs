using System.Globalization;

namespace Hub.Plugins.Sml.Protocol;

/// <summary>
/// Reads a file's messages (SML 1.04 §5.1: SML_Message = transactionId, groupNo, abortOnError, messageBody,
/// crc16, endOfSmlMsg) and takes the server id and the value list of each SML_GetList.Res (tag 0x0701, §5.1.9):
/// clientId, serverId, listName, actSensorTime, valList, listSignature, actGatewayTime. Open and close responses
/// are passed over; any other body is ignored.
/// </summary>
public static class SmlFileParser
{
    public const uint GetListResponse = 0x0701;

    public static SmlFile Parse(ReadOnlySpan<byte> payload)
    {
        byte[]? serverId = null;
        var entries = new List<SmlEntry>();
        var sawGetList = false;
        foreach (var message in SmlDecoder.Messages(payload))
        {
            if (message.Items.Count != 6 || message.Items[3] is not SmlList { Items.Count: 2 } body)
            {
                throw new SmlFormatException(string.Create(CultureInfo.InvariantCulture, $"an SML_Message has 6 elements with a (tag, body) choice; this one has {message.Items.Count}."));
            }

            if (Unsigned(body.Items[0], "message tag") != GetListResponse)
            {
                continue;
            }

            if (body.Items[1] is not SmlList { Items.Count: 7 } getList)
            {
                throw new SmlFormatException("an SML_GetList.Res has 7 elements.");
            }

            sawGetList = true;
            if (getList.Items[1] is SmlOctets server)
            {
                serverId = server.Value;
            }

            if (getList.Items[4] is not SmlList values)
            {
                throw new SmlFormatException("an SML_GetList.Res's valList is a list.");
            }

            foreach (var item in values.Items)
            {
                entries.Add(Entry(item));
            }
        }

        if (!sawGetList)
        {
            throw new SmlFormatException("the file has no SML_GetList.Res (message tag 0x0701).");
        }

        return new SmlFile(serverId, entries);
    }

    private static SmlEntry Entry(SmlNode node)
    {
        // SML_ListEntry: objName, status, valTime, unit, scaler, value, valueSignature.
        if (node is not SmlList { Items.Count: 7 } entry || entry.Items[0] is not SmlOctets { Value.Length: 6 } name)
        {
            throw new SmlFormatException("an SML_ListEntry has 7 elements and a 6-byte OBIS object name.");
        }

        var o = name.Value;
        var obis = string.Create(CultureInfo.InvariantCulture, $"{o[0]}-{o[1]}:{o[2]}.{o[3]}.{o[4]}*{o[5]}");
        byte? unit = entry.Items[3] switch
        {
            SmlAbsent => null,
            SmlUInt { Value: <= 255 } u => (byte)u.Value,
            _ => throw new SmlFormatException($"{obis}: the unit is an Unsigned8."),
        };
        sbyte scaler = entry.Items[4] switch
        {
            SmlAbsent => 0,
            SmlInt { Value: >= -128 and <= 127 } i => (sbyte)i.Value,
            _ => throw new SmlFormatException($"{obis}: the scaler is an Integer8."),
        };
        object value = entry.Items[5] switch
        {
            SmlInt i => i.Value,
            SmlUInt u => u.Value,
            SmlBool b => b.Value,
            SmlOctets s => s.Value,
            SmlAbsent => Array.Empty<byte>(),
            _ => throw new SmlFormatException($"{obis}: the value is no SML_Value."),
        };
        return new SmlEntry(obis, unit, scaler, value);
    }

    private static ulong Unsigned(SmlNode node, string what) => node is SmlUInt u
        ? u.Value
        : throw new SmlFormatException($"the {what} is an unsigned number.");
}
