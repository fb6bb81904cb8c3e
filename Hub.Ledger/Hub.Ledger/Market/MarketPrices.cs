using System.Numerics;

namespace Hub.Ledger.Market;

/// <summary>
/// Prices between the homeowner's currency and the contract's wei per Wh. <c>Chain:AmountPerMinorUnit</c> says how
/// many wei one minor unit (a cent) is worth, so a price of <c>p</c> per kWh is <c>p · 10^digits · factor / 1000</c>
/// wei per Wh. A price that does not come out whole is rounded in the homeowner's favour: a selling minimum up, a
/// buying maximum down, so an order never trades beyond the limit the homeowner set.
/// </summary>
public sealed class MarketPrices
{
    private readonly BigInteger _weiPerMinorUnit;
    private readonly BigInteger _minorPerUnit;

    public MarketPrices(BigInteger weiPerMinorUnit, int minorDigits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weiPerMinorUnit.Sign);
        ArgumentOutOfRangeException.ThrowIfNegative(minorDigits);
        _weiPerMinorUnit = weiPerMinorUnit;
        MinorDigits = minorDigits;
        _minorPerUnit = BigInteger.Pow(10, minorDigits);
    }

    public int MinorDigits { get; }

    /// <summary>Wei per Wh for a price per kWh; <paramref name="roundUp"/> for a seller's minimum.</summary>
    public BigInteger ToWeiPerWh(decimal pricePerKwh, bool roundUp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pricePerKwh);
        var (mantissa, scale) = Split(pricePerKwh);

        // p = mantissa / 10^scale per kWh → wei/Wh = mantissa · minorPerUnit · factor / (10^scale · 1000).
        var numerator = mantissa * _minorPerUnit * _weiPerMinorUnit;
        var denominator = BigInteger.Pow(10, scale) * 1000;
        var quotient = BigInteger.DivRem(numerator, denominator, out var rest);
        return roundUp && !rest.IsZero ? quotient + 1 : quotient;
    }

    /// <summary>The price per kWh of a wei-per-Wh price, exact to 28 significant digits.</summary>
    public decimal ToPricePerKwh(BigInteger weiPerWh) => ToAmount(weiPerWh * 1000);

    /// <summary>An amount of wei in the currency (e.g. 2.5e15 wei at 10^16 wei per cent = 0.0025).</summary>
    public decimal ToAmount(BigInteger wei)
    {
        // wei / factor = minor units; / 10^digits = units. Whole part and remainder separately keep 28 digits.
        var minor = BigInteger.DivRem(wei, _weiPerMinorUnit, out var rest);
        return ((decimal)minor + ((decimal)rest / (decimal)_weiPerMinorUnit)) / (decimal)_minorPerUnit;
    }

    private static (BigInteger Mantissa, int Scale) Split(decimal value)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        return (mantissa, scale);
    }
}
