using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>
/// For a meter with a registered key: the reading's signature must be the meter key's secp256k1 signature over
/// keccak256 of the reading encoding (docs/ledger.md "Reading encoding").
/// </summary>
internal static class SignatureRule
{
    public static Verdict Check(Reading reading, byte[] signer)
    {
        var expected = Secp256k1.ToChecksumAddress(signer);
        if (string.IsNullOrEmpty(reading.Signature))
        {
            return new Verdict(RuleNames.Signature, false, $"unsigned, but this meter has a registered key ({expected}, Meters:N:PublicKey); its readings must be signed");
        }

        EcdsaSignature signature;
        try
        {
            signature = EcdsaSignature.FromHex(reading.Signature);
        }
        catch (FormatException ex)
        {
            return new Verdict(RuleNames.Signature, false, $"not a secp256k1 signature: {ex.Message}");
        }

        var hash = CanonicalEncoding.ReadingHash(reading);
        var recovered = Secp256k1.Recover(hash, signature);
        if (recovered is null || !Secp256k1.Verify(hash, signature, recovered))
        {
            return new Verdict(RuleNames.Signature, false, "the signature does not verify over this reading (altered in transit, or not low-s)");
        }

        var address = Secp256k1.AddressOf(recovered);
        return address.AsSpan().SequenceEqual(signer)
            ? new Verdict(RuleNames.Signature, true, $"signed by the meter's key {expected}")
            : new Verdict(RuleNames.Signature, false, $"signed by {Secp256k1.ToChecksumAddress(address)}, not by the meter's registered key {expected}");
    }
}
