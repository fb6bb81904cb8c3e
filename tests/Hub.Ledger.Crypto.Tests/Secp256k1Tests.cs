using System.Text;
using FsCheck.Xunit;

namespace Hub.Ledger.Crypto.Tests;

public sealed class Secp256k1Tests
{
    // EIP-155 "Example": https://eips.ethereum.org/EIPS/eip-155
    private const string Eip155PrivateKey = "0x4646464646464646464646464646464646464646464646464646464646464646";
    private const string Eip155SigningData = "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080";
    private const string Eip155SigningHash = "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53";

    // r and s of the signed transaction in EIP-155 (0xf86c…25a028ef…a067cb…): the signer used RFC 6979.
    private const string Eip155R = "0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276";
    private const string Eip155S = "0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    [Fact]
    public void Address_OfEip155Key_IsThePublishedOne()
    {
        var key = Secp256k1Key.FromPrivateKey(Hex.Decode(Eip155PrivateKey));
        Assert.Equal("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", key.ChecksumAddress);
    }

    [Fact]
    public void Sign_Eip155Example_GivesThePublishedSignature()
    {
        var hash = Keccak256.Hash(Hex.Decode(Eip155SigningData));
        Assert.Equal(Eip155SigningHash, Hex.Encode(hash));

        var signature = Secp256k1Key.FromPrivateKey(Hex.Decode(Eip155PrivateKey)).Sign(hash);

        Assert.Equal(Eip155R, Hex.Encode(signature.R));
        Assert.Equal(Eip155S, Hex.Encode(signature.S));
        Assert.Equal(0, signature.RecoveryId); // v = 37 = 1 * 2 + 35 + 0
    }

    [Fact]
    public void ChecksumAddress_MatchesEip55Examples()
    {
        // EIP-55 test cases.
        foreach (var address in new[] { "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB" })
        {
            Assert.Equal(address, Secp256k1.ToChecksumAddress(Hex.Decode(address)));
        }
    }

    [Property(MaxTest = 50)]
    public bool SignThenRecover_GivesTheSignersKey_AndLowS(byte[] message)
    {
        var key = Secp256k1Key.Generate();
        var hash = Keccak256.Hash(message);
        var signature = key.Sign(hash);
        var recovered = Secp256k1.Recover(hash, signature);
        var lowS = signature.S[0] < 0x80; // n/2 = 0x7fffffff…, so a low s never has its top bit set
        return recovered is not null && recovered.AsSpan().SequenceEqual(key.PublicKey)
            && Secp256k1.Verify(hash, signature, key.PublicKey) && lowS
            && EcdsaSignature.FromBytes(signature.ToBytes()) is { } again && again.ToHex() == signature.ToHex();
    }

    [Property(MaxTest = 30)]
    public bool Verify_FailsForAnotherMessage(byte[] message)
    {
        var key = Secp256k1Key.Generate();
        var signature = key.Sign(Keccak256.Hash(message));
        var other = Keccak256.Hash([.. message, 0x01]);
        var recovered = Secp256k1.Recover(other, signature);
        return !Secp256k1.Verify(other, signature, key.PublicKey) && (recovered is null || !recovered.AsSpan().SequenceEqual(key.PublicKey));
    }

    [Fact]
    public void Sign_IsDeterministic()
    {
        var key = Secp256k1Key.FromPrivateKey(Hex.Decode(Eip155PrivateKey));
        var hash = Keccak256.Hash(Encoding.ASCII.GetBytes("reading"));
        Assert.Equal(key.Sign(hash).ToHex(), key.Sign(hash).ToHex());
    }

    [Fact]
    public void KeyFile_IsCreatedOwnerOnly_AndLoadsTheSameKey()
    {
        var dir = Directory.CreateTempSubdirectory("keyfile-");
        try
        {
            var path = Path.Combine(dir.FullName, "hub.key");
            var created = KeyFile.LoadOrCreate(path);
            var loaded = KeyFile.LoadOrCreate(path);
            Assert.Equal(created.Address, loaded.Address);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
