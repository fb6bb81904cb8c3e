namespace Hub.Ledger.Evm.Abi;

/// <summary>Decodes revert data by selector: <c>Error(string)</c>, <c>Panic(uint256)</c> and the given custom errors.</summary>
public static class RevertDecoder
{
    public static DecodedRevert Decode(ReadOnlySpan<byte> data, IEnumerable<AbiError> customErrors)
    {
        ArgumentNullException.ThrowIfNull(customErrors);
        foreach (var error in customErrors.Prepend(AbiError.Panic).Prepend(AbiError.ErrorString))
        {
            if (error.Matches(data))
            {
                try
                {
                    return new DecodedRevert(error, error.DecodeArguments(data), data.ToArray());
                }
                catch (AbiException)
                {
                    // The selector matched but the arguments do not decode: report it as unknown data rather than fail.
                    break;
                }
            }
        }

        return new DecodedRevert(null, [], data.ToArray());
    }
}
