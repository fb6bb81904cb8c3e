// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title Registry of SmartMeter hubs and their meters' keys.
/// @notice The registry's owner (the operator of the scheme, e.g. a cooperative) registers a hub with the address
/// of the hub's own key (which signs anchors and bills) and its homeowner. The homeowner may rotate the hub key.
/// A meter's key is either set by the hub itself (setMeterKey: the hub vouches for its own meter, which binds
/// nobody but the hub) or registered by the meter registrar (registerMeter: the grid operator or the installer's
/// company vouches that this key is the meter at this connection point, of this hub); a vouched meter's key cannot
/// be changed by the hub or its homeowner, and one key or connection point serves one meter only (docs/market.md
/// "Trust model").
contract HubRegistry is Ownable {
    struct Hub {
        address operator; // the hub's key: may anchor blocks and submit bills for this home
        address homeowner; // pays the bills, may dispute them, may rotate the hub key
        address supplier; // receives bill payments
        bool active;
    }

    mapping(bytes32 hubId => Hub) private _hubs;
    mapping(bytes32 hubId => mapping(bytes32 meterId => address key)) private _meterKeys;
    mapping(bytes32 hubId => mapping(bytes32 meterId => bytes32 connectionPoint)) private _vouchedAt;
    mapping(address key => bool) private _keyVouched;
    mapping(bytes32 connectionPoint => bool) private _pointVouched;

    /// @notice Registers (vouches for) meters: set by the owner; the owner at deployment until changed.
    address public registrar;

    event HubRegistered(bytes32 indexed hubId, address operator, address homeowner, address supplier);
    event HubOperatorChanged(bytes32 indexed hubId, address operator);
    event HubDeactivated(bytes32 indexed hubId);
    event MeterKeySet(bytes32 indexed hubId, bytes32 indexed meterId, address key);
    event RegistrarChanged(address registrar);
    event MeterVouched(bytes32 indexed hubId, bytes32 indexed meterId, address key, bytes32 indexed connectionPoint, string connectionPointId);
    event MeterRevoked(bytes32 indexed hubId, bytes32 indexed meterId);

    error HubExists(bytes32 hubId);
    error UnknownHub(bytes32 hubId);
    error NotHubOperatorOrHomeowner(bytes32 hubId, address caller);
    error NotHomeowner(bytes32 hubId, address caller);
    error ZeroAddress();
    error NotRegistrar(address caller);
    error MeterIsVouched(bytes32 hubId, bytes32 meterId);
    error NotVouched(bytes32 hubId, bytes32 meterId);
    error KeyInUse(address key);
    error ConnectionPointInUse(bytes32 connectionPoint);
    error EmptyConnectionPoint();

    constructor(address initialOwner) Ownable(initialOwner) {
        registrar = initialOwner;
        emit RegistrarChanged(initialOwner);
    }

    /// @notice The owner names the meter registrar (e.g. the grid operator): a role of its own, not a hub's.
    function setRegistrar(address registrar_) external onlyOwner {
        if (registrar_ == address(0)) revert ZeroAddress();
        registrar = registrar_;
        emit RegistrarChanged(registrar_);
    }

    /// @notice The registrar vouches for a meter: its key (the address of the meter's own secp256k1 key, as the
    /// meter prints it) belongs to `meterId` (keccak256 of the id the hub gives it) of hub `hubId`, installed at the
    /// connection point `connectionPointId` (e.g. the grid's metering point id). Replaces the hub's own entry; the
    /// hub cannot change it afterwards. A key or a connection point already vouched for elsewhere is refused.
    function registerMeter(bytes32 hubId, bytes32 meterId, address key, string calldata connectionPointId) external {
        if (msg.sender != registrar) revert NotRegistrar(msg.sender);
        _active(hubId);
        if (key == address(0)) revert ZeroAddress();
        if (bytes(connectionPointId).length == 0) revert EmptyConnectionPoint();
        if (_vouchedAt[hubId][meterId] != bytes32(0)) revert MeterIsVouched(hubId, meterId);
        bytes32 point = keccak256(bytes(connectionPointId));
        if (_keyVouched[key]) revert KeyInUse(key);
        if (_pointVouched[point]) revert ConnectionPointInUse(point);
        _keyVouched[key] = true;
        _pointVouched[point] = true;
        _vouchedAt[hubId][meterId] = point;
        _meterKeys[hubId][meterId] = key;
        emit MeterKeySet(hubId, meterId, key);
        emit MeterVouched(hubId, meterId, key, point, connectionPointId);
    }

    /// @notice The registrar withdraws its word for a meter (replaced, removed, tampered with): the meter is
    /// unregistered, its key and connection point free again.
    function revokeMeter(bytes32 hubId, bytes32 meterId) external {
        if (msg.sender != registrar) revert NotRegistrar(msg.sender);
        bytes32 point = _vouchedAt[hubId][meterId];
        if (point == bytes32(0)) revert NotVouched(hubId, meterId);
        delete _keyVouched[_meterKeys[hubId][meterId]];
        delete _pointVouched[point];
        delete _vouchedAt[hubId][meterId];
        delete _meterKeys[hubId][meterId];
        emit MeterKeySet(hubId, meterId, address(0));
        emit MeterRevoked(hubId, meterId);
    }

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
        if (_vouchedAt[hubId][meterId] != bytes32(0)) revert MeterIsVouched(hubId, meterId);
        _meterKeys[hubId][meterId] = key;
        emit MeterKeySet(hubId, meterId, key);
    }

    function hubOf(bytes32 hubId) external view returns (Hub memory) {
        return _hubs[hubId];
    }

    function meterKey(bytes32 hubId, bytes32 meterId) external view returns (address) {
        return _meterKeys[hubId][meterId];
    }

    /// @notice The meter's key when the registrar vouched for it, else address(0) (a key the hub set itself is not vouched).
    function vouchedKey(bytes32 hubId, bytes32 meterId) external view returns (address) {
        return _vouchedAt[hubId][meterId] == bytes32(0) ? address(0) : _meterKeys[hubId][meterId];
    }

    /// @notice keccak256 of the connection point id the registrar bound the meter to (0 when not vouched).
    function connectionPointOf(bytes32 hubId, bytes32 meterId) external view returns (bytes32) {
        return _vouchedAt[hubId][meterId];
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
