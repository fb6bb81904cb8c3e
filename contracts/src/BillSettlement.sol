// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {HubRegistry} from "./HubRegistry.sol";
import {BlockAnchor} from "./BlockAnchor.sol";

/// @title Settlement of hub-issued bills from a homeowner's escrow.
/// @notice The homeowner pre-funds an escrow for the home's hub, in one ERC-20 token or in the native coin
/// (token == address(0)). The hub submits each bill: its local id (the bill's id on chain is
/// keccak256(hubId, localId), so no hub can take another's), the height of the block that seals the bill's last
/// reading, the amount and the hash of the bill document. Once that block is anchored and the dispute window has
/// passed, anyone may settle the bill: the supplier is paid from the escrow, exactly once. Within the window the
/// homeowner may dispute: a disputed bill is not paid unless the registry's owner resolves the dispute so. A bill
/// above the homeowner's cap (maxBillAmount, set by the homeowner) waits for the homeowner's approval; the dispute
/// window starts at the approval.
contract BillSettlement is ReentrancyGuard {
    using SafeERC20 for IERC20;

    enum Status {
        None,
        Pending,
        Disputed,
        Settled,
        Cancelled,
        AwaitingApproval
    }

    struct Bill {
        bytes32 hubId;
        uint64 blockHeight;
        uint64 submittedAt;
        Status status;
        uint256 amount;
        bytes32 billHash;
    }

    struct BillInput {
        bytes32 localId; // the hub's own id for the bill; the bill's id is billIdOf(hubId, localId)
        uint64 blockHeight;
        uint256 amount;
        bytes32 billHash;
    }

    HubRegistry public immutable registry;
    BlockAnchor public immutable anchors;
    IERC20 public immutable token;
    uint64 public immutable disputeWindow;

    mapping(bytes32 billId => Bill) private _bills;
    mapping(bytes32 hubId => uint256) public escrowOf;
    mapping(bytes32 hubId => uint256) public reservedOf;
    /// @notice The homeowner's cap: a bill above it waits for the homeowner's approval (0: no cap).
    mapping(bytes32 hubId => uint256) public maxBillAmountOf;

    event Deposited(bytes32 indexed hubId, address indexed from, uint256 amount);
    event Withdrawn(bytes32 indexed hubId, address indexed to, uint256 amount);
    event BillSubmitted(bytes32 indexed hubId, bytes32 indexed billId, uint64 blockHeight, uint256 amount, bytes32 billHash);
    event BillDisputed(bytes32 indexed hubId, bytes32 indexed billId);
    event BillResolved(bytes32 indexed hubId, bytes32 indexed billId, bool paid);
    event BillSettled(bytes32 indexed hubId, bytes32 indexed billId, address supplier, uint256 amount);
    event BillAwaitingApproval(bytes32 indexed hubId, bytes32 indexed billId, uint256 amount, uint256 cap);
    event BillApproved(bytes32 indexed hubId, bytes32 indexed billId);
    event MaxBillAmountSet(bytes32 indexed hubId, uint256 amount);

    error NotOperator(bytes32 hubId, address caller);
    error NotHomeowner(bytes32 hubId, address caller);
    error NotArbiter(address caller);
    error BillExists(bytes32 billId);
    error UnknownBill(bytes32 billId);
    error WrongStatus(bytes32 billId, Status status);
    error NotAnchoredYet(bytes32 billId, uint64 blockHeight, uint64 anchoredHeight);
    error DisputeWindowOpen(bytes32 billId, uint64 until);
    error DisputeWindowClosed(bytes32 billId);
    error InsufficientEscrow(bytes32 hubId, uint256 available, uint256 needed);
    error WrongCurrency();
    error ZeroAmount();

    constructor(HubRegistry registry_, BlockAnchor anchors_, IERC20 token_, uint64 disputeWindow_) {
        registry = registry_;
        anchors = anchors_;
        token = token_;
        disputeWindow = disputeWindow_;
    }

    // ---- escrow

    function deposit(bytes32 hubId) external payable {
        if (address(token) != address(0)) revert WrongCurrency();
        if (msg.value == 0) revert ZeroAmount();
        _knownHub(hubId);
        escrowOf[hubId] += msg.value;
        emit Deposited(hubId, msg.sender, msg.value);
    }

    function depositToken(bytes32 hubId, uint256 amount) external nonReentrant {
        if (address(token) == address(0)) revert WrongCurrency();
        if (amount == 0) revert ZeroAmount();
        _knownHub(hubId);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        // Credit what arrived, not what was asked: fee-on-transfer tokens must not inflate the escrow.
        uint256 received = token.balanceOf(address(this)) - before;
        escrowOf[hubId] += received;
        emit Deposited(hubId, msg.sender, received);
    }

    /// @notice The homeowner takes back escrow that no submitted bill is waiting for.
    function withdraw(bytes32 hubId, uint256 amount) external nonReentrant {
        HubRegistry.Hub memory hub = registry.hubOf(hubId);
        if (msg.sender != hub.homeowner) revert NotHomeowner(hubId, msg.sender);
        uint256 free = escrowOf[hubId] - reservedOf[hubId];
        if (amount > free) revert InsufficientEscrow(hubId, free, amount);
        escrowOf[hubId] -= amount;
        _pay(payable(msg.sender), amount);
        emit Withdrawn(hubId, msg.sender, amount);
    }

    // ---- bills

    /// @notice The bill's id on chain: keccak256(abi.encode(hubId, localId)), i.e. keccak256(hubId ‖ localId).
    function billIdOf(bytes32 hubId, bytes32 localId) public pure returns (bytes32) {
        return keccak256(abi.encode(hubId, localId));
    }

    /// @notice The homeowner caps what one bill may take without the homeowner's approval (0: no cap).
    function setMaxBillAmount(bytes32 hubId, uint256 amount) external {
        if (msg.sender != registry.hubOf(hubId).homeowner) revert NotHomeowner(hubId, msg.sender);
        maxBillAmountOf[hubId] = amount;
        emit MaxBillAmountSet(hubId, amount);
    }

    /// @notice The homeowner accepts a bill above the cap: it becomes pending, and its dispute window starts now.
    function approve(bytes32 billId) external {
        Bill storage bill = _bill(billId);
        if (msg.sender != registry.hubOf(bill.hubId).homeowner) revert NotHomeowner(bill.hubId, msg.sender);
        if (bill.status != Status.AwaitingApproval) revert WrongStatus(billId, bill.status);
        bill.status = Status.Pending;
        // forge-lint: disable-next-line(unsafe-typecast)
        bill.submittedAt = uint64(block.timestamp);
        emit BillApproved(bill.hubId, billId);
    }

    function submitBill(bytes32 hubId, BillInput calldata bill) external {
        _onlyOperator(hubId);
        _submit(hubId, bill);
    }

    /// @notice Several bills in one transaction (batch mode).
    function submitBills(bytes32 hubId, BillInput[] calldata bills) external {
        _onlyOperator(hubId);
        for (uint256 i = 0; i < bills.length; i++) {
            _submit(hubId, bills[i]);
        }
    }

    /// @notice The homeowner disputes a pending bill within the window, or a bill awaiting approval at any time.
    function dispute(bytes32 billId) external {
        Bill storage bill = _bill(billId);
        if (msg.sender != registry.hubOf(bill.hubId).homeowner) revert NotHomeowner(bill.hubId, msg.sender);
        if (bill.status != Status.Pending && bill.status != Status.AwaitingApproval) revert WrongStatus(billId, bill.status);
        if (bill.status == Status.Pending && block.timestamp >= uint256(bill.submittedAt) + disputeWindow) revert DisputeWindowClosed(billId);
        bill.status = Status.Disputed;
        emit BillDisputed(bill.hubId, billId);
    }

    /// @notice The registry's owner ends a dispute: pay the supplier now, or cancel the bill.
    function resolve(bytes32 billId, bool pay) external nonReentrant {
        if (msg.sender != registry.owner()) revert NotArbiter(msg.sender);
        Bill storage bill = _bill(billId);
        if (bill.status != Status.Disputed) revert WrongStatus(billId, bill.status);
        emit BillResolved(bill.hubId, billId, pay);
        if (pay) {
            _settle(billId, bill);
        } else {
            bill.status = Status.Cancelled;
            reservedOf[bill.hubId] -= bill.amount;
        }
    }

    function settle(bytes32 billId) external nonReentrant {
        Bill storage bill = _bill(billId);
        _checkSettleable(billId, bill);
        _settle(billId, bill);
    }

    /// @notice Settles every bill that can be settled now; skips the others (batch mode). Returns how many settled.
    function settleMany(bytes32[] calldata billIds) external nonReentrant returns (uint256 settled) {
        for (uint256 i = 0; i < billIds.length; i++) {
            Bill storage bill = _bills[billIds[i]];
            if (bill.status != Status.Pending) continue;
            if (block.timestamp < uint256(bill.submittedAt) + disputeWindow) continue;
            if (anchors.anchoredHeight(bill.hubId) < bill.blockHeight) continue;
            _settle(billIds[i], bill);
            settled++;
        }
    }

    function billOf(bytes32 billId) external view returns (Bill memory) {
        return _bills[billId];
    }

    // ---- internals

    function _submit(bytes32 hubId, BillInput calldata input) private {
        if (input.amount == 0) revert ZeroAmount();
        bytes32 billId = billIdOf(hubId, input.localId);
        if (_bills[billId].status != Status.None) revert BillExists(billId);
        uint256 cap = maxBillAmountOf[hubId];
        Status status = cap != 0 && input.amount > cap ? Status.AwaitingApproval : Status.Pending;
        // uint64 seconds last until the year 584 billion.
        // forge-lint: disable-next-line(unsafe-typecast)
        _bills[billId] = Bill(hubId, input.blockHeight, uint64(block.timestamp), status, input.amount, input.billHash);
        reservedOf[hubId] += input.amount;
        emit BillSubmitted(hubId, billId, input.blockHeight, input.amount, input.billHash);
        if (status == Status.AwaitingApproval) emit BillAwaitingApproval(hubId, billId, input.amount, cap);
    }

    function _checkSettleable(bytes32 billId, Bill storage bill) private view {
        if (bill.status != Status.Pending) revert WrongStatus(billId, bill.status);
        uint64 until = bill.submittedAt + disputeWindow;
        if (block.timestamp < until) revert DisputeWindowOpen(billId, until);
        uint64 anchored = anchors.anchoredHeight(bill.hubId);
        if (anchored < bill.blockHeight) revert NotAnchoredYet(billId, bill.blockHeight, anchored);
    }

    /// Checks-effects-interactions: the bill is marked settled and the escrow debited before any transfer.
    function _settle(bytes32 billId, Bill storage bill) private {
        uint256 escrow = escrowOf[bill.hubId];
        if (escrow < bill.amount) revert InsufficientEscrow(bill.hubId, escrow, bill.amount);
        bill.status = Status.Settled;
        escrowOf[bill.hubId] = escrow - bill.amount;
        reservedOf[bill.hubId] -= bill.amount;
        address supplier = registry.hubOf(bill.hubId).supplier;
        _pay(payable(supplier), bill.amount);
        emit BillSettled(bill.hubId, billId, supplier, bill.amount);
    }

    function _pay(address payable to, uint256 amount) private {
        if (address(token) == address(0)) {
            Address.sendValue(to, amount);
        } else {
            token.safeTransfer(to, amount);
        }
    }

    function _bill(bytes32 billId) private view returns (Bill storage bill) {
        bill = _bills[billId];
        if (bill.status == Status.None) revert UnknownBill(billId);
    }

    function _onlyOperator(bytes32 hubId) private view {
        if (!registry.isOperator(hubId, msg.sender)) revert NotOperator(hubId, msg.sender);
    }

    function _knownHub(bytes32 hubId) private view {
        if (!registry.hubOf(hubId).active) revert HubRegistry.UnknownHub(hubId);
    }
}
