namespace Hub.Plugins.Coap.Protocol.LinkFormat;

/// <summary>One link of RFC 6690 link format: a target and its attributes (rt, if, ct, sz, obs, title…).</summary>
/// <param name="Target">The URI reference, e.g. <c>/readings</c>.</param>
/// <param name="Attributes">Attribute name to value; a null value is a flag attribute such as <c>obs</c>.</param>
public sealed record CoreLink(string Target, IReadOnlyList<KeyValuePair<string, string?>> Attributes)
{
    public string? this[string name] => Attributes.FirstOrDefault(a => a.Key == name).Value;

    public bool Has(string name) => Attributes.Any(a => a.Key == name);
}
