// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./Fixture.sol";
import {HubRegistry} from "../src/HubRegistry.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract HubRegistryTest is Fixture {
    function setUp() public {
        setUpRegistry();
    }

    function test_RegisteredHubHasItsOperatorHomeownerAndSupplier() public view {
        HubRegistry.Hub memory hub = registry.hubOf(HUB);
        assertEq(hub.operator, operator, "operator");
        assertEq(hub.homeowner, homeowner, "homeowner");
        assertEq(hub.supplier, supplier, "supplier");
        assertTrue(registry.isOperator(HUB, operator), "operator is operator");
        assertTrue(!registry.isOperator(HUB, otherOperator), "another hub's operator is not");
    }

    function test_OnlyTheOwnerRegistersHubs() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        registry.registerHub(keccak256("hub-3"), operator, homeowner, supplier);
    }

    function test_AHubIdCannotBeRegisteredTwice() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.HubExists.selector, HUB));
        registry.registerHub(HUB, stranger, stranger, stranger);
    }

    function test_TheHomeownerRotatesTheHubKey_NobodyElse() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.NotHomeowner.selector, HUB, operator));
        registry.setOperator(HUB, stranger);

        vm.prank(homeowner);
        registry.setOperator(HUB, stranger);
        assertTrue(registry.isOperator(HUB, stranger), "new key");
        assertTrue(!registry.isOperator(HUB, operator), "old key revoked");
    }

    function test_MeterKeysAreSetByTheHubOrTheHomeowner() public {
        bytes32 meter = keccak256("house");
        vm.prank(operator);
        registry.setMeterKey(HUB, meter, address(0xBEEF));
        assertEq(registry.meterKey(HUB, meter), address(0xBEEF), "set by operator");

        vm.prank(otherOperator);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.NotHubOperatorOrHomeowner.selector, HUB, otherOperator));
        registry.setMeterKey(HUB, meter, address(0xBAD));
    }

    function test_ADeactivatedHubHasNoOperator() public {
        vm.prank(admin);
        registry.deactivate(HUB);
        assertTrue(!registry.isOperator(HUB, operator), "inactive");
    }
}
