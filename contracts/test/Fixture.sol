// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {HubRegistry} from "../src/HubRegistry.sol";
import {BlockAnchor} from "../src/BlockAnchor.sol";

abstract contract Fixture is Test {
    bytes32 internal constant HUB = keccak256("hub-1");
    bytes32 internal constant OTHER_HUB = keccak256("hub-2");
    address internal admin = vm.addr(1);
    address internal operator = vm.addr(2);
    address internal homeowner = vm.addr(3);
    address internal supplier = vm.addr(4);
    address internal stranger = vm.addr(5);
    address internal otherOperator = vm.addr(6);

    HubRegistry internal registry;
    BlockAnchor internal anchors;

    function setUpRegistry() internal {
        registry = new HubRegistry(admin);
        anchors = new BlockAnchor(registry);
        vm.startPrank(admin);
        registry.registerHub(HUB, operator, homeowner, supplier);
        registry.registerHub(OTHER_HUB, otherOperator, stranger, supplier);
        vm.stopPrank();
    }

    function roots(uint256 n, uint256 salt) internal pure returns (bytes32[] memory r) {
        r = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            r[i] = keccak256(abi.encode(salt, i));
        }
    }
}
