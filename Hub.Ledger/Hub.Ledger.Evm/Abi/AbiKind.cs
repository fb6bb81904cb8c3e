namespace Hub.Ledger.Evm.Abi;

/// <summary>The kinds of ABI types (Solidity ABI specification, "Types").</summary>
public enum AbiKind
{
    UnsignedInteger,
    SignedInteger,
    Address,
    Bool,
    FixedBytes,
    Bytes,
    Text,
    Array,
    FixedArray,
    Tuple,
}
