// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {HubRegistry} from "../src/HubRegistry.sol";
import {BlockAnchor} from "../src/BlockAnchor.sol";
import {EnergyMarket} from "../src/EnergyMarket.sol";
import {LeafBuilder} from "../test/utils/LeafBuilder.sol";

/// The cheatcodes the benchmark uses.
interface BenchVm {
    function prank(address sender) external;
    function deal(address account, uint256 newBalance) external;
    function warp(uint256 newTimestamp) external;
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
}

/// Gas of the market's calls: `./smartmeter bench market` runs this with `forge script --isolate` (no chain needed)
/// and writes the figures into docs/benchmarks.md. In isolation mode every top-level call of the script runs as a
/// transaction of its own, so gasleft() around it measures what the transaction's receipt would show: 21,000 +
/// calldata + execution with cold storage (EIP-2929) and SSTORE prices against the values before that transaction
/// (EIP-2200), less refunds. Without --isolate the whole script is one transaction and the figures would be wrong.
contract EnergyMarketBench {
    BenchVm internal constant vm = BenchVm(address(uint160(uint256(keccak256("hevm cheat code")))));
    /// forge's console (the address forge intercepts): it has no code, so it is called without Solidity's
    /// extcodesize check.
    address internal constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    uint64 internal constant LENGTH = 900;
    uint256 internal constant T0 = 1_764_000_000;
    bytes32 internal constant SELLERS = keccak256("sellers");
    bytes32 internal constant BUYERS = keccak256("buyers");

    address internal admin;
    address internal sellerKey;
    address internal buyerKey;
    HubRegistry internal registry;
    BlockAnchor internal anchors;
    uint256 internal registeredMeters;

    /// Every figure at once: convenient, but each later figure is measured with the script's memory grown by the
    /// earlier scenarios, which changes it a little; `./smartmeter bench market` runs each entry point on its own.
    function run() external {
        _setUp(1000);
        _settlement(false);
        _book(50, true);
        uint256[5] memory sizes = [uint256(10), 100, 500, 1000, 2000];
        for (uint256 i = 0; i < sizes.length; i++) _book(sizes[i], false);
    }

    /// Gas per order and the clearing of a 50-order book.
    function orders() external {
        _setUp(25);
        _book(50, true);
    }

    /// The first offer of an empty book (what a transaction on a real chain shows; see docs/market.md).
    function firstOffer() external {
        _setUp(1);
        EnergyMarket market = new EnergyMarket(registry, anchors, LENGTH, 60, 120, 86_400, 2000, 2000, false);
        bytes memory data = abi.encodeCall(EnergyMarket.placeOrder, (SELLERS, _meter(0), T0 / LENGTH + 2, false, 1000, 2e9));
        _log("first-offer-gas", _measure(address(market), sellerKey, 0, data));
    }

    /// The clearing of an n-order book.
    function clearing(uint256 n) external {
        _setUp((n + 1) / 2);
        _book(n, false);
    }

    /// Proofs, settlement, release and withdrawal of one trade.
    function settlement() external {
        _setUp(1);
        _settlement(false);
    }

    /// The same with requireMeterSignatures: every boundary reading signed by its meter's key.
    function settlementSigned() external {
        _setUp(1);
        _settlement(true);
    }

    function _setUp(uint256 meters) internal {
        admin = vm.addr(1);
        sellerKey = vm.addr(2);
        buyerKey = vm.addr(3);
        registry = new HubRegistry(admin);
        anchors = new BlockAnchor(registry);
        vm.prank(admin);
        registry.registerHub(SELLERS, sellerKey, vm.addr(4), vm.addr(5));
        vm.prank(admin);
        registry.registerHub(BUYERS, buyerKey, vm.addr(6), vm.addr(5));
        vm.deal(buyerKey, 1e30);
        _meters(meters);
        vm.warp(T0);
    }

    /// Meter ids m0, m1, … registered for both hubs (order i of a book uses meter i of its side's hub).
    function _meters(uint256 count) internal {
        for (uint256 i = registeredMeters; i < count; i++) {
            vm.prank(sellerKey);
            registry.setMeterKey(SELLERS, _meter(i), vm.addr(1000 + i));
            vm.prank(buyerKey);
            registry.setMeterKey(BUYERS, _meter(i), vm.addr(1000 + i));
        }
        registeredMeters = count;
    }

    /// keccak256 of the meter id's UTF-8 bytes ("m0", "m1", …), as the market binds meters (docs/market.md).
    function _meter(uint256 i) internal pure returns (bytes32) {
        return keccak256(bytes(string.concat("m", _decimal(i))));
    }

    /// Places order i of an n-order book (odd: a bid); returns its gas when measured.
    function _place(EnergyMarket market, uint256 interval, uint256 n, uint256 i, bool measure) internal returns (uint256) {
        bool isBid = i % 2 == 1;
        uint256 r = uint256(keccak256(abi.encode(n, i)));
        uint256 wh = 100 + (r % 5000);
        uint256 price = (isBid ? 40 + ((r >> 64) % 61) : 1 + ((r >> 64) % 60)) * 1e9;
        bytes memory data =
            abi.encodeCall(EnergyMarket.placeOrder, (isBid ? BUYERS : SELLERS, _meter(i / 2), interval, isBid, wh, price));
        address key = isBid ? buyerKey : sellerKey;
        uint256 escrow = isBid ? wh * price : 0;
        if (measure) return _measure(address(market), key, escrow, data);
        vm.prank(key);
        (bool ok,) = address(market).call{value: escrow}(data);
        require(ok, "order refused");
        return 0;
    }

    /// A book of n orders, half bids, half offers, alternating, random sizes (100..5,099 Wh) and prices: bids
    /// 40..100, offers 1..60 (×1e9 wei/Wh), so most cross and the clearing writes most orders' fills.
    function _book(uint256 n, bool reportOrders) internal {
        EnergyMarket market = new EnergyMarket(registry, anchors, LENGTH, 60, 120, 86_400, 2000, 2000, false);
        uint256 interval = T0 / LENGTH + 2;
        uint256 offerGas;
        uint256 bidGas;
        for (uint256 i = 0; i < n; i++) {
            // Each order's scratch memory is given back, so the script's memory (which changes what forge measures
            // for a top-level call) stays the same size however large the book.
            uint256 freeMemory;
            assembly {
                freeMemory := mload(0x40)
            }
            uint256 gas = _place(market, interval, n, i, reportOrders);
            if (i % 2 == 1) bidGas += gas;
            else offerGas += gas;
            assembly {
                mstore(0x40, freeMemory)
            }
        }
        if (reportOrders) {
            _log("offer-gas", offerGas / (n / 2));
            _log("bid-gas", bidGas / (n / 2));
        }
        vm.warp(market.orderDeadline(interval));
        uint256 clearGas = _measure(address(market), admin, 0, abi.encodeCall(EnergyMarket.clear, (interval)));
        EnergyMarket.Interval memory info = market.intervalInfo(interval);
        _log(string.concat("clear-gas-", _decimal(n)), clearGas);
        _log(string.concat("clear-matched-", _decimal(n)), info.matchedWh);
        uint256 filled;
        for (uint256 i = 0; i < n; i++) {
            if (market.orderOf(market.orderIdOf(interval, i)).filledWh > 0) filled++;
        }
        _log(string.concat("clear-filled-", _decimal(n)), filled);
        vm.warp(T0);
    }

    /// One trade, 1,000 Wh: both sides proven with 14-sibling proofs (a block of 10,000 readings), then settled.
    function _settlement(bool signed) internal {
        if (signed) {
            // requireVouchedMeters: the registrar (the registry's owner here) vouches for both meters m0.
            vm.prank(admin);
            registry.registerMeter(SELLERS, _meter(0), vm.addr(1000), "EAN-seller");
            vm.prank(admin);
            registry.registerMeter(BUYERS, _meter(0), vm.addr(1001), "EAN-buyer");
        }
        EnergyMarket market = new EnergyMarket(registry, anchors, LENGTH, 60, 120, 86_400, 2000, 2000, signed);
        uint256 interval = T0 / LENGTH + 2;
        vm.prank(sellerKey);
        uint256 offerId = market.placeOrder(SELLERS, _meter(0), interval, false, 1000, 2e9);
        vm.prank(buyerKey);
        uint256 bidId = market.placeOrder{value: 1000 * 4e9}(BUYERS, _meter(0), interval, true, 1000, 4e9);
        vm.warp(market.orderDeadline(interval));
        market.clear(interval);
        vm.warp((interval + 1) * LENGTH);

        uint256 proveOffer = _proveSide(market, offerId, false, signed);
        uint256 proveBid = _proveSide(market, bidId, true, signed);
        if (signed) {
            _log("prove-signed-gas", proveOffer);
            return;
        }
        _log("prove-offer-gas", proveOffer);
        _log("prove-bid-gas", proveBid);
        _log("settle-gas", _measure(address(market), admin, 0, abi.encodeCall(EnergyMarket.settleTrade, (bidId, offerId))));
        _log("release-gas", _measure(address(market), admin, 0, abi.encodeCall(EnergyMarket.releaseBid, (bidId))));
        _log("withdraw-gas", _measure(address(market), vm.addr(4), 0, abi.encodeCall(EnergyMarket.withdraw, ())));
    }

    /// Proves meter m0's delta for one order: 1,000 Wh exported (offer) or imported (bid) over the interval.
    function _proveSide(EnergyMarket market, uint256 orderId, bool isBid, bool signed) internal returns (uint256) {
        uint256 interval = orderId >> 32;
        int64 startMs = int64(int256(interval * LENGTH * 1000)); // forge-lint: disable-line(unsafe-typecast)
        int64 endMs = startMs + int64(int256(uint256(LENGTH) * 1000)); // forge-lint: disable-line(unsafe-typecast)
        uint256 key = signed ? (isBid ? 1001 : 1000) : 0;
        bytes[] memory leaves = new bytes[](4);
        // At each boundary the reading at or before it and the meter's next one (seq + 1) after it.
        leaves[0] = isBid ? _leaf(1, "m0", startMs - 4000, 70_000, 0, key) : _leaf(1, "m0", startMs - 4000, 10, 50_000, key);
        leaves[1] = isBid ? _leaf(2, "m0", startMs + 1000, 70_001, 0, key) : _leaf(2, "m0", startMs + 1000, 10, 50_001, key);
        leaves[2] = isBid ? _leaf(900, "m0", endMs - 1000, 71_000, 0, key) : _leaf(900, "m0", endMs - 1000, 10, 51_000, key);
        leaves[3] = isBid ? _leaf(901, "m0", endMs + 4000, 71_001, 0, key) : _leaf(901, "m0", endMs + 4000, 10, 51_001, key);
        return _prove(market, orderId, isBid ? buyerKey : sellerKey, isBid ? BUYERS : SELLERS, leaves);
    }

    /// A valid reading of meter m0 (seq = id), signed by the meter's key `key` unless it is 0.
    function _leaf(int64 id, string memory meter, int64 ts, uint256 importWh, uint256 exportWh, uint256 key)
        internal
        pure
        returns (bytes memory)
    {
        LeafBuilder.Stored memory s = LeafBuilder.meterStored(id, meter, ts, importWh, exportWh, true);
        if (key != 0) {
            (uint8 v, bytes32 r, bytes32 sig) = vm.sign(key, keccak256(LeafBuilder.encodeReading(s.reading)));
            s.signature = LeafBuilder.signatureHex(v, r, sig);
        }
        return LeafBuilder.encodeLeaf(s);
    }

    function _prove(
        EnergyMarket market,
        uint256 orderId,
        address hubKey,
        bytes32 hubId,
        bytes[] memory leaves
    ) internal returns (uint256 gas) {
        uint64 next = anchors.anchoredHeight(hubId) + 1;
        EnergyMarket.ReadingProof[] memory p = new EnergyMarket.ReadingProof[](4);
        bytes32[] memory r = new bytes32[](4);
        for (uint256 i = 0; i < 4; i++) {
            bytes32[] memory siblings = _siblings(i + 1);
            r[i] = _fold(keccak256(leaves[i]), siblings);
            // forge-lint: disable-next-line(unsafe-typecast)
            p[i] = EnergyMarket.ReadingProof(next + uint64(i), leaves[i], siblings);
        }
        vm.prank(hubKey);
        anchors.anchor(hubId, next, r);
        bytes memory data = abi.encodeCall(EnergyMarket.proveDelivery, (orderId, p[0], p[1], p[2], p[3]));
        gas = _measure(address(market), admin, 0, data);
        _log("prove-calldata-gas", _calldataGas(data));
    }

    function _siblings(uint256 salt) internal pure returns (bytes32[] memory s) {
        s = new bytes32[](14);
        for (uint256 i = 0; i < s.length; i++) s[i] = keccak256(abi.encode("sibling", salt, i));
    }

    function _fold(bytes32 leaf, bytes32[] memory siblings) internal pure returns (bytes32 node) {
        node = leaf;
        for (uint256 i = 0; i < siblings.length; i++) {
            bytes32 s = siblings[i];
            node = node < s ? keccak256(abi.encodePacked(node, s)) : keccak256(abi.encodePacked(s, node));
        }
    }

    /// Gas of one call from `from`, a transaction of its own under --isolate.
    function _measure(address target, address from, uint256 value, bytes memory data) internal returns (uint256 used) {
        vm.prank(from);
        uint256 before = gasleft();
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        used = before - gasleft();
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    /// One figure for `./smartmeter bench market`: a line "market-bench <label> <value>" in forge's output.
    function _log(string memory label, uint256 value) internal view {
        (bool ok,) = CONSOLE.staticcall(abi.encodeWithSignature("log(string,uint256)", string.concat("market-bench ", label), value));
        ok;
    }

    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i = 0; i < data.length; i++) gas += data[i] == 0 ? 4 : 16;
    }

    function _decimal(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory digits;
        while (v > 0) {
            digits = abi.encodePacked(bytes1(uint8(48 + (v % 10))), digits);
            v /= 10;
        }
        return string(digits);
    }
}
