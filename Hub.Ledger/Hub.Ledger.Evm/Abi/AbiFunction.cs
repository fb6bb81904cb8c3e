namespace Hub.Ledger.Evm.Abi;

/// <summary>
/// A contract function: its selector (first 4 bytes of Keccak-256 of the canonical signature), call data encoding
/// and return data decoding.
/// </summary>
public sealed class AbiFunction
{
    private AbiFunction(string name, IReadOnlyList<AbiType> inputs, IReadOnlyList<AbiType> outputs)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        Signature = AbiSignature.Canonical(name, inputs);
        Selector = AbiSignature.Hash(Signature)[..4];
    }

    public string Name { get; }

    public IReadOnlyList<AbiType> Inputs { get; }

    public IReadOnlyList<AbiType> Outputs { get; }

    /// <summary>The canonical signature, e.g. <c>anchor(bytes32,uint64,bytes32[])</c>.</summary>
    public string Signature { get; }

    /// <summary>4 bytes.</summary>
    public IReadOnlyList<byte> Selector { get; }

    /// <summary>Parses <c>name(type,…)</c>, with the return types as a comma-separated list (may be empty).</summary>
    public static AbiFunction Parse(string signature, string outputs = "")
    {
        var (name, parameters) = AbiSignature.Split(signature);
        return new AbiFunction(name, AbiType.ParseList(parameters), AbiType.ParseList(outputs ?? string.Empty));
    }

    /// <summary>Selector ‖ encoded arguments: the data of a call or transaction.</summary>
    public byte[] EncodeCall(params object?[] arguments) => [.. Selector, .. AbiCodec.Encode(Inputs, arguments)];

    public object?[] DecodeOutput(ReadOnlySpan<byte> returnData) => AbiCodec.Decode(Outputs, returnData);

    /// <summary>Decodes call data back into arguments, checking the selector.</summary>
    public object?[] DecodeCall(ReadOnlySpan<byte> callData)
    {
        if (callData.Length < 4 || !callData[..4].SequenceEqual(Selector.ToArray()))
        {
            throw new AbiException($"abi: call data does not start with the selector of {Signature}.");
        }

        return AbiCodec.Decode(Inputs, callData[4..]);
    }

    public override string ToString() => Signature;
}
