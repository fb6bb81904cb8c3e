// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./Fixture.sol";
import {BlockAnchor} from "../src/BlockAnchor.sol";

contract BlockAnchorTest is Fixture {
    event Anchored(bytes32 indexed hubId, uint64 indexed height, bytes32 root);

    function setUp() public {
        setUpRegistry();
    }

    function test_TheOperatorAnchorsSequentialHeights_SeveralPerTransaction() public {
        bytes32[] memory r = roots(3, 1);
        vm.prank(operator);
        vm.expectEmit(true, true, false, true);
        emit Anchored(HUB, 1, r[0]);
        anchors.anchor(HUB, 1, r);
        assertEq(anchors.anchoredHeight(HUB), 3, "height");
        assertEq(anchors.rootOf(HUB, 2), r[1], "root 2");

        bytes32[] memory more = roots(2, 2);
        vm.prank(operator);
        anchors.anchor(HUB, 4, more);
        assertEq(anchors.anchoredHeight(HUB), 5, "height after second batch");
        assertEq(anchors.rootOf(HUB, 5), more[1], "root 5");
    }

    function test_OnlyTheHubsOperatorAnchors() public {
        bytes32[] memory r = roots(1, 1);
        vm.prank(otherOperator);
        vm.expectRevert(abi.encodeWithSelector(BlockAnchor.NotOperator.selector, HUB, otherOperator));
        anchors.anchor(HUB, 1, r);
        vm.prank(homeowner);
        vm.expectRevert(abi.encodeWithSelector(BlockAnchor.NotOperator.selector, HUB, homeowner));
        anchors.anchor(HUB, 1, r);
    }

    function test_AReplayedAnchorIsRefused() public {
        bytes32[] memory r = roots(2, 1);
        vm.prank(operator);
        anchors.anchor(HUB, 1, r);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(BlockAnchor.OutOfOrder.selector, HUB, uint64(3), uint64(1)));
        anchors.anchor(HUB, 1, r);
        assertEq(anchors.rootOf(HUB, 1), r[0], "root unchanged");
    }

    function test_AGapIsRefused() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(BlockAnchor.OutOfOrder.selector, HUB, uint64(1), uint64(2)));
        anchors.anchor(HUB, 2, roots(1, 1));
    }

    function test_HubsHaveTheirOwnHeights() public {
        vm.prank(operator);
        anchors.anchor(HUB, 1, roots(2, 1));
        vm.prank(otherOperator);
        anchors.anchor(OTHER_HUB, 1, roots(1, 9));
        assertEq(anchors.anchoredHeight(HUB), 2, "hub 1");
        assertEq(anchors.anchoredHeight(OTHER_HUB), 1, "hub 2");
    }

    function test_ARotatedKeyLosesTheRightToAnchor() public {
        vm.prank(homeowner);
        registry.setOperator(HUB, stranger);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(BlockAnchor.NotOperator.selector, HUB, operator));
        anchors.anchor(HUB, 1, roots(1, 1));
    }

    function test_AReadingsProofVerifiesAgainstTheAnchoredRoot() public {
        // A four-leaf tree with sorted-pair hashing (docs/ledger.md; OpenZeppelin MerkleProof).
        bytes32[] memory leaves = roots(4, 7);
        bytes32 left = _pair(leaves[0], leaves[1]);
        bytes32 right = _pair(leaves[2], leaves[3]);
        bytes32[] memory r = new bytes32[](1);
        r[0] = _pair(left, right);
        vm.prank(operator);
        anchors.anchor(HUB, 1, r);

        bytes32[] memory proof = new bytes32[](2);
        proof[0] = leaves[3];
        proof[1] = left;
        assertTrue(anchors.verifyReading(HUB, 1, leaves[2], proof), "leaf 2 is in block 1");
        assertTrue(!anchors.verifyReading(HUB, 1, leaves[0], proof), "leaf 0 with leaf 2's proof is not");
        assertTrue(!anchors.verifyReading(HUB, 2, leaves[2], proof), "nothing is anchored at height 2");
    }

    function testFuzz_OnlyTheNextHeightIsAccepted(uint64 height) public {
        vm.assume(height != 1);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(BlockAnchor.OutOfOrder.selector, HUB, uint64(1), height));
        anchors.anchor(HUB, height, roots(1, 1));
    }

    function _pair(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }
}
