// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {HubRegistry} from "./HubRegistry.sol";

/// @title Anchor of the hubs' block roots.
/// @notice Each hub anchors the Merkle roots of its sealed blocks at strictly sequential heights, starting at 1.
/// Only the hub's registered operator key may anchor; a height is never anchored twice, none is skipped.
/// A reading's proof (sorted-pair Keccak-256 Merkle proof, as OpenZeppelin's MerkleProof) verifies on chain.
contract BlockAnchor {
    HubRegistry public immutable registry;

    mapping(bytes32 hubId => mapping(uint64 height => bytes32 root)) private _roots;
    mapping(bytes32 hubId => uint64) private _anchoredHeight;

    event Anchored(bytes32 indexed hubId, uint64 indexed height, bytes32 root);

    error NotOperator(bytes32 hubId, address caller);
    error OutOfOrder(bytes32 hubId, uint64 expected, uint64 given);
    error NoRoots();
    error ZeroRoot(uint64 height);

    constructor(HubRegistry registry_) {
        registry = registry_;
    }

    /// @notice Anchors roots[i] at height firstHeight + i. firstHeight must be the next height of this hub.
    function anchor(bytes32 hubId, uint64 firstHeight, bytes32[] calldata roots) external {
        if (!registry.isOperator(hubId, msg.sender)) revert NotOperator(hubId, msg.sender);
        if (roots.length == 0) revert NoRoots();
        uint64 expected = _anchoredHeight[hubId] + 1;
        if (firstHeight != expected) revert OutOfOrder(hubId, expected, firstHeight);
        for (uint256 i = 0; i < roots.length; i++) {
            uint64 height = firstHeight + uint64(i);
            if (roots[i] == bytes32(0)) revert ZeroRoot(height);
            _roots[hubId][height] = roots[i];
            emit Anchored(hubId, height, roots[i]);
        }
        _anchoredHeight[hubId] = firstHeight + uint64(roots.length) - 1;
    }

    /// @notice The highest height anchored for this hub (0 before the first anchor).
    function anchoredHeight(bytes32 hubId) external view returns (uint64) {
        return _anchoredHeight[hubId];
    }

    function rootOf(bytes32 hubId, uint64 height) external view returns (bytes32) {
        return _roots[hubId][height];
    }

    /// @notice True when `leaf` belongs to the block anchored at `height`.
    function verifyReading(bytes32 hubId, uint64 height, bytes32 leaf, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = _roots[hubId][height];
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }
}
