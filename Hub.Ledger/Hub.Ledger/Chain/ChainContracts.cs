using Hub.Ledger.Evm.Abi;

namespace Hub.Ledger.Chain;

/// <summary>The parts of contracts/src the hub calls (selectors checked against solc's in Hub.Ledger.Evm.Tests).</summary>
internal static class ChainContracts
{
    public static readonly AbiFunction Anchor = AbiFunction.Parse("anchor(bytes32,uint64,bytes32[])");
    public static readonly AbiFunction AnchoredHeight = AbiFunction.Parse("anchoredHeight(bytes32)", "uint64");
    public static readonly AbiFunction RootOf = AbiFunction.Parse("rootOf(bytes32,uint64)", "bytes32");
    public static readonly AbiFunction IsOperator = AbiFunction.Parse("isOperator(bytes32,address)", "bool");
    public static readonly AbiFunction SubmitBills = AbiFunction.Parse("submitBills(bytes32,(bytes32,uint64,uint256,bytes32)[])");
    public static readonly AbiFunction SettleMany = AbiFunction.Parse("settleMany(bytes32[])", "uint256");
    public static readonly AbiFunction BillOf = AbiFunction.Parse("billOf(bytes32)", "(bytes32,uint64,uint64,uint8,uint256,bytes32)");
    public static readonly AbiFunction DisputeWindow = AbiFunction.Parse("disputeWindow()", "uint64");
    public static readonly AbiEvent Anchored = AbiEvent.Parse("Anchored(bytes32 indexed hubId, uint64 indexed height, bytes32 root)");
    public static readonly AbiEvent BillSettled = AbiEvent.Parse("BillSettled(bytes32 indexed hubId, bytes32 indexed billId, address supplier, uint256 amount)");

    /// <summary>The custom errors of the three contracts, to name a revert.</summary>
    public static readonly IReadOnlyList<AbiError> Errors =
    [
        AbiError.Parse("NotOperator(bytes32,address)"),
        AbiError.Parse("OutOfOrder(bytes32,uint64,uint64)"),
        AbiError.Parse("NoRoots()"),
        AbiError.Parse("ZeroRoot(uint64)"),
        AbiError.Parse("BillExists(bytes32)"),
        AbiError.Parse("UnknownBill(bytes32)"),
        AbiError.Parse("WrongStatus(bytes32,uint8)"),
        AbiError.Parse("NotAnchoredYet(bytes32,uint64,uint64)"),
        AbiError.Parse("InsufficientEscrow(bytes32,uint256,uint256)"),
        AbiError.Parse("ZeroAmount()"),
        AbiError.Parse("UnknownHub(bytes32)"),
        AbiError.Parse("NotHomeowner(bytes32,address)"),
        AbiError.Parse("DisputeWindowOpen(bytes32,uint64)"),
        AbiError.Parse("DisputeWindowClosed(bytes32)"),
    ];

    /// <summary>BillSettlement.Status.</summary>
    public enum BillStatus
    {
        None = 0,
        Pending = 1,
        Disputed = 2,
        Settled = 3,
        Cancelled = 4,

        /// <summary>Above the homeowner's maxBillAmount: waits for the homeowner's approval.</summary>
        AwaitingApproval = 5,
    }
}
