using System.Globalization;
using System.Numerics;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Evm.Abi;

/// <summary>Revert data decoded against the known errors.</summary>
/// <param name="Error">The matching error, or null when the selector is unknown or the data empty.</param>
/// <param name="Arguments">The error's decoded arguments (empty when <paramref name="Error"/> is null).</param>
/// <param name="Data">The raw revert data.</param>
public sealed record DecodedRevert(AbiError? Error, IReadOnlyList<object?> Arguments, byte[] Data)
{
    /// <summary>The error's name, e.g. <c>OutOfOrder</c>; <c>Error</c> for require messages; null when unknown.</summary>
    public string? Name => Error?.Name;

    /// <summary>A line a person can read: <c>OutOfOrder(0x…, 2, 5)</c>, the require message, or the raw data.</summary>
    public string Message
    {
        get
        {
            if (Error is null)
            {
                return Data.Length == 0 ? "reverted without data" : $"unknown error {Hex.Encode(Data)}";
            }

            if (ReferenceEquals(Error, AbiError.ErrorString) || Error.Signature == AbiError.ErrorString.Signature)
            {
                return (string)Arguments[0]!;
            }

            return Error.Name + "(" + string.Join(", ", Arguments.Select(Format)) + ")";
        }
    }

    private static string Format(object? value) => value switch
    {
        byte[] bytes => Hex.Encode(bytes),
        BigInteger number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        object?[] items => "[" + string.Join(", ", items.Select(Format)) + "]",
        _ => value?.ToString() ?? "null",
    };
}
