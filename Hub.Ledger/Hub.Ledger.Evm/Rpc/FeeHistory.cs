using System.Numerics;

namespace Hub.Ledger.Evm.Rpc;

/// <summary>eth_feeHistory: base fees (one more than blocks: the next block's), used ratios and reward percentiles.</summary>
public sealed record FeeHistory(ulong OldestBlock, IReadOnlyList<BigInteger> BaseFeePerGas, IReadOnlyList<double> GasUsedRatio, IReadOnlyList<IReadOnlyList<BigInteger>> Reward)
{
    /// <summary>The base fee of the pending block: the last entry.</summary>
    public BigInteger NextBaseFee => BaseFeePerGas.Count > 0 ? BaseFeePerGas[^1] : BigInteger.Zero;
}
