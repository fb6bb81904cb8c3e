using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Transactions;

namespace Hub.Ledger.Evm.Rpc;

/// <summary>
/// Builds, signs and sends EIP-1559 transactions from one key: the nonce from eth_getTransactionCount("pending"),
/// gas from eth_estimateGas plus a margin, fees from eth_feeHistory and eth_maxPriorityFeePerGas
/// (maxFee = 2·nextBaseFee + tip, the usual wallet rule). Nonce tracking across restarts is the caller's (chain sync).
/// </summary>
public sealed class TransactionSender
{
    private readonly EthRpcClient _rpc;
    private readonly Secp256k1Key _key;

    public TransactionSender(EthRpcClient rpc, Secp256k1Key key, ulong chainId)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(key);
        _rpc = rpc;
        _key = key;
        ChainId = chainId;
    }

    public ulong ChainId { get; }

    public string Address => _key.ChecksumAddress;

    /// <summary>Gas estimate × (1 + margin): estimates are exact for the state they ran on, which may move.</summary>
    public double GasMargin { get; init; } = 0.2;

    /// <summary>Builds and signs a transaction without sending it.</summary>
    public async Task<SignedTransaction> SignAsync(string? to, byte[] data, BigInteger value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var nonce = await _rpc.GetTransactionCountAsync(Address, "pending", cancellationToken).ConfigureAwait(false);
        var gas = await _rpc.EstimateGasAsync(new CallRequest { From = Address, To = to, Data = data, Value = value }, cancellationToken).ConfigureAwait(false);
        var history = await _rpc.GetFeeHistoryAsync(1, "latest", null, cancellationToken).ConfigureAwait(false);
        var tip = await _rpc.GetMaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        var tx = new Eip1559Transaction
        {
            ChainId = ChainId,
            Nonce = nonce,
            GasLimit = (ulong)(gas * (1 + GasMargin)),
            MaxPriorityFeePerGas = tip,
            MaxFeePerGas = (history.NextBaseFee * 2) + tip,
            To = to is null ? null : Hex.Decode(to),
            Value = value,
            Data = data,
        };
        return tx.Sign(_key);
    }

    /// <summary>Signs, sends and waits for the receipt; a mined revert is a <see cref="TransactionRevertedException"/>.</summary>
    public async Task<TransactionReceipt> SendAsync(string? to, byte[] data, BigInteger value, TimeSpan receiptTimeout, CancellationToken cancellationToken = default)
    {
        var signed = await SignAsync(to, data, value, cancellationToken).ConfigureAwait(false);
        await _rpc.SendRawTransactionAsync(signed.Raw, cancellationToken).ConfigureAwait(false);
        var receipt = await _rpc.WaitForReceiptAsync(signed.Hash, receiptTimeout, null, cancellationToken).ConfigureAwait(false);
        return receipt.Succeeded ? receipt : throw new TransactionRevertedException(receipt) { Method = "eth_sendRawTransaction" };
    }

    /// <summary>Deploys <paramref name="bytecode"/> ‖ <paramref name="constructorArguments"/>; returns the contract's address.</summary>
    public async Task<string> DeployAsync(byte[] bytecode, byte[] constructorArguments, TimeSpan receiptTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytecode);
        ArgumentNullException.ThrowIfNull(constructorArguments);
        var receipt = await SendAsync(null, [.. bytecode, .. constructorArguments], BigInteger.Zero, receiptTimeout, cancellationToken).ConfigureAwait(false);
        return receipt.ContractAddress ?? throw new RpcResponseException("eth_getTransactionReceipt: a contract creation's receipt has no contractAddress.");
    }
}
