using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;

namespace Hub.Ledger.Crypto;

/// <summary>
/// A secp256k1 private key that signs 32-byte hashes deterministically (RFC 6979 §3.2 with HMAC-SHA256), with
/// low-s normalisation (EIP-2) and the recovery id Ethereum needs.
/// </summary>
public sealed class Secp256k1Key
{
    private readonly BigInteger _d;
    private readonly ECPrivateKeyParameters _parameters;

    private Secp256k1Key(BigInteger d)
    {
        _d = d;
        _parameters = new ECPrivateKeyParameters(d, Secp256k1.Domain);
        PublicKey = Secp256k1.Encode(Secp256k1.Domain.G.Multiply(d).Normalize());
        Address = Secp256k1.AddressOf(PublicKey);
    }

    /// <summary>64 bytes, x ‖ y.</summary>
    public byte[] PublicKey { get; }

    /// <summary>20 bytes.</summary>
    public byte[] Address { get; }

    public string ChecksumAddress => Secp256k1.ToChecksumAddress(Address);

    public static Secp256k1Key FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new ArgumentException("A secp256k1 private key is 32 bytes.", nameof(privateKey));
        }

        var d = new BigInteger(1, privateKey.ToArray());
        if (d.SignValue <= 0 || d.CompareTo(Secp256k1.Domain.N) >= 0)
        {
            throw new ArgumentException("The private key is not in [1, n-1] of secp256k1.", nameof(privateKey));
        }

        return new Secp256k1Key(d);
    }

    public static Secp256k1Key Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var d = new BigInteger(1, bytes.ToArray());
            if (d.SignValue > 0 && d.CompareTo(Secp256k1.Domain.N) < 0)
            {
                return new Secp256k1Key(d);
            }
        }
    }

    public byte[] PrivateKeyBytes() => BigIntegers.AsUnsignedByteArray(32, _d);

    /// <summary>Signs a 32-byte hash (the caller hashes, with Keccak-256).</summary>
    public EcdsaSignature Sign(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != 32)
        {
            throw new ArgumentException("Sign a 32-byte hash.", nameof(hash));
        }

        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _parameters);
        var hashBytes = hash.ToArray();
        var rs = signer.GenerateSignature(hashBytes);
        var r = rs[0];
        var s = rs[1];
        if (s.CompareTo(Secp256k1.HalfN) > 0)
        {
            s = Secp256k1.Domain.N.Subtract(s);
        }

        var rBytes = BigIntegers.AsUnsignedByteArray(32, r);
        var sBytes = BigIntegers.AsUnsignedByteArray(32, s);
        for (var recoveryId = 0; recoveryId < 2; recoveryId++)
        {
            var signature = new EcdsaSignature(rBytes, sBytes, recoveryId);
            var recovered = Secp256k1.Recover(hashBytes, signature);
            if (recovered is not null && recovered.AsSpan().SequenceEqual(PublicKey))
            {
                return signature;
            }
        }

        throw new CryptographicException("No recovery id reproduces the signer's public key.");
    }
}
