namespace Hub.Ledger.Evm.Abi;

/// <summary>
/// An event: topic 0 is Keccak-256 of the canonical signature; indexed parameters are the following topics (a
/// dynamic indexed value is only its Keccak-256 hash, returned as 32 bytes); the rest are ABI-encoded in the data
/// (ABI spec, "Events").
/// </summary>
public sealed class AbiEvent
{
    private AbiEvent(string name, IReadOnlyList<AbiType> parameters, IReadOnlyList<bool> indexed)
    {
        Name = name;
        Parameters = parameters;
        Indexed = indexed;
        Signature = AbiSignature.Canonical(name, parameters);
        Topic = AbiSignature.Hash(Signature);
    }

    public string Name { get; }

    public IReadOnlyList<AbiType> Parameters { get; }

    public IReadOnlyList<bool> Indexed { get; }

    public string Signature { get; }

    /// <summary>Topic 0, 32 bytes.</summary>
    public byte[] Topic { get; }

    /// <summary>Parses e.g. <c>Anchored(bytes32 indexed hubId, uint64 indexed height, bytes32 root)</c> (names optional).</summary>
    public static AbiEvent Parse(string declaration)
    {
        var (name, parameters) = AbiSignature.Split(declaration);
        var types = new List<AbiType>();
        var indexed = new List<bool>();
        foreach (var parameter in AbiSignature.TopLevel(parameters))
        {
            var words = parameter.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words.Length > 3 || (words.Length == 3 && words[1] != "indexed"))
            {
                throw new AbiException($"abi: bad event parameter '{parameter}' in '{declaration}'.");
            }

            types.Add(AbiType.Parse(words[0]));
            indexed.Add(words.Length > 1 && words[1] == "indexed");
        }

        return new AbiEvent(name, types, indexed);
    }

    public bool Matches(IReadOnlyList<byte[]> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return topics.Count > 0 && topics[0].AsSpan().SequenceEqual(Topic);
    }

    /// <summary>Decodes a log's topics and data into the parameters, in declaration order.</summary>
    public object?[] Decode(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (!Matches(topics))
        {
            throw new AbiException($"abi: the log's topic 0 is not that of {Signature}.");
        }

        var indexedCount = Indexed.Count(i => i);
        if (topics.Count != indexedCount + 1)
        {
            throw new AbiException($"abi: {Signature} has {indexedCount} indexed parameters but the log has {topics.Count - 1} topics.");
        }

        var dataTypes = Parameters.Where((_, i) => !Indexed[i]).ToArray();
        var dataValues = AbiCodec.Decode(dataTypes, data);
        var values = new object?[Parameters.Count];
        int topic = 1, next = 0;
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (!Indexed[i])
            {
                values[i] = dataValues[next++];
                continue;
            }

            var word = topics[topic++];
            if (word.Length != 32)
            {
                throw new AbiException($"abi: topic {topic - 1} is {word.Length} bytes; topics are 32.");
            }

            values[i] = Parameters[i].IsDynamic || Parameters[i].Kind is AbiKind.Tuple or AbiKind.FixedArray
                ? word
                : AbiCodec.Decode([Parameters[i]], word)[0];
        }

        return values;
    }

    public override string ToString() => Signature;
}
