using Hub.Ledger.Crypto;

namespace Hub.Ledger.Evm.Transactions;

/// <summary>A signed transaction: its fields, signature, raw bytes (for eth_sendRawTransaction), hash and sender.</summary>
/// <param name="Transaction">The signed fields.</param>
/// <param name="Signature">r, s and the recovery id (y parity).</param>
/// <param name="Raw">The network encoding (legacy RLP list or EIP-2718 envelope).</param>
/// <param name="Hash">Keccak-256 of <paramref name="Raw"/>: the transaction hash nodes report.</param>
/// <param name="Sender">The signer's 20-byte address.</param>
public sealed record SignedTransaction(UnsignedTransaction Transaction, EcdsaSignature Signature, byte[] Raw, byte[] Hash, byte[] Sender)
{
    public string RawHex => Hex.Encode(Raw);

    public string HashHex => Hex.Encode(Hash);

    public string SenderChecksum => Secp256k1.ToChecksumAddress(Sender);
}
