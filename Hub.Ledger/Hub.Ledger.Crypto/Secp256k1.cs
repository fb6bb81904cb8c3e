using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Utilities;

namespace Hub.Ledger.Crypto;

/// <summary>
/// secp256k1 verification, public key recovery (SEC 1 v2 §4.1.6) and Ethereum addresses. Public keys are the
/// 64-byte uncompressed <c>x ‖ y</c> (no 0x04 prefix), as Ethereum hashes them.
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    internal static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);

    internal static readonly BigInteger HalfN = Curve.N.ShiftRight(1);

    /// <summary>Recovers the signer's 64-byte public key from a 32-byte hash and a signature; null when none fits.</summary>
    public static byte[]? Recover(ReadOnlySpan<byte> hash, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var r = new BigInteger(1, signature.R);
        var s = new BigInteger(1, signature.S);
        var n = Domain.N;
        if (r.SignValue <= 0 || r.CompareTo(n) >= 0 || s.SignValue <= 0 || s.CompareTo(n) >= 0 || signature.RecoveryId is < 0 or > 1)
        {
            return null;
        }

        // x = r (the j = 0 case: r ≥ p − n is astronomically unlikely and never produced by our signer).
        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 | signature.RecoveryId);
        BigIntegers.AsUnsignedByteArray(r, compressed, 1, 32);
        ECPoint bigR;
        try
        {
            bigR = Domain.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Q = r⁻¹ (s·R − e·G)
        var e = new BigInteger(1, hash.ToArray());
        var rInv = r.ModInverse(n);
        var eInvrInv = n.Subtract(e).Multiply(rInv).Mod(n);
        var srInv = s.Multiply(rInv).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, eInvrInv, bigR, srInv).Normalize();
        return q.IsInfinity ? null : Encode(q);
    }

    /// <summary>True when <paramref name="signature"/> over <paramref name="hash"/> is by <paramref name="publicKey"/> (64 bytes) and is low-s.</summary>
    public static bool Verify(ReadOnlySpan<byte> hash, EcdsaSignature signature, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (publicKey.Length != 64 || new BigInteger(1, signature.S).CompareTo(HalfN) > 0)
        {
            return false;
        }

        ECPoint point;
        try
        {
            point = Decode(publicKey);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(point, Domain));
        return verifier.VerifySignature(hash.ToArray(), new BigInteger(1, signature.R), new BigInteger(1, signature.S));
    }

    /// <summary>The 20-byte Ethereum address of a 64-byte public key: the last 20 bytes of its Keccak-256.</summary>
    public static byte[] AddressOf(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 64)
        {
            throw new ArgumentException("A public key is 64 bytes (x ‖ y).", nameof(publicKey));
        }

        return Keccak256.Hash(publicKey)[12..];
    }

    /// <summary>EIP-55 mixed-case checksum encoding of a 20-byte address.</summary>
    public static string ToChecksumAddress(ReadOnlySpan<byte> address)
    {
        var lower = Convert.ToHexStringLower(address);
        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(lower));
        var chars = lower.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f;
            if (chars[i] >= 'a' && nibble >= 8)
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }

        return "0x" + new string(chars);
    }

    /// <summary>Parses a 64-byte (x ‖ y), 65-byte (04 ‖ x ‖ y) or 33-byte compressed public key into the 64-byte form.</summary>
    public static byte[] NormalizePublicKey(ReadOnlySpan<byte> key)
    {
        var point = key.Length == 64 ? Decode(key) : Domain.Curve.DecodePoint(key.ToArray());
        return Encode(point.Normalize());
    }

    internal static byte[] Encode(ECPoint point) => point.GetEncoded(false)[1..];

    private static ECPoint Decode(ReadOnlySpan<byte> publicKey)
    {
        var encoded = new byte[65];
        encoded[0] = 0x04;
        publicKey.CopyTo(encoded.AsSpan(1));
        return Domain.Curve.DecodePoint(encoded);
    }
}
