namespace Hub.Ledger.Evm.Abi;

/// <summary>
/// A Solidity error: the built-in <c>Error(string)</c> and <c>Panic(uint256)</c> or a custom error; revert data is
/// its 4-byte selector followed by the ABI-encoded arguments (Solidity docs, "Errors and the Revert Statement").
/// </summary>
public sealed class AbiError
{
    private AbiError(string name, IReadOnlyList<AbiType> parameters)
    {
        Name = name;
        Parameters = parameters;
        Signature = AbiSignature.Canonical(name, parameters);
        Selector = AbiSignature.Hash(Signature)[..4];
    }

    /// <summary><c>Error(string)</c>, selector 0x08c379a0: require/revert with a message.</summary>
    public static AbiError ErrorString { get; } = Parse("Error(string)");

    /// <summary><c>Panic(uint256)</c>, selector 0x4e487b71: assert failure, overflow, division by zero…</summary>
    public static AbiError Panic { get; } = Parse("Panic(uint256)");

    public string Name { get; }

    public IReadOnlyList<AbiType> Parameters { get; }

    public string Signature { get; }

    /// <summary>4 bytes.</summary>
    public IReadOnlyList<byte> Selector { get; }

    public static AbiError Parse(string signature)
    {
        var (name, parameters) = AbiSignature.Split(signature);
        return new AbiError(name, AbiType.ParseList(parameters));
    }

    public bool Matches(ReadOnlySpan<byte> revertData) => revertData.Length >= 4 && revertData[..4].SequenceEqual(Selector.ToArray());

    public object?[] DecodeArguments(ReadOnlySpan<byte> revertData) =>
        Matches(revertData)
            ? AbiCodec.Decode(Parameters, revertData[4..])
            : throw new AbiException($"abi: revert data does not start with the selector of {Signature}.");

    /// <summary>Encodes revert data (as a contract would), mainly for tests.</summary>
    public byte[] Encode(params object?[] arguments) => [.. Selector, .. AbiCodec.Encode(Parameters, arguments)];

    public override string ToString() => Signature;
}
