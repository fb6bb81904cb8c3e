using System.Text;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Chain;

/// <summary>The hub's bytes32 id in the registry, and each bill's bytes32 id in BillSettlement.</summary>
public static class HubIds
{
    /// <summary>0x and 64 hex digits as is; any other text is keccak256 of its UTF-8 (as <c>cast keccak TEXT</c>).</summary>
    public static byte[] Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.Length == 66 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Hex.Decode(text);
            }
            catch (FormatException)
            {
                // Not hex after all: a name that happens to look like one is hashed like any other.
            }
        }

        return Keccak256.Hash(Encoding.UTF8.GetBytes(text));
    }

    /// <summary><c>Chain:HubId</c> when set, else the deployment file's.</summary>
    /// <exception cref="InvalidDataException">Neither names the hub.</exception>
    public static byte[] Resolve(string? configured, ChainDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var text = string.IsNullOrWhiteSpace(configured) ? deployment.HubId : configured;
        return string.IsNullOrWhiteSpace(text)
            ? throw new InvalidDataException("Chain:HubId: is missing, and the deployment file names no hubId.")
            : Parse(text);
    }

    /// <summary>
    /// A bill's id on chain: keccak256(hubId ‖ localId), as BillSettlement.billIdOf computes it from the hub's id and
    /// the local id the hub submits (<see cref="LocalBillId"/>): no hub can take another's bill id.
    /// </summary>
    public static byte[] BillId(byte[] hubId, string billId)
    {
        ArgumentNullException.ThrowIfNull(hubId);
        return Keccak256.Hash([.. hubId, .. LocalBillId(billId)]);
    }

    /// <summary>The bill's local id as the hub submits it: keccak256 of the UTF-8 of the bill id.</summary>
    public static byte[] LocalBillId(string billId)
    {
        ArgumentNullException.ThrowIfNull(billId);
        return Keccak256.Hash(Encoding.UTF8.GetBytes(billId));
    }
}
