namespace Hub.Ledger.Crypto;

/// <summary>
/// A secp256k1 signature with its recovery id, laid out as Ethereum does: <c>r ‖ s ‖ v</c>, 65 bytes, with
/// <c>v = 27 + recoveryId</c> (what OpenZeppelin's <c>ECDSA.recover(bytes32, bytes)</c> accepts). <c>s</c> is
/// always in the lower half of the curve order (EIP-2).
/// </summary>
/// <param name="R">32 bytes, big-endian.</param>
/// <param name="S">32 bytes, big-endian, low-s.</param>
/// <param name="RecoveryId">0 or 1: the parity of R's y coordinate.</param>
public sealed record EcdsaSignature(byte[] R, byte[] S, int RecoveryId)
{
    public const int Length = 65;

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        R.CopyTo(bytes, 0);
        S.CopyTo(bytes, 32);
        bytes[64] = (byte)(27 + RecoveryId);
        return bytes;
    }

    public string ToHex() => Hex.Encode(ToBytes());

    /// <summary>Parses <c>r ‖ s ‖ v</c> with v in {0, 1, 27, 28}.</summary>
    public static EcdsaSignature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new FormatException($"signature: {bytes.Length} bytes; a secp256k1 signature is r ‖ s ‖ v, 65 bytes.");
        }

        int v = bytes[64];
        var recoveryId = v switch
        {
            0 or 1 => v,
            27 or 28 => v - 27,
            _ => throw new FormatException($"signature: v = {v}; expected 27 or 28 (or 0 or 1)."),
        };
        return new EcdsaSignature(bytes[..32].ToArray(), bytes[32..64].ToArray(), recoveryId);
    }

    public static EcdsaSignature FromHex(string hex) => FromBytes(Hex.Decode(hex));
}
