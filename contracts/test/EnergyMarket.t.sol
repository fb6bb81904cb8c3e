// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./Fixture.sol";
import {LeafBuilder} from "./utils/LeafBuilder.sol";
import {EnergyMarket} from "../src/EnergyMarket.sol";
import {ReadingLeaf} from "../src/ReadingLeaf.sol";
import {HubRegistry} from "../src/HubRegistry.sol";

/// Exposes the library's calldata decoder to the tests.
contract ReadingLeafHarness {
    function decode(bytes calldata leaf) external pure returns (ReadingLeaf.Decoded memory) {
        return ReadingLeaf.decode(leaf);
    }

    function signer(bytes calldata leaf) external pure returns (address) {
        return ReadingLeaf.signer(leaf, ReadingLeaf.decode(leaf));
    }

    function wholeWh(uint64 bits) external pure returns (uint256) {
        return ReadingLeaf.wholeWh(bits);
    }
}

/// A hub key that is a contract: it places a bid through `execute` and, when paid out, tries to withdraw again.
contract ReentrantHubKey {
    EnergyMarket public market;
    bytes public failure;
    bool public reentered;

    function execute(address target, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    function withdrawFrom(EnergyMarket market_) external {
        market = market_;
        market_.withdraw();
    }

    receive() external payable {
        if (address(market) != address(0) && !reentered) {
            reentered = true;
            try market.withdraw() {
                failure = "reentry succeeded";
            } catch (bytes memory reason) {
                failure = reason;
            }
        }
    }
}

abstract contract MarketFixture is Fixture {
    uint64 internal constant LENGTH = 900;
    uint64 internal constant GATE = 60;
    uint64 internal constant WINDOW = 120;
    uint64 internal constant TIMEOUT = 3600;
    uint256 internal constant T0 = 1_764_000_000; // 2025-11-24 16:00:00 UTC, an interval boundary

    bytes32 internal constant THIRD_HUB = keccak256("hub-3");
    bytes32 internal constant SOLAR = keccak256("solar"); // HUB's selling meter
    bytes32 internal constant HOUSE = keccak256("house"); // HUB's other meter
    bytes32 internal constant FLAT = keccak256("flat"); // OTHER_HUB's meter
    bytes32 internal constant SHOP = keccak256("shop"); // THIRD_HUB's meter
    address internal thirdOperator = vm.addr(7);
    address internal thirdHomeowner = vm.addr(8);

    EnergyMarket internal market;
    uint256 internal interval; // the interval the tests trade in

    address internal registrar = vm.addr(9);

    /// Meters: set by their hubs themselves, or (vouched) registered by the registrar.
    function setUpMarket(uint32 maxOrders, bool vouched) internal {
        setUpRegistry();
        vm.prank(admin);
        registry.registerHub(THIRD_HUB, thirdOperator, thirdHomeowner, supplier);
        vm.prank(admin);
        registry.setRegistrar(registrar);
        _meter(HUB, SOLAR, 101, vouched);
        _meter(HUB, HOUSE, 102, vouched);
        _meter(OTHER_HUB, FLAT, 103, vouched);
        _meter(THIRD_HUB, SHOP, 104, vouched);
        // The other hub's homeowner sells too in some tests: give it a meter named "solar" as well.
        _meter(OTHER_HUB, SOLAR, 105, vouched);
        market = new EnergyMarket(registry, anchors, LENGTH, GATE, WINDOW, TIMEOUT, maxOrders, maxOrders, vouched);
        vm.warp(T0);
        interval = T0 / LENGTH + 2;
        vm.deal(operator, 100 ether);
        vm.deal(otherOperator, 100 ether);
        vm.deal(thirdOperator, 100 ether);
    }

    function _meter(bytes32 hubId, bytes32 meterId, uint256 key, bool vouched) internal {
        if (vouched) {
            vm.prank(registrar);
            registry.registerMeter(hubId, meterId, vm.addr(key), string(abi.encodePacked("EAN-", bytes32(key))));
        } else {
            vm.prank(registry.hubOf(hubId).operator);
            registry.setMeterKey(hubId, meterId, vm.addr(key));
        }
    }

    function offer(address who, bytes32 hubId, bytes32 meterId, uint256 wh, uint256 price) internal returns (uint256 id) {
        vm.prank(who);
        id = market.placeOrder(hubId, meterId, interval, false, wh, price);
    }

    function bid(address who, bytes32 hubId, bytes32 meterId, uint256 wh, uint256 price) internal returns (uint256 id) {
        vm.prank(who);
        id = market.placeOrder{value: wh * price}(hubId, meterId, interval, true, wh, price);
    }

    function clearNow() internal {
        vm.warp(market.orderDeadline(interval));
        market.clear(interval);
    }

    function startMs() internal view returns (int64) {
        return toMs(interval * LENGTH * 1000);
    }

    function endMs() internal view returns (int64) {
        return toMs((interval + 1) * LENGTH * 1000);
    }

    function toMs(uint256 ms) internal pure returns (int64) {
        // Test times are around 2025 in Unix ms, far below 2^63.
        // forge-lint: disable-next-line(unsafe-typecast)
        return int64(int256(ms));
    }
}

contract EnergyMarketTest is MarketFixture {
    ReadingLeafHarness internal leaves;
    uint64 internal nextHeight = 1;
    uint64 internal nextOtherHeight = 1;

    event IntervalCleared(uint256 indexed interval, uint256 price, uint256 matchedWh, uint256 orders);

    function setUp() public {
        setUpMarket(100, false);
        leaves = new ReadingLeafHarness();
    }

    // ---- the leaf encoding

    function test_LeafBuilderMatchesTheHubsEncoding() public view {
        // Printed by Hub.Ledger's CanonicalEncoding.EncodeLeaf / LeafHash for: reading id 7, meter "solar",
        // timestamp 1764000000000 ms, import 1234.5 Wh, export 98765.25 Wh, power -1500 W, voltage [230.1, 229.8, 231],
        // frequency 50 Hz, seq 42, no signature, received 250 ms later, valid, verdicts range ok "ok", timestamp ok "".
        bytes memory expected =
            hex"01000000000000000700510105736f6c61720000019ab697e8006f40934a000000000040f81cd400000000c09770000000000003406cc33333333333406cb9999999999a406ce000000000004049000000000000000000000000002a00000000019ab697e8fa01020572616e67650100026f6b0974696d657374616d70010000";
        LeafBuilder.Stored memory s;
        s.id = 7;
        s.reading.meterId = "solar";
        s.reading.timestampMs = 1_764_000_000_000;
        s.reading.hasImport = true;
        s.reading.importBits = LeafBuilder.float64(2469, 1);
        s.reading.hasExport = true;
        s.reading.exportBits = LeafBuilder.float64(395061, 2);
        s.reading.hasPower = true;
        s.reading.powerBits = LeafBuilder.negative(LeafBuilder.float64(1500, 0));
        s.reading.hasVoltage = true;
        s.reading.voltageBits = new uint64[](3);
        s.reading.voltageBits[0] = 0x406cc33333333333; // 230.1: not a short binary fraction, so its bits as C# wrote them
        s.reading.voltageBits[1] = 0x406cb9999999999a; // 229.8
        s.reading.voltageBits[2] = LeafBuilder.float64(231, 0);
        s.reading.hasFrequency = true;
        s.reading.frequencyBits = LeafBuilder.float64(50, 0);
        s.reading.hasSeq = true;
        s.reading.seq = 42;
        s.receivedAtMs = 1_764_000_000_250;
        s.valid = true;
        s.verdicts = new LeafBuilder.Verdict[](2);
        s.verdicts[0] = LeafBuilder.Verdict("range", true, "ok");
        s.verdicts[1] = LeafBuilder.Verdict("timestamp", true, "");
        bytes memory built = LeafBuilder.encodeLeaf(s);
        assertEq(keccak256(built), keccak256(expected), "encoding");
        assertEq(keccak256(built), 0xf8ca7ec534830a44d511248f7c2eada46d8bb15b400003efc2565f15a2f7d130, "leaf (C#)");

        ReadingLeaf.Decoded memory d = leaves.decode(expected);
        assertEq(uint256(uint64(d.readingId)), 7, "id");
        assertEq(d.meterIdHash, SOLAR, "meter");
        assertEq(uint256(uint64(d.timestampMs)), 1_764_000_000_000, "timestamp");
        assertTrue(d.hasImport && d.hasExport && d.valid, "flags");
        assertEq(leaves.wholeWh(d.importBits), 1234, "import floor");
        assertEq(leaves.wholeWh(d.exportBits), 98765, "export floor");
    }

    function test_CountersThatAreNotCountersAreRefused() public {
        uint64 minusOne = LeafBuilder.negative(LeafBuilder.float64(1, 0));
        vm.expectRevert(abi.encodeWithSelector(ReadingLeaf.NotACounter.selector, minusOne));
        leaves.wholeWh(minusOne);
        vm.expectRevert(abi.encodeWithSelector(ReadingLeaf.NotACounter.selector, uint64(0x7FF8000000000000)));
        leaves.wholeWh(0x7FF8000000000000); // NaN
        assertEq(leaves.wholeWh(uint64(1) << 63), 0, "-0.0 is zero");
        assertEq(leaves.wholeWh(LeafBuilder.float64(1, 1)), 0, "0.5 floors to 0");
    }

    function testFuzz_WholeWattHoursRoundTrip(uint256 wh) public view {
        wh = wh % (1 << 53);
        assertEq(leaves.wholeWh(LeafBuilder.float64(wh, 0)), wh, "whole Wh");
    }

    function test_ATruncatedLeafIsMalformed() public {
        bytes memory leaf = LeafBuilder.meterLeaf(1, "solar", 1, 1, 1, true);
        bytes memory cut = new bytes(30);
        for (uint256 i = 0; i < cut.length; i++) cut[i] = leaf[i];
        vm.expectRevert(abi.encodeWithSelector(ReadingLeaf.MalformedLeaf.selector, uint256(9)));
        leaves.decode(cut);
    }

    // ---- orders

    function test_OrdersNeedTheHubsKeyARegisteredMeterAndAnOpenGate() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotOperator.selector, HUB, stranger));
        market.placeOrder(HUB, SOLAR, interval, false, 100, 1);

        bytes32 unregistered = keccak256("unregistered-hub");
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotOperator.selector, unregistered, operator));
        market.placeOrder(unregistered, SOLAR, interval, false, 100, 1);

        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.UnknownMeter.selector, HUB, FLAT));
        market.placeOrder(HUB, FLAT, interval, false, 100, 1);

        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.WrongEscrow.selector, uint256(300), uint256(299)));
        market.placeOrder{value: 299}(HUB, HOUSE, interval, true, 100, 3);

        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.WrongEscrow.selector, uint256(0), uint256(1)));
        market.placeOrder{value: 1}(HUB, SOLAR, interval, false, 100, 3);

        vm.prank(operator);
        vm.expectRevert(EnergyMarket.ZeroEnergy.selector);
        market.placeOrder(HUB, SOLAR, interval, false, 0, 3);

        offer(operator, HUB, SOLAR, 100, 1);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.MeterAlreadyTrading.selector, interval, HUB, SOLAR));
        market.placeOrder{value: 100}(HUB, SOLAR, interval, true, 100, 1);

        uint256 far = uint256(type(uint64).max) + 1;
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.IntervalOutOfRange.selector, far));
        market.placeOrder(HUB, HOUSE, far, false, 100, 1);

        uint256 deadline = market.orderDeadline(interval);
        assertEq(deadline, interval * LENGTH - GATE, "gate closes before the interval");
        vm.warp(deadline);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.GateClosed.selector, interval, deadline));
        market.placeOrder(HUB, HOUSE, interval, false, 100, 1);
    }

    function test_TheBookIsCapped() public {
        EnergyMarket small = new EnergyMarket(registry, anchors, LENGTH, GATE, WINDOW, TIMEOUT, 2, 2, false);
        vm.prank(operator);
        small.placeOrder(HUB, SOLAR, interval, false, 100, 1);
        vm.prank(operator);
        small.placeOrder(HUB, HOUSE, interval, false, 100, 1);
        vm.prank(otherOperator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.BookFull.selector, interval, uint256(2)));
        small.placeOrder(OTHER_HUB, FLAT, interval, false, 100, 1);
    }

    function test_BadParametersAreRefused() public {
        vm.expectRevert(EnergyMarket.BadParameters.selector);
        new EnergyMarket(registry, anchors, 900, 60, 900, 3600, 100, 10, false); // window as long as the interval
        vm.expectRevert(EnergyMarket.BadParameters.selector);
        new EnergyMarket(registry, anchors, 900, 60, 120, 3600, 0, 0, false);
        vm.expectRevert(EnergyMarket.BadParameters.selector);
        new EnergyMarket(registry, anchors, 900, 60, 120, 3600, 100, 0, false); // no order per hub
        vm.expectRevert(EnergyMarket.BadParameters.selector);
        new EnergyMarket(registry, anchors, 900, 60, 120, 3600, 100, 101, false); // more per hub than per interval
        // More orders than one block clears.
        uint32 limit = market.MAX_ORDERS_PER_INTERVAL();
        vm.expectRevert(EnergyMarket.BadParameters.selector);
        new EnergyMarket(registry, anchors, 900, 60, 120, 3600, limit + 1, 10, false);
        new EnergyMarket(registry, anchors, 900, 60, 120, 3600, limit, 10, false);
    }

    // ---- clearing

    function test_AnEmptyBookClearsWithNoTrade_OnlyAfterTheGate_Once() public {
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.GateOpen.selector, interval, market.orderDeadline(interval)));
        market.clear(interval);
        vm.warp(market.orderDeadline(interval));
        vm.expectEmit(true, false, false, true);
        emit IntervalCleared(interval, 0, 0, 0);
        vm.prank(stranger);
        market.clear(interval);
        EnergyMarket.Interval memory info = market.intervalInfo(interval);
        assertTrue(info.cleared, "cleared");
        assertEq(info.price, 0, "no price");
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AlreadyCleared.selector, interval));
        market.clear(interval);
    }

    function test_BidsOnly_NothingMatches_TheEscrowComesBackInFull() public {
        uint256 b1 = bid(operator, HUB, HOUSE, 500, 7e9);
        uint256 b2 = bid(otherOperator, OTHER_HUB, FLAT, 300, 5e9);
        assertEq(address(market).balance, 500 * 7e9 + 300 * 5e9, "escrow held");
        clearNow();
        assertEq(market.intervalInfo(interval).matchedWh, 0, "nothing matched");
        assertEq(market.orderOf(b1).filledWh, 0, "b1 unfilled");
        market.releaseBid(b1);
        market.releaseBid(b2);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AlreadyReleased.selector, b1));
        market.releaseBid(b1);
        _withdrawExactly(operator, 500 * 7e9);
        _withdrawExactly(otherOperator, 300 * 5e9);
        assertEq(address(market).balance, 0, "market empty");
    }

    function test_OffersOnly_NothingMatches() public {
        uint256 o = offer(operator, HUB, SOLAR, 500, 1e9);
        clearNow();
        assertEq(market.intervalInfo(interval).matchedWh, 0, "nothing matched");
        assertEq(market.orderOf(o).filledWh, 0, "unfilled");
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotABid.selector, o));
        market.releaseBid(o);
    }

    function test_BidBelowEveryOffer_NothingMatches() public {
        offer(operator, HUB, SOLAR, 500, 5e9);
        uint256 b = bid(otherOperator, OTHER_HUB, FLAT, 500, 4e9);
        clearNow();
        assertEq(market.intervalInfo(interval).matchedWh, 0, "nothing matched");
        assertEq(market.orderOf(b).filledWh, 0, "unfilled");
    }

    function test_EqualPricesTradeAtThatPrice() public {
        uint256 o = offer(operator, HUB, SOLAR, 400, 3e9);
        uint256 b = bid(otherOperator, OTHER_HUB, FLAT, 400, 3e9);
        clearNow();
        EnergyMarket.Interval memory info = market.intervalInfo(interval);
        assertEq(info.price, 3e9, "price");
        assertEq(info.matchedWh, 400, "matched");
        assertEq(market.tradeEnergy(b, o), 400, "one trade of 400 Wh");
    }

    function test_TheMarginalOrderIsFilledPartially_ThePriceIsTheMarginalMidpoint() public {
        // Offers A 100 Wh at >= 2, B 100 Wh at >= 4; bids X 150 Wh at <= 6, Y 100 Wh at <= 3.
        // X takes A's 100 and 50 of B; Y (3) does not reach B (4). Marginal pair X (6) / B (4): price 5.
        uint256 a = offer(operator, HUB, SOLAR, 100, 2e9);
        uint256 b = offer(otherOperator, OTHER_HUB, SOLAR, 100, 4e9);
        uint256 x = bid(thirdOperator, THIRD_HUB, SHOP, 150, 6e9);
        uint256 y = bid(operator, HUB, HOUSE, 100, 3e9);
        clearNow();
        EnergyMarket.Interval memory info = market.intervalInfo(interval);
        assertEq(info.price, 5e9, "price");
        assertEq(info.matchedWh, 150, "matched");
        assertEq(market.orderOf(a).filledWh, 100, "A full");
        assertEq(market.orderOf(b).filledWh, 50, "B partial");
        assertEq(market.orderOf(x).filledWh, 150, "X full");
        assertEq(market.orderOf(y).filledWh, 0, "Y none");
        assertEq(market.tradeEnergy(x, a), 100, "X-A");
        assertEq(market.tradeEnergy(x, b), 50, "X-B");
        assertEq(market.tradeEnergy(y, a), 0, "Y-A");
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotATrade.selector, y, a));
        market.settleTrade(y, a);
    }

    function test_TiesGoByTimeOfPlacement() public {
        // Two offers at the same price, one bid for less than both: the earlier offer fills first.
        uint256 first = offer(otherOperator, OTHER_HUB, SOLAR, 100, 3e9);
        uint256 second = offer(operator, HUB, SOLAR, 100, 3e9);
        // Two bids at the same price for more than is offered: the earlier bid fills first.
        uint256 early = bid(thirdOperator, THIRD_HUB, SHOP, 120, 5e9);
        uint256 late = bid(operator, HUB, HOUSE, 120, 5e9);
        clearNow();
        assertEq(market.orderOf(first).filledWh, 100, "earlier offer full");
        assertEq(market.orderOf(second).filledWh, 100, "later offer full too (200 wanted)");
        assertEq(market.orderOf(early).filledWh, 120, "earlier bid full");
        assertEq(market.orderOf(late).filledWh, 80, "later bid gets the rest");
        assertEq(market.tradeEnergy(early, first), 100, "early-first");
        assertEq(market.tradeEnergy(early, second), 20, "early-second");
        assertEq(market.tradeEnergy(late, second), 80, "late-second");
        assertEq(market.tradeEnergy(late, first), 0, "late-first");
        assertEq(market.intervalInfo(interval).price, 4e9, "price (5 + 3) / 2");
    }

    function test_TiesAmongOffers_TheLaterOfferIsTheMarginalOne() public {
        uint256 first = offer(operator, HUB, SOLAR, 100, 3e9);
        uint256 second = offer(otherOperator, OTHER_HUB, SOLAR, 100, 3e9);
        uint256 b = bid(thirdOperator, THIRD_HUB, SHOP, 150, 3e9);
        clearNow();
        assertEq(market.orderOf(first).filledWh, 100, "earlier offer full");
        assertEq(market.orderOf(second).filledWh, 50, "later offer partial");
        assertEq(market.tradeEnergy(b, second), 50, "b-second");
    }

    function testFuzz_ClearingNeverViolatesALimitAndConservesEnergy(uint256 seed) public {
        uint256[6] memory ids;
        bytes32[3] memory hubs = [HUB, OTHER_HUB, THIRD_HUB];
        address[3] memory ops = [operator, otherOperator, thirdOperator];
        bytes32[3] memory sellMeters = [SOLAR, SOLAR, SHOP];
        bytes32[3] memory buyMeters = [HOUSE, FLAT, SHOP];
        // Three offers and three bids with random sizes and prices (THIRD_HUB's one meter sells; so it cannot bid).
        for (uint256 i = 0; i < 3; i++) {
            uint256 wh = 1 + (uint256(keccak256(abi.encode(seed, i, "wh"))) % 1000);
            uint256 price = 1 + (uint256(keccak256(abi.encode(seed, i, "p"))) % 10);
            ids[i] = offer(ops[i], hubs[i], sellMeters[i], wh, price);
        }
        for (uint256 i = 0; i < 2; i++) {
            uint256 wh = 1 + (uint256(keccak256(abi.encode(seed, i, "bwh"))) % 1000);
            uint256 price = 1 + (uint256(keccak256(abi.encode(seed, i, "bp"))) % 10);
            ids[3 + i] = bid(ops[i], hubs[i], buyMeters[i], wh, price);
        }
        clearNow();
        EnergyMarket.Interval memory info = market.intervalInfo(interval);
        uint256 sold;
        uint256 bought;
        for (uint256 i = 0; i < 5; i++) {
            EnergyMarket.Order memory o = market.orderOf(ids[i]);
            assertTrue(o.filledWh <= o.energyWh, "fill within the order");
            if (o.filledWh > 0) {
                if (o.isBid) assertTrue(info.price <= o.price, "a buyer never pays above its bid");
                else assertTrue(info.price >= o.price, "a seller never gets below its offer");
            }
            if (o.isBid) bought += o.filledWh;
            else sold += o.filledWh;
        }
        assertEq(sold, info.matchedWh, "sold");
        assertEq(bought, info.matchedWh, "bought");
        uint256 traded;
        for (uint256 b = 3; b < 5; b++) {
            for (uint256 s = 0; s < 3; s++) traded += market.tradeEnergy(ids[b], ids[s]);
        }
        assertEq(traded, info.matchedWh, "the trades add up to the matched volume");
    }

    // ---- settlement

    uint256 internal constant SELL_PRICE = 2e9; // wei per Wh
    uint256 internal constant BUY_PRICE = 4e9;
    uint256 internal constant PRICE = 3e9; // the midpoint

    /// The standard trade: HUB's solar sells 1000 Wh, OTHER_HUB's flat buys 1000 Wh; price 3e9 wei/Wh.
    function _trade() internal returns (uint256 o, uint256 b) {
        o = offer(operator, HUB, SOLAR, 1000, SELL_PRICE);
        b = bid(otherOperator, OTHER_HUB, FLAT, 1000, BUY_PRICE);
        clearNow();
        assertEq(market.intervalInfo(interval).price, PRICE, "price");
        vm.warp((interval + 1) * LENGTH);
    }

    /// Anchors one block for `hubId` holding `leafEncodings` (plus a filler leaf), returns its height.
    function _anchor(bytes32 hubId, bytes[] memory leafEncodings) internal returns (uint64 height, bytes32[] memory hashes) {
        hashes = new bytes32[](leafEncodings.length + 1);
        for (uint256 i = 0; i < leafEncodings.length; i++) hashes[i] = keccak256(leafEncodings[i]);
        hashes[leafEncodings.length] = keccak256(LeafBuilder.meterLeaf(999, "garage", 1, 0, 0, true));
        bytes32[] memory r = new bytes32[](1);
        r[0] = LeafBuilder.root(hashes);
        if (hubId == HUB) {
            height = nextHeight++;
            vm.prank(operator);
        } else {
            height = nextOtherHeight++;
            vm.prank(otherOperator);
        }
        anchors.anchor(hubId, height, r);
    }

    /// A reading of `meter` (seq = id) showing `wh` on the counter that matters (export for the seller, import for the buyer).
    function _leaf(int64 id, string memory meter, int64 ts, uint256 wh, bool export) internal pure returns (bytes memory) {
        return export ? LeafBuilder.meterLeaf(id, meter, ts, 77, wh, true) : LeafBuilder.meterLeaf(id, meter, ts, wh, 77, true);
    }

    /// Anchors `encodings` in one block of `hubId` and returns their proofs, in order.
    function _anchored(bytes32 hubId, bytes[] memory encodings) internal returns (EnergyMarket.ReadingProof[] memory p) {
        (uint64 height, bytes32[] memory hashes) = _anchor(hubId, encodings);
        p = new EnergyMarket.ReadingProof[](encodings.length);
        for (uint256 i = 0; i < encodings.length; i++) {
            p[i] = EnergyMarket.ReadingProof(height, encodings[i], LeafBuilder.proof(hashes, i));
        }
    }

    /// The four readings of a proof of `orderId`: at each boundary of the interval the meter's reading at or before
    /// it, showing `startWh` and `endWh`, and the meter's next reading (seq + 1) a second after it.
    function _readings(bytes32 hubId, string memory meter, uint256 startWh, uint256 endWh, bool export)
        internal
        returns (EnergyMarket.ReadingProof[] memory)
    {
        bytes[] memory encodings = new bytes[](4);
        encodings[0] = _leaf(10, meter, startMs() - 5_000, startWh, export);
        encodings[1] = _leaf(11, meter, startMs() + 1_000, startWh + 1, export);
        encodings[2] = _leaf(20, meter, endMs(), endWh, export);
        encodings[3] = _leaf(21, meter, endMs() + 1_000, endWh + 1, export);
        return _anchored(hubId, encodings);
    }

    function _proveWith(uint256 orderId, EnergyMarket.ReadingProof[] memory p) internal {
        market.proveDelivery(orderId, p[0], p[1], p[2], p[3]);
    }

    function _prove(uint256 orderId, bytes32 hubId, string memory meter, uint256 startWh, uint256 endWh, bool export) internal {
        EnergyMarket.ReadingProof[] memory p = _readings(hubId, meter, startWh, endWh, export);
        vm.prank(stranger);
        _proveWith(orderId, p);
    }

    function _withdrawExactly(address who, uint256 amount) internal {
        assertEq(market.creditOf(who), amount, "credit");
        uint256 before = who.balance;
        vm.prank(who);
        market.withdraw();
        assertEq(who.balance - before, amount, "withdrawn");
        assertEq(market.creditOf(who), 0, "credit spent");
    }

    function test_FullDelivery_TheSellerIsPaidTheClearingPrice_TheBuyerGetsThePriceImprovementBack() public {
        (uint256 o, uint256 b) = _trade();
        _prove(o, HUB, "solar", 50_000, 51_250, true); // exported 1250 Wh: more than sold
        _prove(b, OTHER_HUB, "flat", 7_000, 8_000, false); // imported exactly 1000 Wh
        assertEq(market.orderOf(o).measuredWh, 1250, "seller measured");
        vm.prank(stranger);
        market.settleTrade(b, o);
        market.releaseBid(b);
        _withdrawExactly(homeowner, 1000 * PRICE);
        _withdrawExactly(otherOperator, 1000 * (BUY_PRICE - PRICE));
        assertEq(address(market).balance, 0, "nothing left in the market");
    }

    function test_ShortDeliveryIsPaidProRata_TheRestIsRefunded() public {
        (uint256 o, uint256 b) = _trade();
        _prove(o, HUB, "solar", 50_000, 50_400, true); // 400 of 1000 Wh
        _prove(b, OTHER_HUB, "flat", 7_000, 9_000, false);
        market.settleTrade(b, o);
        _withdrawExactly(homeowner, 400 * PRICE);
        _withdrawExactly(otherOperator, 1000 * BUY_PRICE - 400 * PRICE);
        assertEq(address(market).balance, 0, "nothing left in the market");
    }

    function test_ProRataAcrossTwoBuyers() public {
        // One seller (1000 Wh) and two buyers (600 + 400 Wh); the seller delivers half: each trade gets half.
        uint256 o = offer(operator, HUB, SOLAR, 1000, SELL_PRICE);
        uint256 b1 = bid(otherOperator, OTHER_HUB, FLAT, 600, BUY_PRICE);
        uint256 b2 = bid(thirdOperator, THIRD_HUB, SHOP, 400, BUY_PRICE);
        clearNow();
        vm.warp((interval + 1) * LENGTH);
        _prove(o, HUB, "solar", 0, 500, true);
        vm.warp((interval + 1) * LENGTH + TIMEOUT); // the buyers never prove: taken to have taken everything
        market.settleTrade(b1, o);
        market.settleTrade(b2, o);
        _withdrawExactly(homeowner, 500 * PRICE);
        _withdrawExactly(otherOperator, 600 * BUY_PRICE - 300 * PRICE);
        _withdrawExactly(thirdOperator, 400 * BUY_PRICE - 200 * PRICE);
        assertEq(address(market).balance, 0, "nothing left in the market");
    }

    function test_NothingDelivered_NothingPaid() public {
        (uint256 o, uint256 b) = _trade();
        _prove(o, HUB, "solar", 50_000, 50_000, true);
        _prove(b, OTHER_HUB, "flat", 7_000, 8_000, false);
        market.settleTrade(b, o);
        assertEq(market.creditOf(homeowner), 0, "seller unpaid");
        _withdrawExactly(otherOperator, 1000 * BUY_PRICE);
        assertEq(address(market).balance, 0, "nothing left in the market");
    }

    function test_ABuyerWhoTookLessPaysLess() public {
        (uint256 o, uint256 b) = _trade();
        _prove(o, HUB, "solar", 50_000, 51_000, true);
        _prove(b, OTHER_HUB, "flat", 7_000, 7_300, false);
        market.settleTrade(b, o);
        _withdrawExactly(homeowner, 300 * PRICE);
        _withdrawExactly(otherOperator, 1000 * BUY_PRICE - 300 * PRICE);
    }

    function test_ATradeIsSettledOnce() public {
        (uint256 o, uint256 b) = _trade();
        _prove(o, HUB, "solar", 50_000, 51_000, true);
        _prove(b, OTHER_HUB, "flat", 7_000, 8_000, false);
        market.settleTrade(b, o);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.TradeAlreadySettled.selector, b, o));
        market.settleTrade(b, o);
        _withdrawExactly(homeowner, 1000 * PRICE);
        vm.prank(homeowner);
        vm.expectRevert(EnergyMarket.NothingToWithdraw.selector);
        market.withdraw();
    }

    function test_WithoutProofsAnyoneSettlesAfterTheTimeout_AnUnprovenSellerIsNotPaid() public {
        (uint256 o, uint256 b) = _trade();
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AwaitingProofs.selector, b, o, (interval + 1) * LENGTH + TIMEOUT));
        market.settleTrade(b, o);
        vm.warp((interval + 1) * LENGTH + TIMEOUT);
        vm.prank(stranger);
        market.settleTrade(b, o);
        assertTrue(market.tradeSettled(b, o), "settled");
        assertEq(market.creditOf(homeowner), 0, "seller unpaid");
        _withdrawExactly(otherOperator, 1000 * BUY_PRICE);
    }

    function test_AfterTheTimeoutAnUnprovenBuyerPaysForWhatTheSellerProved() public {
        (uint256 o, uint256 b) = _trade();
        _prove(o, HUB, "solar", 50_000, 50_800, true);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AwaitingProofs.selector, b, o, (interval + 1) * LENGTH + TIMEOUT));
        market.settleTrade(b, o);
        vm.warp((interval + 1) * LENGTH + TIMEOUT);
        vm.prank(stranger);
        market.settleTrade(b, o);
        _withdrawExactly(homeowner, 800 * PRICE);
        _withdrawExactly(otherOperator, 1000 * BUY_PRICE - 800 * PRICE);
    }

    function test_NoSettlementBeforeTheIntervalEnds() public {
        uint256 o = offer(operator, HUB, SOLAR, 1000, SELL_PRICE);
        uint256 b = bid(otherOperator, OTHER_HUB, FLAT, 1000, BUY_PRICE);
        clearNow();
        uint256 endsAt = (interval + 1) * LENGTH;
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.DeliveryNotOver.selector, interval, endsAt));
        market.settleTrade(b, o);
        EnergyMarket.ReadingProof memory none;
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.DeliveryNotOver.selector, interval, endsAt));
        market.proveDelivery(o, none, none, none, none);
    }

    function test_AWithdrawalCannotBeReentered() public {
        ReentrantHubKey key = new ReentrantHubKey();
        bytes32 evilHub = keccak256("hub-evil");
        vm.prank(admin);
        registry.registerHub(evilHub, address(key), homeowner, supplier);
        key.execute(address(registry), abi.encodeCall(HubRegistry.setMeterKey, (evilHub, FLAT, vm.addr(106))));
        vm.deal(address(this), 1 ether);
        key.execute{value: 500 * 3e9}(
            address(market), abi.encodeCall(EnergyMarket.placeOrder, (evilHub, FLAT, interval, true, 500, 3e9))
        );
        clearNow();
        market.releaseBid(market.orderIdOf(interval, 0));
        assertEq(market.creditOf(address(key)), 500 * 3e9, "credited");

        key.withdrawFrom(market);
        assertTrue(key.reentered(), "tried to reenter");
        assertEq(keccak256(key.failure()), keccak256(abi.encodeWithSignature("ReentrancyGuardReentrantCall()")), "reentry refused");
        assertEq(address(key).balance, 500 * 3e9, "paid exactly once");
        assertEq(market.creditOf(address(key)), 0, "credit spent");
        assertEq(address(market).balance, 0, "market empty");
    }

    // ---- proofs that fail

    function test_AProofForAnotherHubsMeterIsRefused() public {
        (uint256 o,) = _trade();
        // OTHER_HUB's meter is also called "solar", and its readings are properly anchored, but in OTHER_HUB's blocks.
        EnergyMarket.ReadingProof[] memory p = _readings(OTHER_HUB, "solar", 50_000, 51_000, true);
        // HUB has anchored a block at the same height, with other readings.
        bytes[] memory mine = new bytes[](1);
        mine[0] = LeafBuilder.meterLeaf(1, "house", startMs(), 1, 1, true);
        _anchor(HUB, mine);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.BadProof.selector, HUB, p[0].height, keccak256(p[0].leaf)));
        _proveWith(o, p);
    }

    function test_AProofForTheHubsOtherMeterIsRefused() public {
        (uint256 o,) = _trade();
        EnergyMarket.ReadingProof[] memory p = _readings(HUB, "house", 50_000, 51_000, true);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.WrongMeter.selector, SOLAR, HOUSE));
        _proveWith(o, p);
    }

    function test_AProofAgainstAnUnanchoredRootIsRefused() public {
        (uint256 o,) = _trade();
        EnergyMarket.ReadingProof[] memory p = _readings(HUB, "solar", 50_000, 51_000, true);
        p[0].height = 2;
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotAnchored.selector, HUB, uint64(2)));
        _proveWith(o, p);
    }

    function test_ATamperedLeafIsRefused() public {
        (uint256 o,) = _trade();
        EnergyMarket.ReadingProof[] memory p = _readings(HUB, "solar", 50_000, 50_100, true);
        // Raise the end reading's export counter by 1024 Wh: flip a bit in its binary64.
        bytes memory forged = p[2].leaf;
        uint256 exportAt = 11 + 2 + 5 + 8 + 1 + 8; // leaf header, reading version+length, "solar", timestamp, flags, import
        forged[exportAt + 2] = forged[exportAt + 2] ^ 0x08;
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.BadProof.selector, HUB, p[2].height, keccak256(forged)));
        market.proveDelivery(o, p[0], p[1], EnergyMarket.ReadingProof(p[2].height, forged, p[2].proof), p[3]);
    }

    function test_AReplayedProofIsRefused() public {
        (uint256 o, uint256 b) = _trade();
        EnergyMarket.ReadingProof[] memory p = _readings(HUB, "solar", 50_000, 51_000, true);
        _proveWith(o, p);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AlreadyProven.selector, o));
        _proveWith(o, p);

        // The same readings for the next interval's order of the same meter: outside that interval's windows.
        uint256 previous = interval;
        interval = previous + 2;
        uint256 o2 = offer(operator, HUB, SOLAR, 1000, SELL_PRICE);
        bid(otherOperator, OTHER_HUB, FLAT, 1000, BUY_PRICE);
        clearNow();
        vm.warp((interval + 1) * LENGTH);
        uint256 fromMs = interval * LENGTH * 1000 - WINDOW * 1000;
        vm.expectRevert(
            abi.encodeWithSelector(
                EnergyMarket.ReadingOutsideWindow.selector, toMs(previous * LENGTH * 1000 - 5_000), fromMs, interval * LENGTH * 1000
            )
        );
        _proveWith(o2, p);
        b;
    }

    function test_ReadingsMustSitAtTheBoundaries() public {
        (uint256 o,) = _trade();
        bytes[] memory encodings = new bytes[](4);
        uint256 fromMs = interval * LENGTH * 1000 - WINDOW * 1000;
        encodings[0] = _leaf(10, "solar", toMs(fromMs), 50_000, true); // one ms too early
        encodings[1] = _leaf(11, "solar", startMs() + 1, 50_000, true);
        encodings[2] = _leaf(20, "solar", endMs(), 51_000, true);
        encodings[3] = _leaf(21, "solar", endMs() + 1, 51_000, true);
        EnergyMarket.ReadingProof[] memory p = _anchored(HUB, encodings);
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.ReadingOutsideWindow.selector, toMs(fromMs), fromMs, interval * LENGTH * 1000)
        );
        _proveWith(o, p);
    }

    function test_AnInvalidReadingOrABackwardCounterIsRefused() public {
        (uint256 o,) = _trade();
        bytes[] memory encodings = new bytes[](6);
        encodings[0] = _leaf(10, "solar", startMs(), 50_000, true);
        encodings[1] = _leaf(11, "solar", startMs() + 1000, 50_000, true);
        encodings[2] = LeafBuilder.meterLeaf(20, "solar", endMs(), 0, 60_000, false); // the hub judged it invalid
        encodings[3] = _leaf(21, "solar", endMs() + 1000, 60_000, true);
        encodings[4] = _leaf(30, "solar", endMs() - 1, 49_000, true);
        encodings[5] = _leaf(31, "solar", endMs() + 2000, 49_000, true);
        EnergyMarket.ReadingProof[] memory p = _anchored(HUB, encodings);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.InvalidReading.selector, int64(20)));
        market.proveDelivery(o, p[0], p[1], p[2], p[3]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.CounterDecreased.selector, uint256(50_000), uint256(49_000)));
        market.proveDelivery(o, p[0], p[1], p[4], p[5]);
    }

    // ---- issue 16: boundary readings that cannot be chosen

    /// A meter publishing every 2 s around the end boundary: 18 (end - 3 s), 19 (end - 1 s), 20 (end + 1 s).
    function _aroundTheEnd(string memory meter, bool export) internal returns (EnergyMarket.ReadingProof[] memory) {
        bytes[] memory encodings = new bytes[](5);
        encodings[0] = _leaf(10, meter, startMs() - 1000, 7_000, export);
        encodings[1] = _leaf(11, meter, startMs() + 1000, 7_001, export);
        encodings[2] = _leaf(18, meter, endMs() - 3000, 7_990, export);
        encodings[3] = _leaf(19, meter, endMs() - 1000, 8_000, export);
        encodings[4] = _leaf(20, meter, endMs() + 1000, 8_010, export);
        return _anchored(bytes(meter).length == 4 ? OTHER_HUB : HUB, encodings);
    }

    function test_ABuyerCannotProveLessImportWithAnEarlierReading() public {
        (uint256 o, uint256 b) = _trade();
        EnergyMarket.ReadingProof[] memory p = _aroundTheEnd("flat", false);
        // Reading 18 is within the window and would show 10 Wh less; its next reading (19) lies before the boundary.
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotTheBoundary.selector, int64(18), int64(19)));
        market.proveDelivery(b, p[0], p[1], p[2], p[3]);
        // Passing 19 over (18 with 20 as its "next"): not consecutive.
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotTheBoundary.selector, int64(18), int64(20)));
        market.proveDelivery(b, p[0], p[1], p[2], p[4]);
        // The start reading chosen later (11 is after the start, so outside its window) or without its next one.
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.ReadingOutsideWindow.selector, startMs() + 1000, (interval * LENGTH - WINDOW) * 1000, interval * LENGTH * 1000)
        );
        market.proveDelivery(b, p[1], p[2], p[3], p[4]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotTheBoundary.selector, int64(10), int64(10)));
        market.proveDelivery(b, p[0], p[0], p[3], p[4]);
        // The only proof: 10 (+11) and 19 (+20).
        market.proveDelivery(b, p[0], p[1], p[3], p[4]);
        assertEq(market.orderOf(b).measuredWh, 1000, "the boundary's delta");
        o;
    }

    function test_ASellerCannotPickALaterReadingPastTheBoundary() public {
        (uint256 o,) = _trade();
        EnergyMarket.ReadingProof[] memory p = _aroundTheEnd("solar", true);
        // Reading 20 (after the end) would show 10 Wh more: it is outside the end's window.
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.ReadingOutsideWindow.selector, endMs() + 1000, ((interval + 1) * LENGTH - WINDOW) * 1000, (interval + 1) * LENGTH * 1000)
        );
        market.proveDelivery(o, p[0], p[1], p[4], p[4]);
        market.proveDelivery(o, p[0], p[1], p[3], p[4]);
        assertEq(market.orderOf(o).measuredWh, 1000, "the boundary's delta");
    }

    function test_AReadingWithoutSeqCannotProveABoundary() public {
        (uint256 o,) = _trade();
        LeafBuilder.Stored memory noSeq = LeafBuilder.meterStored(10, "solar", startMs(), 0, 50_000, true);
        noSeq.reading.hasSeq = false;
        bytes[] memory encodings = new bytes[](4);
        encodings[0] = LeafBuilder.encodeLeaf(noSeq);
        encodings[1] = _leaf(11, "solar", startMs() + 1000, 50_000, true);
        encodings[2] = _leaf(20, "solar", endMs(), 51_000, true);
        encodings[3] = _leaf(21, "solar", endMs() + 1000, 51_000, true);
        EnergyMarket.ReadingProof[] memory p = _anchored(HUB, encodings);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.MissingSeq.selector, int64(10)));
        _proveWith(o, p);
    }

    function test_TheNextReadingMayBeInTheNextAnchoredBlock() public {
        (uint256 o,) = _trade();
        bytes[] memory one = new bytes[](3);
        one[0] = _leaf(10, "solar", startMs(), 50_000, true);
        one[1] = _leaf(11, "solar", startMs() + 1000, 50_000, true);
        one[2] = _leaf(20, "solar", endMs(), 50_700, true);
        EnergyMarket.ReadingProof[] memory p1 = _anchored(HUB, one);
        bytes[] memory two = new bytes[](1);
        two[0] = _leaf(21, "solar", endMs() + 1000, 50_710, true);
        EnergyMarket.ReadingProof[] memory p2 = _anchored(HUB, two);
        market.proveDelivery(o, p1[0], p1[1], p1[2], p2[0]);
        assertEq(market.orderOf(o).measuredWh, 700, "proven across blocks");
    }

    // ---- issue 16: order-book limits

    function test_AHubCannotStuffTheBookBeyondItsCap() public {
        EnergyMarket capped = new EnergyMarket(registry, anchors, LENGTH, GATE, WINDOW, TIMEOUT, 100, 2, false);
        bytes32[3] memory meters = [keccak256("m0"), keccak256("m1"), keccak256("m2")];
        for (uint256 i = 0; i < 3; i++) {
            vm.prank(operator);
            registry.setMeterKey(HUB, meters[i], vm.addr(200 + i)); // the hub registers as many meters as it likes
        }
        vm.startPrank(operator);
        capped.placeOrder(HUB, meters[0], interval, false, 100, 1);
        capped.placeOrder(HUB, meters[1], interval, false, 100, 1);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.HubBookFull.selector, interval, HUB, uint256(2)));
        capped.placeOrder(HUB, meters[2], interval, false, 100, 1);
        vm.stopPrank();
        // The others still trade.
        vm.prank(otherOperator);
        capped.placeOrder{value: 100}(OTHER_HUB, FLAT, interval, true, 100, 1);
        // And the hub again in the next interval.
        vm.prank(operator);
        capped.placeOrder(HUB, meters[2], interval + 1, false, 100, 1);
    }

    function test_ABookThatCannotClearReleasesItsEscrowInFull() public {
        uint256 o = offer(operator, HUB, SOLAR, 1000, SELL_PRICE);
        uint256 b = bid(otherOperator, OTHER_HUB, FLAT, 1000, BUY_PRICE);
        for (uint256 i = 0; i < 60; i++) {
            bytes32 m = keccak256(abi.encode("m", i));
            vm.prank(thirdOperator);
            registry.setMeterKey(THIRD_HUB, m, vm.addr(300 + i));
            vm.prank(thirdOperator);
            market.placeOrder(THIRD_HUB, m, interval, false, 10, SELL_PRICE + i);
        }
        vm.warp(market.orderDeadline(interval));
        // The clearing does not fit the gas it is given (as a book too large for a block would not).
        (bool ok,) = address(market).call{gas: 100_000}(abi.encodeCall(EnergyMarket.clear, (interval)));
        assertTrue(!ok, "clearing ran out of gas");
        assertTrue(!market.intervalInfo(interval).cleared, "not cleared");
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotCleared.selector, interval));
        market.releaseBid(b);

        uint256 abandonableAt = (interval + 1) * LENGTH + TIMEOUT;
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.TooEarlyToAbandon.selector, interval, abandonableAt));
        market.abandon(interval);
        vm.warp(abandonableAt);
        vm.prank(stranger);
        market.abandon(interval);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AlreadyCleared.selector, interval));
        market.clear(interval);
        market.releaseBid(b);
        _withdrawExactly(otherOperator, 1000 * BUY_PRICE);
        assertEq(market.orderOf(o).filledWh, 0, "nothing sold");
        assertEq(address(market).balance, 0, "no money left locked");
    }

    function test_AnUnmatchedOrderHasNothingToProve() public {
        uint256 o = offer(operator, HUB, SOLAR, 1000, SELL_PRICE);
        clearNow();
        vm.warp((interval + 1) * LENGTH);
        EnergyMarket.ReadingProof[] memory p = _readings(HUB, "solar", 50_000, 51_000, true);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotMatched.selector, o));
        _proveWith(o, p);
    }

    function test_ProofsWorkAcrossBlocks() public {
        (uint256 o, uint256 b) = _trade();
        bytes[] memory one = new bytes[](2);
        one[0] = _leaf(10, "solar", startMs(), 50_000, true);
        one[1] = _leaf(11, "solar", startMs() + 1000, 50_000, true);
        EnergyMarket.ReadingProof[] memory p1 = _anchored(HUB, one);
        bytes[] memory two = new bytes[](2);
        two[0] = _leaf(20, "solar", endMs() - 30_000, 50_600, true);
        two[1] = _leaf(21, "solar", endMs() + 30_000, 50_900, true); // the meter was quiet for a minute
        EnergyMarket.ReadingProof[] memory p2 = _anchored(HUB, two);
        market.proveDelivery(o, p1[0], p1[1], p2[0], p2[1]);
        assertEq(market.orderOf(o).measuredWh, 600, "measured across blocks 1 and 2");
        _prove(b, OTHER_HUB, "flat", 0, 1000, false);
        market.settleTrade(b, o);
        _withdrawExactly(homeowner, 600 * PRICE);
    }
}

/// forge's signing cheatcode (not in test/utils/Test.sol's Vm).
interface SigningVm {
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
}

/// A market of registrar-vouched meters (requireVouchedMeters): it counts only readings signed by the meter's key
/// that the registrar registered.
contract EnergyMarketSignedTest is MarketFixture {
    SigningVm internal constant signing = SigningVm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant SOLAR_KEY = 101; // registered for HUB's "solar" in setUpMarket
    uint256 internal constant FLAT_KEY = 103;

    function setUp() public {
        setUpMarket(100, true);
    }

    function _signed(int64 id, int64 ts, uint256 exportWh, uint256 key, bool prefix) internal pure returns (bytes memory) {
        LeafBuilder.Stored memory s = LeafBuilder.meterStored(id, "solar", ts, 0, exportWh, true);
        (uint8 v, bytes32 r, bytes32 sig) = signing.sign(key, keccak256(LeafBuilder.encodeReading(s.reading)));
        s.signature = LeafBuilder.signatureHex(v, r, sig);
        if (!prefix) {
            // Meters may send the hex without 0x; the hub stores the string as sent.
            bytes memory full = bytes(s.signature);
            bytes memory bare = new bytes(full.length - 2);
            for (uint256 i = 0; i < bare.length; i++) bare[i] = full[i + 2];
            s.signature = string(bare);
        }
        return LeafBuilder.encodeLeaf(s);
    }

    /// Anchors a start reading (id 1, at the start), its next one, an end reading (id 10, at the end) and its next
    /// one, all of "solar"; the end reading is `last` as given.
    function _proofs(bytes memory first, bytes memory last) internal returns (EnergyMarket.ReadingProof[] memory p) {
        bytes[] memory encodings = new bytes[](4);
        encodings[0] = first;
        encodings[1] = _signed(2, startMs() + 1000, 50_001, SOLAR_KEY, true);
        encodings[2] = last;
        encodings[3] = _signed(11, endMs() + 1000, 50_701, SOLAR_KEY, true);
        bytes32[] memory hashes = new bytes32[](4);
        for (uint256 i = 0; i < 4; i++) hashes[i] = keccak256(encodings[i]);
        bytes32[] memory r = new bytes32[](1);
        r[0] = LeafBuilder.root(hashes);
        uint64 height = anchors.anchoredHeight(HUB) + 1;
        vm.prank(operator);
        anchors.anchor(HUB, height, r);
        p = new EnergyMarket.ReadingProof[](4);
        for (uint256 i = 0; i < 4; i++) p[i] = EnergyMarket.ReadingProof(height, encodings[i], LeafBuilder.proof(hashes, i));
    }

    function _prove(uint256 o, EnergyMarket.ReadingProof[] memory p) internal {
        market.proveDelivery(o, p[0], p[1], p[2], p[3]);
    }

    function _sold() internal returns (uint256 o) {
        o = offer(operator, HUB, SOLAR, 1000, 2e9);
        bid(otherOperator, OTHER_HUB, FLAT, 1000, 4e9);
        clearNow();
        vm.warp((interval + 1) * LENGTH);
    }

    function test_AMeterSignatureMadeByTheHubsCodeRecovers_AndMatchesForgesSigning() public {
        // Printed by Hub.Ledger (Secp256k1Key with private key 101 signs CanonicalEncoding.ReadingHash, RFC 6979):
        // meter "solar", 1764000000000 ms, import 10 Wh, export 50700 Wh; stored as reading 3, valid.
        bytes memory leaf =
            hex"01000000000000000300200105736f6c61720000019ab697e80003402400000000000040e8c1800000000000843078323730646339643633616562363233643938306565623239623935313231366565353834653361346533653564633535666539313466383031323064623837313337636432643663316632316137346636323562626536353837356431643764366333316566373439373435643633393461623366656333323261313337316131620000019ab697e8640101097369676e61747572650100067369676e6564";
        ReadingLeafHarness harness = new ReadingLeafHarness();
        assertEq(harness.signer(leaf), vm.addr(SOLAR_KEY), "recovers the meter's address");
        assertEq(vm.addr(SOLAR_KEY), 0xE6b3367318C5e11a6eED3Cd0D850eC06A02E9b90, "the address C# printed");

        LeafBuilder.Stored memory s = LeafBuilder.meterStored(3, "solar", 1_764_000_000_000, 10, 50_700, true);
        s.reading.hasPower = false;
        s.reading.hasSeq = false;
        (uint8 v, bytes32 r, bytes32 sig) = signing.sign(SOLAR_KEY, keccak256(LeafBuilder.encodeReading(s.reading)));
        assertEq(
            keccak256(bytes(LeafBuilder.signatureHex(v, r, sig))),
            keccak256(
                "0x270dc9d63aeb623d980eeb29b951216ee584e3a4e3e5dc55fe914f80120db87137cd2d6c1f21a74f625bbe65875d1d7d6c31ef749745d6394ab3fec322a1371a1b"
            ),
            "both sign deterministically (RFC 6979, low s): the same signature"
        );
    }

    function test_ReadingsSignedByTheMetersKeyCount_WithOrWithout0x() public {
        uint256 o = _sold();
        _prove(o, _proofs(_signed(1, startMs(), 50_000, SOLAR_KEY, true), _signed(10, endMs(), 50_700, SOLAR_KEY, false)));
        assertEq(market.orderOf(o).measuredWh, 700, "measured");
    }

    function test_AnUnsignedReadingDoesNotCount() public {
        uint256 o = _sold();
        EnergyMarket.ReadingProof[] memory p =
            _proofs(_signed(1, startMs(), 50_000, SOLAR_KEY, true), LeafBuilder.meterLeaf(10, "solar", endMs(), 0, 50_700, true));
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotSignedByTheMeter.selector, int64(10), vm.addr(SOLAR_KEY), address(0)));
        _prove(o, p);
    }

    function test_AReadingSignedByAnotherKeyDoesNotCount() public {
        uint256 o = _sold();
        EnergyMarket.ReadingProof[] memory p =
            _proofs(_signed(1, startMs(), 50_000, FLAT_KEY, true), _signed(10, endMs(), 50_700, SOLAR_KEY, true));
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.NotSignedByTheMeter.selector, int64(1), vm.addr(SOLAR_KEY), vm.addr(FLAT_KEY))
        );
        _prove(o, p);
    }

    function test_AnUnsignedNextReadingDoesNotCount() public {
        // The hub cannot make up the "next" reading that fixes a boundary either.
        uint256 o = _sold();
        EnergyMarket.ReadingProof[] memory p =
            _proofs(_signed(1, startMs(), 50_000, SOLAR_KEY, true), _signed(10, endMs(), 50_700, SOLAR_KEY, true));
        bytes[] memory forged = new bytes[](1);
        forged[0] = LeafBuilder.meterLeaf(2, "solar", startMs() + 1000, 0, 50_001, true);
        bytes32[] memory hashes = new bytes32[](2);
        hashes[0] = keccak256(forged[0]);
        hashes[1] = keccak256("filler");
        bytes32[] memory r = new bytes32[](1);
        r[0] = LeafBuilder.root(hashes);
        uint64 height = anchors.anchoredHeight(HUB) + 1;
        vm.prank(operator);
        anchors.anchor(HUB, height, r);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotSignedByTheMeter.selector, int64(2), vm.addr(SOLAR_KEY), address(0)));
        market.proveDelivery(o, p[0], EnergyMarket.ReadingProof(height, forged[0], LeafBuilder.proof(hashes, 0)), p[2], p[3]);
    }

    function test_ASignatureOverOtherCountersDoesNotCount() public {
        uint256 o = _sold();
        // The hub signs nothing here: it copies the meter's signature of 50,700 Wh onto a reading of 59,700 Wh.
        LeafBuilder.Stored memory honest = LeafBuilder.meterStored(10, "solar", endMs(), 0, 50_700, true);
        (uint8 v, bytes32 r, bytes32 sig) = signing.sign(SOLAR_KEY, keccak256(LeafBuilder.encodeReading(honest.reading)));
        LeafBuilder.Stored memory forged = LeafBuilder.meterStored(10, "solar", endMs(), 0, 59_700, true);
        forged.signature = LeafBuilder.signatureHex(v, r, sig);
        EnergyMarket.ReadingProof[] memory p = _proofs(_signed(1, startMs(), 50_000, SOLAR_KEY, true), LeafBuilder.encodeLeaf(forged));
        vm.prank(stranger);
        (bool ok, bytes memory err) = address(market).call(abi.encodeCall(EnergyMarket.proveDelivery, (o, p[0], p[1], p[2], p[3])));
        assertTrue(!ok, "refused");
        // The revert data starts with the error's 4-byte selector.
        // forge-lint: disable-next-line(unsafe-typecast)
        assertEq(bytes4(err), EnergyMarket.NotSignedByTheMeter.selector, "not signed by the meter");
        assertTrue(!market.orderOf(o).proven, "not proven");
    }

    // ---- issue 16: who vouches for a meter

    function test_AHubCannotRegisterOrReplaceAVouchedMeter() public {
        // The hub (or its homeowner) cannot change the key the registrar vouched for ...
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.MeterIsVouched.selector, HUB, SOLAR));
        registry.setMeterKey(HUB, SOLAR, vm.addr(666));
        vm.prank(homeowner);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.MeterIsVouched.selector, HUB, SOLAR));
        registry.setMeterKey(HUB, SOLAR, vm.addr(666));
        // ... nor vouch for a meter itself ...
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.NotRegistrar.selector, operator));
        registry.registerMeter(HUB, keccak256("fake"), vm.addr(666), "EAN-FAKE");
        // ... and a meter it registered itself does not trade in this market.
        bytes32 fake = keccak256("fake");
        vm.prank(operator);
        registry.setMeterKey(HUB, fake, vm.addr(666));
        assertEq(registry.vouchedKey(HUB, fake), address(0), "not vouched");
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.MeterNotVouched.selector, HUB, fake));
        market.placeOrder(HUB, fake, interval, false, 1000, 1);
        assertEq(registry.vouchedKey(HUB, SOLAR), vm.addr(SOLAR_KEY), "the registrar's key stands");
    }

    function test_ASellerCannotProveFabricatedExportWithoutTheVouchedKey() public {
        uint256 o = _sold();
        // The seller's hub signs made-up readings with a key of its own (666): the market checks the vouched key.
        EnergyMarket.ReadingProof[] memory p =
            _proofs(_signed(1, startMs(), 50_000, 666, true), _signed(10, endMs(), 90_000, 666, true));
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotSignedByTheMeter.selector, int64(1), vm.addr(SOLAR_KEY), vm.addr(666)));
        _prove(o, p);
        vm.warp((interval + 1) * LENGTH + TIMEOUT);
        market.settleTrade(market.orderIdOf(interval, 1), o);
        assertEq(market.creditOf(homeowner), 0, "the seller is not paid for made-up export");
    }

    function test_OneKeyAndOneConnectionPointServeOneMeter() public {
        vm.prank(registrar);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.KeyInUse.selector, vm.addr(SOLAR_KEY)));
        registry.registerMeter(THIRD_HUB, keccak256("copy"), vm.addr(SOLAR_KEY), "EAN-new");
        vm.prank(registrar);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.ConnectionPointInUse.selector, keccak256(abi.encodePacked("EAN-", bytes32(uint256(101))))));
        registry.registerMeter(THIRD_HUB, keccak256("copy"), vm.addr(777), string(abi.encodePacked("EAN-", bytes32(uint256(101)))));
        vm.prank(registrar);
        vm.expectRevert(abi.encodeWithSelector(HubRegistry.MeterIsVouched.selector, HUB, SOLAR));
        registry.registerMeter(HUB, SOLAR, vm.addr(777), "EAN-other");
        // Revoked, the meter is free to be registered again (a replaced meter).
        vm.prank(registrar);
        registry.revokeMeter(HUB, SOLAR);
        assertEq(registry.meterKey(HUB, SOLAR), address(0), "revoked");
        vm.prank(registrar);
        registry.registerMeter(HUB, SOLAR, vm.addr(777), "EAN-other");
        assertEq(registry.vouchedKey(HUB, SOLAR), vm.addr(777), "replaced");
    }
}
