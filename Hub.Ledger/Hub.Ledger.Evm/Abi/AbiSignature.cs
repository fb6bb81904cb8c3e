using System.Text;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Evm.Abi;

/// <summary>Splits <c>name(type,type…)</c> and computes Keccak-256 of canonical signatures (ABI spec, "Function Selector").</summary>
internal static class AbiSignature
{
    public static (string Name, string Parameters) Split(string signature)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signature);
        var open = signature.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !signature.EndsWith(')'))
        {
            throw new AbiException($"abi: '{signature}' is not of the form name(type,…).");
        }

        return (signature[..open].Trim(), signature[(open + 1)..^1]);
    }

    /// <summary>Splits at top-level commas (not inside a tuple).</summary>
    public static List<string> TopLevel(string parameters)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            switch (parameters[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(parameters[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        var last = parameters[start..].Trim();
        if (last.Length > 0 || parts.Count > 0)
        {
            parts.Add(last);
        }

        return parts;
    }

    public static string Canonical(string name, IEnumerable<AbiType> types) => name + "(" + string.Join(",", types.Select(t => t.CanonicalName)) + ")";

    public static byte[] Hash(string canonical) => Keccak256.Hash(Encoding.ASCII.GetBytes(canonical));
}
