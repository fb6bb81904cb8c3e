// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title Registry of SmartMeter hubs and their meters' keys.
/// @notice The registry's owner (the operator of the scheme, e.g. a cooperative) registers a hub with the address
/// of the hub's own key (which signs anchors and bills) and its homeowner. The homeowner may rotate the hub key;
/// the hub or the homeowner registers the keys of the home's meters.
contract HubRegistry is Ownable {
    struct Hub {
        address operator; // the hub's key: may anchor blocks and submit bills for this home
        address homeowner; // pays the bills, may dispute them, may rotate the hub key
        address supplier; // receives bill payments
        bool active;
    }

    mapping(bytes32 hubId => Hub) private _hubs;
    mapping(bytes32 hubId => mapping(bytes32 meterId => address key)) private _meterKeys;

    event HubRegistered(bytes32 indexed hubId, address operator, address homeowner, address supplier);
    event HubOperatorChanged(bytes32 indexed hubId, address operator);
    event HubDeactivated(bytes32 indexed hubId);
    event MeterKeySet(bytes32 indexed hubId, bytes32 indexed meterId, address key);

    error HubExists(bytes32 hubId);
    error UnknownHub(bytes32 hubId);
    error NotHubOperatorOrHomeowner(bytes32 hubId, address caller);
    error NotHomeowner(bytes32 hubId, address caller);
    error ZeroAddress();

    constructor(address initialOwner) Ownable(initialOwner) {}

    function registerHub(bytes32 hubId, address operator, address homeowner, address supplier) external onlyOwner {
        if (operator == address(0) || homeowner == address(0) || supplier == address(0)) revert ZeroAddress();
        if (_hubs[hubId].operator != address(0)) revert HubExists(hubId);
        _hubs[hubId] = Hub(operator, homeowner, supplier, true);
        emit HubRegistered(hubId, operator, homeowner, supplier);
    }

    /// @notice The homeowner replaces a lost or compromised hub key.
    function setOperator(bytes32 hubId, address operator) external {
        Hub storage hub = _active(hubId);
        if (msg.sender != hub.homeowner) revert NotHomeowner(hubId, msg.sender);
        if (operator == address(0)) revert ZeroAddress();
        hub.operator = operator;
        emit HubOperatorChanged(hubId, operator);
    }

    function deactivate(bytes32 hubId) external onlyOwner {
        _active(hubId).active = false;
        emit HubDeactivated(hubId);
    }

    function setMeterKey(bytes32 hubId, bytes32 meterId, address key) external {
        Hub storage hub = _active(hubId);
        if (msg.sender != hub.operator && msg.sender != hub.homeowner) revert NotHubOperatorOrHomeowner(hubId, msg.sender);
        _meterKeys[hubId][meterId] = key;
        emit MeterKeySet(hubId, meterId, key);
    }

    function hubOf(bytes32 hubId) external view returns (Hub memory) {
        return _hubs[hubId];
    }

    function meterKey(bytes32 hubId, bytes32 meterId) external view returns (address) {
        return _meterKeys[hubId][meterId];
    }

    function isOperator(bytes32 hubId, address who) public view returns (bool) {
        Hub storage hub = _hubs[hubId];
        return hub.active && hub.operator == who;
    }

    function _active(bytes32 hubId) private view returns (Hub storage hub) {
        hub = _hubs[hubId];
        if (!hub.active) revert UnknownHub(hubId);
    }
}
