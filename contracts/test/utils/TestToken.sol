// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// A plain ERC-20 with an open mint, for tests only.
contract TestToken is ERC20 {
    constructor() ERC20("Test Euro", "tEUR") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
