// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BillSettlement} from "../../src/BillSettlement.sol";

/// A supplier whose payout hook tries to settle the same bill again (and another one) while being paid.
contract ReentrantSupplier {
    BillSettlement public settlement;
    bytes32 public target;
    bool public reentered;
    bytes public failure;

    function arm(BillSettlement settlement_, bytes32 target_) external {
        settlement = settlement_;
        target = target_;
    }

    receive() external payable {
        if (address(settlement) != address(0) && !reentered) {
            reentered = true;
            try settlement.settle(target) {
                failure = "reentry succeeded";
            } catch (bytes memory reason) {
                failure = reason;
            }
        }
    }
}
