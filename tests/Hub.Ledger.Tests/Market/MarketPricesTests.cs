using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Hub.Ledger.Market;

namespace Hub.Ledger.Tests.Market;

public sealed class MarketPricesTests
{
    /// <summary>Chain:AmountPerMinorUnit's default: a cent is 10^16 wei, so one euro is 10^18 (one coin).</summary>
    private static readonly MarketPrices Euro = new(BigInteger.Pow(10, 16), 2);

    [Theory]
    [InlineData("0.30", "300000000000000")] // 0.30 EUR/kWh = 30 cents per 1000 Wh = 3·10^17 / 1000 wei per Wh
    [InlineData("0.1", "100000000000000")]
    [InlineData("1", "1000000000000000")]
    [InlineData("0.123456789", "123456789000000")]
    public void A_price_per_kWh_is_wei_per_Wh(string price, string wei)
    {
        var perKwh = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(BigInteger.Parse(wei, System.Globalization.CultureInfo.InvariantCulture), Euro.ToWeiPerWh(perKwh, roundUp: false));
        Assert.Equal(BigInteger.Parse(wei, System.Globalization.CultureInfo.InvariantCulture), Euro.ToWeiPerWh(perKwh, roundUp: true));
        Assert.Equal(perKwh, Euro.ToPricePerKwh(Euro.ToWeiPerWh(perKwh, roundUp: false)));
    }

    [Fact]
    public void A_price_finer_than_a_wei_rounds_in_the_homeowners_favour()
    {
        // 1 wei per cent: 0.25 EUR/kWh = 25 wei per 1000 Wh = 0.025 wei per Wh.
        var coarse = new MarketPrices(BigInteger.One, 2);
        Assert.Equal(BigInteger.Zero, coarse.ToWeiPerWh(0.25m, roundUp: false)); // a buyer's maximum: never above what was set
        Assert.Equal(BigInteger.One, coarse.ToWeiPerWh(0.25m, roundUp: true)); // a seller's minimum: never below
    }

    [Fact]
    public void Amounts_of_wei_are_in_the_currency()
    {
        Assert.Equal(0.012m, Euro.ToAmount(BigInteger.Parse("12000000000000000", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1m, Euro.ToAmount(BigInteger.Pow(10, 18)));
        Assert.Equal(0m, Euro.ToAmount(BigInteger.Zero));
        Assert.Equal(0.000000000000000001m, Euro.ToAmount(BigInteger.One));
    }

    [Fact]
    public void Rounding_brackets_the_exact_price()
    {
        Prop.ForAll(Gen.Choose(1, 1_000_000).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (millicents, factor) =>
        {
            var prices = new MarketPrices(factor, 2);
            var price = millicents / 100_000m;
            var down = prices.ToWeiPerWh(price, roundUp: false);
            var up = prices.ToWeiPerWh(price, roundUp: true);
            return down <= up && up - down <= 1 && prices.ToPricePerKwh(down) <= price && prices.ToPricePerKwh(up) >= price;
        }).QuickCheckThrowOnFailure();
    }
}
