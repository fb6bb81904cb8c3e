using System.Text;

namespace Hub.Plugins.Coap.Protocol.Codec;

/// <summary>One CoAP message (RFC 7252 §3). Options are kept in the order they are to be sent (sorted by number).</summary>
public sealed record CoapMessage
{
    public CoapType Type { get; init; }

    public CoapCode Code { get; init; }

    public ushort MessageId { get; init; }

    /// <summary>0 to 8 bytes.</summary>
    public ReadOnlyMemory<byte> Token { get; init; }

    public IReadOnlyList<CoapOption> Options { get; init; } = [];

    public ReadOnlyMemory<byte> Payload { get; init; }

    public IEnumerable<CoapOption> All(ushort number) => Options.Where(o => o.Number == number);

    public CoapOption? First(ushort number)
    {
        foreach (var option in Options)
        {
            if (option.Number == number)
            {
                return option;
            }
        }

        return null;
    }

    /// <summary>Uri-Path segments joined with '/', with a leading '/'.</summary>
    public string UriPath => "/" + string.Join('/', All(CoapOptionNumber.UriPath).Select(o => o.AsString()));

    public uint? ContentFormat => First(CoapOptionNumber.ContentFormat)?.AsUInt();

    public uint? Observe => First(CoapOptionNumber.Observe)?.AsUInt();

    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);

    /// <summary>A copy with <paramref name="option"/> added (or replacing options of the same number when <paramref name="replace"/>).</summary>
    public CoapMessage With(CoapOption option, bool replace = true)
    {
        var options = replace ? Options.Where(o => o.Number != option.Number).ToList() : Options.ToList();
        options.Add(option);
        return this with { Options = [.. options.OrderBy(o => o.Number)] };
    }

    /// <summary>A request with its Uri-Path split into options.</summary>
    public static CoapMessage Request(CoapType type, CoapCode method, ushort messageId, ReadOnlyMemory<byte> token, string path, params IEnumerable<CoapOption> options)
    {
        ArgumentNullException.ThrowIfNull(path);
        var all = path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => CoapOption.FromString(CoapOptionNumber.UriPath, Uri.UnescapeDataString(s)))
            .Concat(options)
            .OrderBy(o => o.Number)
            .ToList();
        return new CoapMessage { Type = type, Code = method, MessageId = messageId, Token = token, Options = all };
    }

    public override string ToString() =>
        $"{Type} {Code} mid={MessageId} token={Convert.ToHexString(Token.Span)} options={Options.Count} payload={Payload.Length}B";
}
