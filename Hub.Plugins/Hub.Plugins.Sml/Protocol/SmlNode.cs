namespace Hub.Plugins.Sml.Protocol;

/// <summary>One TL-encoded element (SML 1.04 §6.3): octet string, boolean, integer, unsigned, list, or "not set".</summary>
public abstract record SmlNode;

/// <summary>An optional element that is not set (TL byte 0x01).</summary>
public sealed record SmlAbsent : SmlNode
{
    public static SmlAbsent Instance { get; } = new();
}

public sealed record SmlOctets(byte[] Value) : SmlNode;

public sealed record SmlBool(bool Value) : SmlNode;

public sealed record SmlInt(long Value) : SmlNode;

public sealed record SmlUInt(ulong Value) : SmlNode;

public sealed record SmlList(IReadOnlyList<SmlNode> Items) : SmlNode;
