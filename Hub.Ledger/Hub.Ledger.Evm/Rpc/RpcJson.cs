using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Evm.Rpc;

/// <summary>
/// Reading and writing the JSON-RPC value encodings (Ethereum execution-apis, "Value encoding"): quantities are
/// 0x hex without leading zeros, data is 0x hex of whole bytes. Anything else from the node is an
/// <see cref="RpcResponseException"/> naming the method.
/// </summary>
internal static class RpcJson
{
    public static string Quantity(BigInteger value) =>
        value.Sign < 0 ? throw new ArgumentOutOfRangeException(nameof(value), "quantities are non-negative")
        : value.IsZero ? "0x0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');

    public static JsonObject CallObject(CallRequest call)
    {
        var json = new JsonObject();
        if (call.From is not null)
        {
            json["from"] = call.From;
        }

        if (call.To is not null)
        {
            json["to"] = call.To;
        }

        if (call.Data is not null)
        {
            json["input"] = Hex.Encode(call.Data);
        }

        if (call.Value is { } value)
        {
            json["value"] = Quantity(value);
        }

        if (call.Gas is { } gas)
        {
            json["gas"] = Quantity(gas);
        }

        return json;
    }

    public static BigInteger ToQuantity(JsonElement element, string method, string field = "result")
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw Bad(method, field, element, "a hex quantity");
        }

        var text = element.GetString()!;
        if (text.Length < 3 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length > 66
            || !BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Bad(method, field, element, "a hex quantity");
        }

        return value;
    }

    public static ulong ToUInt64(JsonElement element, string method, string field = "result")
    {
        var value = ToQuantity(element, method, field);
        return value <= ulong.MaxValue ? (ulong)value : throw Bad(method, field, element, "a 64-bit quantity");
    }

    public static byte[] ToData(JsonElement element, string method, string field = "result")
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return Hex.Decode(text);
                }
                catch (FormatException)
                {
                    // Falls through to the clear error below.
                }
            }
        }

        throw Bad(method, field, element, "0x hex data");
    }

    public static byte[] ToHash(JsonElement element, string method, string field = "result")
    {
        var bytes = ToData(element, method, field);
        return bytes.Length == 32 ? bytes : throw Bad(method, field, element, "a 32-byte hash");
    }

    public static string ToAddress(JsonElement element, string method, string field)
    {
        var bytes = ToData(element, method, field);
        return bytes.Length == 20 ? Secp256k1.ToChecksumAddress(bytes) : throw Bad(method, field, element, "a 20-byte address");
    }

    public static JsonElement Property(JsonElement obj, string name, string method)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw Bad(method, "result", obj, "an object");
        }

        return obj.TryGetProperty(name, out var value) ? value : throw new RpcResponseException($"{method}: the result has no '{name}'.") { Method = method };
    }

    public static bool IsNull(JsonElement obj, string name) =>
        !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    public static LogEntry ToLog(JsonElement element, string method)
    {
        var topics = Property(element, "topics", method);
        if (topics.ValueKind != JsonValueKind.Array)
        {
            throw Bad(method, "topics", topics, "an array");
        }

        return new LogEntry(
            ToAddress(Property(element, "address", method), method, "address"),
            [.. topics.EnumerateArray().Select(t => ToHash(t, method, "topics"))],
            ToData(Property(element, "data", method), method, "data"),
            IsNull(element, "blockNumber") ? null : ToUInt64(element.GetProperty("blockNumber"), method, "blockNumber"),
            IsNull(element, "transactionHash") ? null : ToHash(element.GetProperty("transactionHash"), method, "transactionHash"),
            IsNull(element, "logIndex") ? null : ToUInt64(element.GetProperty("logIndex"), method, "logIndex"),
            element.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);
    }

    public static TransactionReceipt ToReceipt(JsonElement element, string method)
    {
        var logs = Property(element, "logs", method);
        if (logs.ValueKind != JsonValueKind.Array)
        {
            throw Bad(method, "logs", logs, "an array");
        }

        return new TransactionReceipt(
            ToHash(Property(element, "transactionHash", method), method, "transactionHash"),
            ToUInt64(Property(element, "blockNumber", method), method, "blockNumber"),
            ToHash(Property(element, "blockHash", method), method, "blockHash"),
            ToQuantity(Property(element, "status", method), method, "status") == 1,
            ToUInt64(Property(element, "gasUsed", method), method, "gasUsed"),
            IsNull(element, "effectiveGasPrice") ? BigInteger.Zero : ToQuantity(element.GetProperty("effectiveGasPrice"), method, "effectiveGasPrice"),
            ToAddress(Property(element, "from", method), method, "from"),
            IsNull(element, "to") ? null : ToAddress(element.GetProperty("to"), method, "to"),
            IsNull(element, "contractAddress") ? null : ToAddress(element.GetProperty("contractAddress"), method, "contractAddress"),
            [.. logs.EnumerateArray().Select(l => ToLog(l, method))]);
    }

    public static RpcResponseException Bad(string method, string field, JsonElement element, string expected)
    {
        var raw = element.ValueKind == JsonValueKind.Undefined ? "nothing" : element.GetRawText();
        if (raw.Length > 120)
        {
            raw = raw[..120] + "…";
        }

        return new RpcResponseException($"{method}: '{field}' should be {expected}, got {raw}.") { Method = method };
    }
}
