// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./Fixture.sol";
import {BillSettlement} from "../src/BillSettlement.sol";
import {HubRegistry} from "../src/HubRegistry.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {TestToken} from "./utils/TestToken.sol";
import {ReentrantSupplier} from "./utils/ReentrantSupplier.sol";

contract BillSettlementNativeTest is Fixture {
    uint64 internal constant WINDOW = 3 days;
    BillSettlement internal settlement;

    function setUp() public {
        setUpRegistry();
        settlement = new BillSettlement(registry, anchors, IERC20(address(0)), WINDOW);
        vm.deal(homeowner, 100 ether);
        vm.prank(homeowner);
        settlement.deposit{value: 10 ether}(HUB);
    }

    function _bill(bytes32 id, uint64 height, uint256 amount) internal pure returns (BillSettlement.BillInput memory) {
        return BillSettlement.BillInput(id, height, amount, keccak256(abi.encode("bill", id)));
    }

    /// The bill's id on chain for HUB's local id.
    function _id(bytes32 local) internal pure returns (bytes32) {
        return keccak256(abi.encode(HUB, local)); // BillSettlement.billIdOf (a call here would use up a prank)
    }

    function _anchorTo(uint64 height) internal {
        uint64 next = anchors.anchoredHeight(HUB) + 1;
        vm.prank(operator);
        anchors.anchor(HUB, next, roots(height - next + 1, next));
    }

    function test_ABillSettlesOnceAnchoredAndPastTheWindow_WithExactBalances() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 5, 1.25 ether));
        _anchorTo(5);
        vm.warp(block.timestamp + WINDOW);

        uint256 supplierBefore = supplier.balance;
        vm.prank(stranger);
        settlement.settle(_id("b1"));

        assertEq(supplier.balance - supplierBefore, 1.25 ether, "supplier paid exactly");
        assertEq(settlement.escrowOf(HUB), 8.75 ether, "escrow debited exactly");
        assertEq(settlement.reservedOf(HUB), 0, "nothing reserved");
        assertEq(address(settlement).balance, 8.75 ether, "contract holds the escrow only");
        assertTrue(settlement.billOf(_id("b1")).status == BillSettlement.Status.Settled, "settled");
    }

    function test_ABillIsNeverSettledTwice() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 1 ether));
        _anchorTo(1);
        vm.warp(block.timestamp + WINDOW);
        settlement.settle(_id("b1"));
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.WrongStatus.selector, _id("b1"), BillSettlement.Status.Settled));
        settlement.settle(_id("b1"));
        assertEq(settlement.escrowOf(HUB), 9 ether, "paid once");
    }

    function test_ABillIdCannotBeReplayed() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 1 ether));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.BillExists.selector, _id("b1")));
        settlement.submitBill(HUB, _bill("b1", 1, 1 ether));
    }

    function test_OnlyTheHubsOperatorSubmitsBills() public {
        vm.prank(otherOperator);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.NotOperator.selector, HUB, otherOperator));
        settlement.submitBill(HUB, _bill("b1", 1, 1 ether));
        vm.prank(homeowner);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.NotOperator.selector, HUB, homeowner));
        settlement.submitBill(HUB, _bill("b1", 1, 1 ether));
    }

    function test_NoSettlementBeforeTheBillsBlockIsAnchored() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 3, 1 ether));
        _anchorTo(2);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.NotAnchoredYet.selector, _id("b1"), uint64(3), uint64(2)));
        settlement.settle(_id("b1"));
    }

    function test_NoSettlementWithinTheDisputeWindow() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 1 ether));
        _anchorTo(1);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.DisputeWindowOpen.selector, _id("b1"), uint64(block.timestamp + WINDOW)));
        settlement.settle(_id("b1"));
    }

    function test_ADisputedBillWaitsForTheArbiter_WhoMayCancelIt() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 2 ether));
        vm.prank(homeowner);
        settlement.dispute(_id("b1"));
        _anchorTo(1);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.WrongStatus.selector, _id("b1"), BillSettlement.Status.Disputed));
        settlement.settle(_id("b1"));

        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.NotArbiter.selector, stranger));
        settlement.resolve(_id("b1"), true);

        vm.prank(admin);
        settlement.resolve(_id("b1"), false);
        assertEq(settlement.escrowOf(HUB), 10 ether, "nothing paid");
        assertEq(settlement.reservedOf(HUB), 0, "reservation released");
    }

    function test_TheArbiterMayPayADisputedBill() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 2 ether));
        vm.prank(homeowner);
        settlement.dispute(_id("b1"));
        uint256 before = supplier.balance;
        vm.prank(admin);
        settlement.resolve(_id("b1"), true);
        assertEq(supplier.balance - before, 2 ether, "paid after arbitration");
    }

    function test_OnlyTheHomeownerDisputes_AndOnlyWithinTheWindow() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 1 ether));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.NotHomeowner.selector, HUB, stranger));
        settlement.dispute(_id("b1"));
        vm.warp(block.timestamp + WINDOW);
        vm.prank(homeowner);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.DisputeWindowClosed.selector, _id("b1")));
        settlement.dispute(_id("b1"));
    }

    function test_TheHomeownerWithdrawsOnlyWhatNoBillWaitsFor() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 4 ether));
        vm.prank(homeowner);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.InsufficientEscrow.selector, HUB, 6 ether, 7 ether));
        settlement.withdraw(HUB, 7 ether);
        uint256 before = homeowner.balance;
        vm.prank(homeowner);
        settlement.withdraw(HUB, 6 ether);
        assertEq(homeowner.balance - before, 6 ether, "withdrawn");
        assertEq(settlement.escrowOf(HUB), 4 ether, "bill still covered");
    }

    function test_AnUnderfundedBillDoesNotSettle() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 11 ether));
        _anchorTo(1);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.InsufficientEscrow.selector, HUB, 10 ether, 11 ether));
        settlement.settle(_id("b1"));
    }

    function test_BatchMode_AHundredAndFiftyBillsSubmittedAndSettledInOneTransactionEach() public {
        BillSettlement.BillInput[] memory bills = new BillSettlement.BillInput[](150);
        bytes32[] memory ids = new bytes32[](150);
        for (uint256 i = 0; i < 150; i++) {
            bytes32 local = keccak256(abi.encode("bill", i));
            bills[i] = _bill(local, 1, 0.01 ether);
            ids[i] = settlement.billIdOf(HUB, local);
        }
        vm.prank(operator);
        settlement.submitBills(HUB, bills);
        _anchorTo(1);
        vm.warp(block.timestamp + WINDOW);
        uint256 before = supplier.balance;
        uint256 settled = settlement.settleMany(ids);
        assertEq(settled, 150, "all settled");
        assertEq(supplier.balance - before, 1.5 ether, "paid exactly");
        assertEq(settlement.settleMany(ids), 0, "a second batch settles nothing");
        assertEq(supplier.balance - before, 1.5 ether, "nothing paid twice");
    }

    function test_ASupplierCannotReenterToBePaidTwice() public {
        ReentrantSupplier evil = new ReentrantSupplier();
        bytes32 hub = keccak256("evil-hub");
        vm.prank(admin);
        registry.registerHub(hub, operator, homeowner, address(evil));
        vm.prank(homeowner);
        settlement.deposit{value: 5 ether}(hub);
        vm.prank(operator);
        settlement.submitBill(hub, _bill("e1", 1, 1 ether));
        vm.prank(operator);
        settlement.submitBill(hub, _bill("e2", 1, 1 ether));
        vm.prank(operator);
        anchors.anchor(hub, 1, roots(1, 1));
        vm.warp(block.timestamp + WINDOW);
        evil.arm(settlement, keccak256(abi.encode(hub, bytes32("e2"))));

        settlement.settle(keccak256(abi.encode(hub, bytes32("e1"))));
        assertTrue(evil.reentered(), "the supplier tried");
        assertEq(keccak256(evil.failure()), keccak256(abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector)), "blocked by the guard");
        assertEq(address(evil).balance, 1 ether, "paid once");
        assertEq(settlement.escrowOf(hub), 4 ether, "escrow exact");
        assertTrue(settlement.billOf(keccak256(abi.encode(hub, bytes32("e2")))).status == BillSettlement.Status.Pending, "e2 untouched");
    }

    // ---- issue 16: bills a dishonest hub cannot push through

    function test_ABillIdIsTheHubsOwn_AnotherHubCannotSquatIt() public {
        // OTHER_HUB submits first under HUB's next local id: it gets its own bill id, not HUB's.
        vm.prank(otherOperator);
        settlement.submitBill(OTHER_HUB, _bill("b1", 1, 1 ether));
        bytes32 local = "b1";
        assertEq(settlement.billIdOf(HUB, local), keccak256(abi.encode(HUB, local)), "keccak(hubId, localId)");
        assertTrue(settlement.billOf(_id("b1")).status == BillSettlement.Status.None, "HUB's id is still free");
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 2 ether));
        assertEq(settlement.billOf(_id("b1")).amount, 2 ether, "HUB's bill is HUB's");
        assertEq(settlement.billOf(keccak256(abi.encode(OTHER_HUB, local))).hubId, OTHER_HUB, "the squatter's bill is its own");
    }

    function test_ABillAboveTheHomeownersCapWaitsForApproval() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.NotHomeowner.selector, HUB, operator));
        settlement.setMaxBillAmount(HUB, 100 ether); // the hub cannot raise the cap
        vm.prank(homeowner);
        settlement.setMaxBillAmount(HUB, 1 ether);

        vm.prank(operator);
        settlement.submitBill(HUB, _bill("big", 1, 5 ether));
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("ok", 1, 1 ether)); // at the cap: not above it
        _anchorTo(1);
        assertTrue(settlement.billOf(_id("big")).status == BillSettlement.Status.AwaitingApproval, "awaits approval");
        assertTrue(settlement.billOf(_id("ok")).status == BillSettlement.Status.Pending, "within the cap");

        vm.warp(block.timestamp + WINDOW + 1 days);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.WrongStatus.selector, _id("big"), BillSettlement.Status.AwaitingApproval));
        settlement.settle(_id("big"));
        bytes32[] memory both = new bytes32[](2);
        both[0] = _id("big");
        both[1] = _id("ok");
        uint256 before = supplier.balance;
        assertEq(settlement.settleMany(both), 1, "the batch skips the bill awaiting approval");
        assertEq(supplier.balance - before, 1 ether, "only the bill within the cap paid");

        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.NotHomeowner.selector, HUB, operator));
        settlement.approve(_id("big"));
        vm.prank(homeowner);
        settlement.approve(_id("big"));
        // The dispute window starts at the approval.
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.DisputeWindowOpen.selector, _id("big"), uint64(block.timestamp + WINDOW)));
        settlement.settle(_id("big"));
        vm.warp(block.timestamp + WINDOW);
        settlement.settle(_id("big"));
        assertEq(supplier.balance - before, 6 ether, "paid after approval");
    }

    function test_ABillAwaitingApprovalCanBeDisputed_AndIsNotPaid() public {
        vm.prank(homeowner);
        settlement.setMaxBillAmount(HUB, 1 ether);
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("big", 1, 5 ether));
        _anchorTo(1);
        vm.warp(block.timestamp + WINDOW * 10); // no window for a bill nobody approved
        vm.prank(homeowner);
        settlement.dispute(_id("big"));
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = _id("big");
        assertEq(settlement.settleMany(ids), 0, "not paid");
        vm.prank(admin);
        settlement.resolve(_id("big"), false);
        assertEq(settlement.reservedOf(HUB), 0, "released");
        assertEq(settlement.escrowOf(HUB), 10 ether, "escrow whole");
    }

    function test_ADisputedBillIsNotPaid_NotEvenInABatch() public {
        vm.prank(operator);
        settlement.submitBill(HUB, _bill("b1", 1, 1 ether));
        _anchorTo(1);
        vm.prank(homeowner);
        settlement.dispute(_id("b1"));
        vm.warp(block.timestamp + WINDOW);
        uint256 before = supplier.balance;
        vm.expectRevert(abi.encodeWithSelector(BillSettlement.WrongStatus.selector, _id("b1"), BillSettlement.Status.Disputed));
        settlement.settle(_id("b1"));
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = _id("b1");
        assertEq(settlement.settleMany(ids), 0, "skipped");
        assertEq(supplier.balance, before, "the supplier got nothing");
        assertEq(settlement.escrowOf(HUB), 10 ether, "escrow untouched");
    }

    function test_NativeEscrowRefusesTokenDeposits() public {
        vm.expectRevert(BillSettlement.WrongCurrency.selector);
        settlement.depositToken(HUB, 1);
    }

    function test_DepositsForUnknownHubsAreRefused() public {
        vm.prank(homeowner);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.UnknownHub.selector, keccak256("nobody")));
        settlement.deposit{value: 1 ether}(keccak256("nobody"));
    }
}

contract BillSettlementTokenTest is Fixture {
    BillSettlement internal settlement;
    TestToken internal euro;

    function setUp() public {
        setUpRegistry();
        euro = new TestToken();
        settlement = new BillSettlement(registry, anchors, euro, 0);
        euro.mint(homeowner, 1_000e18);
        vm.startPrank(homeowner);
        euro.approve(address(settlement), type(uint256).max);
        settlement.depositToken(HUB, 100e18);
        vm.stopPrank();
    }

    function _id(bytes32 local) internal pure returns (bytes32) {
        return keccak256(abi.encode(HUB, local)); // BillSettlement.billIdOf (a call here would use up a prank)
    }

    function test_ATokenBillPaysTheSupplierExactly() public {
        vm.prank(operator);
        settlement.submitBill(HUB, BillSettlement.BillInput("t1", 1, 37.42e18, keccak256("t1")));
        vm.prank(operator);
        anchors.anchor(HUB, 1, roots(1, 1));
        settlement.settle(_id("t1"));
        assertEq(euro.balanceOf(supplier), 37.42e18, "supplier");
        assertEq(euro.balanceOf(address(settlement)), 62.58e18, "contract");
        assertEq(settlement.escrowOf(HUB), 62.58e18, "escrow");
        assertEq(euro.balanceOf(homeowner), 900e18, "homeowner");
    }

    function test_TokenEscrowRefusesNativeDeposits() public {
        vm.deal(homeowner, 1 ether);
        vm.prank(homeowner);
        vm.expectRevert(BillSettlement.WrongCurrency.selector);
        settlement.deposit{value: 1 ether}(HUB);
    }
}
