using System.Text;

namespace Hub.Ledger.Crypto.Tests;

public sealed class Keccak256Tests
{
    // Ethereum's Keccak-256 (original padding); SHA3-256("") would be a7ffc6f8….
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void Hash_MatchesPublishedVectors(string input, string expected)
    {
        Assert.Equal(expected, Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes(input))));
    }

    [Fact]
    public void Hash_OfTwoParts_IsHashOfConcatenation()
    {
        var a = Encoding.ASCII.GetBytes("ab");
        var b = Encoding.ASCII.GetBytes("c");
        Assert.Equal(Keccak256.Hash(Encoding.ASCII.GetBytes("abc")), Keccak256.Hash(a, b));
    }
}
