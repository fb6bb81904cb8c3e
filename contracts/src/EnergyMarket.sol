// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {HubRegistry} from "./HubRegistry.sol";
import {BlockAnchor} from "./BlockAnchor.sol";
import {ReadingLeaf} from "./ReadingLeaf.sol";

/// @title A neighbourhood energy market: one uniform-price double auction per delivery interval, paid on metered
/// delivery proven against the hubs' anchored blocks (docs/market.md).
/// @notice Interval i covers [i * intervalLength, (i + 1) * intervalLength) seconds. Registered hubs (their
/// operator key) place offers (sell Wh at a minimum price) and bids (buy Wh at a maximum price, escrowed in the
/// native coin) for one of their meters until the gate closes, gateClosure seconds before the interval starts.
/// Then anyone clears the interval: bids by price descending, offers by price ascending, ties by time of placement;
/// the matched volume is allocated in that order, the marginal order is filled partially, and every trade pays the
/// midpoint of the marginal (last matched) bid and offer. After the interval, anyone proves each matched order's
/// meter counter delta from the hub's anchored blocks: at each boundary the meter's last reading at or before it and
/// the meter's next reading (the following seq) after it, so the boundary reading is the one and only; each trade
/// then pays the seller for the energy delivered (pro rata when short) and refunds the buyer the rest. Payments are
/// credited and withdrawn. An interval that was never cleared can be abandoned after the settle timeout, which
/// releases its bids' escrow: no money stays locked.
contract EnergyMarket is ReentrancyGuard {
    /// Slot 0 is everything clearing reads and writes, so clearing touches one slot per order.
    struct Order {
        uint96 price; // wei per Wh: the bid's maximum or the offer's minimum
        uint48 energyWh;
        uint48 filledWh; // set by clearing
        uint56 matchedFrom; // where this order's fill starts on the interval's matched-volume axis (see trades)
        bool isBid;
        address placer; // the hub key that placed it; a bid's refunds go back to it
        uint48 measuredWh; // the meter's counter delta over the interval, once proven
        bool proven;
        bool released; // a bid's unfilled escrow is credited (releaseBid)
        bytes32 hubId;
        bytes32 meterId; // keccak256 of the meter id's UTF-8 bytes, registered in HubRegistry.meterKey
    }

    struct Interval {
        uint32 orderCount;
        bool cleared;
        uint96 price; // the uniform clearing price, wei per Wh (0 when nothing matched)
        uint56 matchedWh;
    }

    /// One reading of a meter, as the settler submits it: the block height, the leaf ENCODING and its Merkle proof.
    struct ReadingProof {
        uint64 height;
        bytes leaf;
        bytes32[] proof;
    }

    HubRegistry public immutable registry;
    BlockAnchor public immutable anchors;
    uint64 public immutable intervalLength; // seconds, 900 by default
    uint64 public immutable gateClosure; // orders close this many seconds before their interval starts
    uint64 public immutable readingWindow; // a boundary reading lies in (boundary - readingWindow, boundary]
    uint64 public immutable settleTimeout; // after the interval's end, unproven orders may be settled by anyone
    uint32 public immutable maxOrdersPerInterval; // the bound on the clearing's gas (at most MAX_ORDERS_PER_INTERVAL)
    uint32 public immutable maxOrdersPerHub; // orders one hub may place per interval: no hub fills the book alone
    /// When set, orders are only for meters the registrar vouched for (HubRegistry.vouchedKey), and every reading of
    /// a proof counts only if signed by that key: the meter, not its hub (which may belong to the seller or the
    /// buyer), vouches for the counters.
    bool public immutable requireVouchedMeters;

    /// What one clearing may hold: the largest book whose clearing fits a 30M-gas block with room to spare
    /// (`./smartmeter bench market`: 2,000 orders take about 24M gas; docs/benchmarks.md).
    uint32 public constant MAX_ORDERS_PER_INTERVAL = 2000;

    mapping(uint256 orderId => Order) private _orders;
    mapping(uint256 interval => Interval) private _intervals;
    mapping(uint256 interval => mapping(bytes32 hubId => mapping(bytes32 meterId => bool))) private _meterBusy;
    mapping(uint256 interval => mapping(bytes32 hubId => uint256)) private _hubOrders;
    mapping(uint256 bidId => mapping(uint256 offerId => bool)) private _tradeSettled;
    mapping(address => uint256) public creditOf;

    event OrderPlaced(uint256 indexed interval, uint256 indexed orderId, bytes32 indexed hubId, bytes32 meterId, bool isBid, uint256 energyWh, uint256 price);
    event IntervalCleared(uint256 indexed interval, uint256 price, uint256 matchedWh, uint256 orders);
    event OrderFilled(uint256 indexed interval, uint256 indexed orderId, uint256 filledWh, uint256 matchedFrom);
    event DeliveryProven(uint256 indexed orderId, uint256 measuredWh);
    event TradeSettled(uint256 indexed interval, uint256 indexed bidId, uint256 indexed offerId, uint256 energyWh, uint256 deliveredWh, uint256 paid, uint256 refunded);
    event BidReleased(uint256 indexed orderId, uint256 refunded);
    event IntervalAbandoned(uint256 indexed interval, uint256 orders);
    event Withdrawn(address indexed to, uint256 amount);

    error NotOperator(bytes32 hubId, address caller);
    error UnknownMeter(bytes32 hubId, bytes32 meterId);
    error IntervalOutOfRange(uint256 interval);
    error GateClosed(uint256 interval, uint256 closedAt);
    error GateOpen(uint256 interval, uint256 closesAt);
    error BookFull(uint256 interval, uint256 maxOrders);
    error HubBookFull(uint256 interval, bytes32 hubId, uint256 maxOrders);
    error MeterNotVouched(bytes32 hubId, bytes32 meterId);
    error NotTheBoundary(int64 readingId, int64 nextReadingId);
    error MissingSeq(int64 readingId);
    error TooEarlyToAbandon(uint256 interval, uint256 abandonableAt);
    error MeterAlreadyTrading(uint256 interval, bytes32 hubId, bytes32 meterId);
    error ZeroEnergy();
    error EnergyTooLarge(uint256 energyWh);
    error PriceTooLarge(uint256 price);
    error WrongEscrow(uint256 expected, uint256 sent);
    error UnknownOrder(uint256 orderId);
    error AlreadyCleared(uint256 interval);
    error NotCleared(uint256 interval);
    error DeliveryNotOver(uint256 interval, uint256 endsAt);
    error NotMatched(uint256 orderId);
    error AlreadyProven(uint256 orderId);
    error NotAnchored(bytes32 hubId, uint64 height);
    error BadProof(bytes32 hubId, uint64 height, bytes32 leaf);
    error WrongMeter(bytes32 expected, bytes32 actual);
    error InvalidReading(int64 readingId);
    error MissingCounter(int64 readingId);
    error NotSignedByTheMeter(int64 readingId, address expected, address signer);
    error ReadingOutsideWindow(int64 timestampMs, uint256 fromMs, uint256 toMs);
    error CounterDecreased(uint256 startWh, uint256 endWh);
    error NotATrade(uint256 bidId, uint256 offerId);
    error TradeAlreadySettled(uint256 bidId, uint256 offerId);
    error AwaitingProofs(uint256 bidId, uint256 offerId, uint256 timeoutAt);
    error NotABid(uint256 orderId);
    error AlreadyReleased(uint256 orderId);
    error NothingToWithdraw();
    error BadParameters();

    constructor(
        HubRegistry registry_,
        BlockAnchor anchors_,
        uint64 intervalLength_,
        uint64 gateClosure_,
        uint64 readingWindow_,
        uint64 settleTimeout_,
        uint32 maxOrdersPerInterval_,
        uint32 maxOrdersPerHub_,
        bool requireVouchedMeters_
    ) {
        // A reading window shorter than the interval keeps one reading from serving as the same boundary of two
        // intervals; the order cap keeps the clearing within one block (and the matched-volume axis within uint56).
        if (intervalLength_ == 0 || readingWindow_ == 0 || readingWindow_ >= intervalLength_) revert BadParameters();
        if (maxOrdersPerInterval_ == 0 || maxOrdersPerInterval_ > MAX_ORDERS_PER_INTERVAL) revert BadParameters();
        if (maxOrdersPerHub_ == 0 || maxOrdersPerHub_ > maxOrdersPerInterval_) revert BadParameters();
        registry = registry_;
        anchors = anchors_;
        intervalLength = intervalLength_;
        gateClosure = gateClosure_;
        readingWindow = readingWindow_;
        settleTimeout = settleTimeout_;
        maxOrdersPerInterval = maxOrdersPerInterval_;
        maxOrdersPerHub = maxOrdersPerHub_;
        requireVouchedMeters = requireVouchedMeters_;
    }

    // ---- time

    /// @notice The interval a Unix time (seconds) falls in.
    function intervalOf(uint256 timestamp) public view returns (uint256) {
        return timestamp / intervalLength;
    }

    function intervalStart(uint256 interval) public view returns (uint256) {
        return interval * intervalLength;
    }

    /// @notice Orders for `interval` are accepted while block.timestamp < orderDeadline(interval).
    function orderDeadline(uint256 interval) public view returns (uint256) {
        uint256 start = interval * intervalLength;
        return start > gateClosure ? start - gateClosure : 0;
    }

    // ---- orders

    /// @notice The hub's operator key offers (isBid false) or bids for (isBid true) `energyWh` Wh in `interval`, for
    /// one of the hub's registered meters, at `price` wei per Wh. A bid sends energyWh * price as escrow.
    /// One order per meter and interval (a meter's counter delta pays for one order only), maxOrdersPerHub per hub;
    /// with requireVouchedMeters, only for a meter the registrar vouched for.
    function placeOrder(bytes32 hubId, bytes32 meterId, uint256 interval, bool isBid, uint256 energyWh, uint256 price)
        external
        payable
        returns (uint256 orderId)
    {
        if (!registry.isOperator(hubId, msg.sender)) revert NotOperator(hubId, msg.sender);
        if (registry.meterKey(hubId, meterId) == address(0)) revert UnknownMeter(hubId, meterId);
        if (requireVouchedMeters && registry.vouchedKey(hubId, meterId) == address(0)) revert MeterNotVouched(hubId, meterId);
        // Order ids keep the interval above bit 32; a bound far beyond any real interval keeps them unique.
        if (interval > type(uint64).max) revert IntervalOutOfRange(interval);
        uint256 deadline = orderDeadline(interval);
        if (block.timestamp >= deadline) revert GateClosed(interval, deadline);
        if (energyWh == 0) revert ZeroEnergy();
        if (energyWh > 1 << 40) revert EnergyTooLarge(energyWh);
        if (price > type(uint96).max) revert PriceTooLarge(price);
        uint256 escrow = isBid ? energyWh * price : 0;
        if (msg.value != escrow) revert WrongEscrow(escrow, msg.value);
        if (_meterBusy[interval][hubId][meterId]) revert MeterAlreadyTrading(interval, hubId, meterId);
        Interval storage book = _intervals[interval];
        uint32 index = book.orderCount;
        if (index >= maxOrdersPerInterval) revert BookFull(interval, maxOrdersPerInterval);
        uint256 placedByHub = _hubOrders[interval][hubId];
        if (placedByHub >= maxOrdersPerHub) revert HubBookFull(interval, hubId, maxOrdersPerHub);

        _hubOrders[interval][hubId] = placedByHub + 1;
        _meterBusy[interval][hubId][meterId] = true;
        book.orderCount = index + 1;
        orderId = orderIdOf(interval, index);
        Order storage order = _orders[orderId];
        // Both bounded above: energyWh <= 2^40, price <= 2^96 - 1.
        // forge-lint: disable-next-line(unsafe-typecast)
        order.price = uint96(price);
        // forge-lint: disable-next-line(unsafe-typecast)
        order.energyWh = uint48(energyWh);
        order.isBid = isBid;
        order.placer = msg.sender;
        order.hubId = hubId;
        order.meterId = meterId;
        emit OrderPlaced(interval, orderId, hubId, meterId, isBid, energyWh, price);
    }

    /// @notice Order ids: the interval in the high bits, the order's place in the book (its time priority) in the low 32.
    function orderIdOf(uint256 interval, uint256 index) public pure returns (uint256) {
        return (interval << 32) | index;
    }

    function orderOf(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    function intervalInfo(uint256 interval) external view returns (Interval memory) {
        return _intervals[interval];
    }

    // ---- clearing

    /// @notice Clears `interval` once its gate has closed; anyone may call. Gas grows with the book's size
    /// (n log n compares in memory, one storage slot read per order and one written per matched order), bounded
    /// by maxOrdersPerInterval.
    function clear(uint256 interval) external {
        Interval storage book = _intervals[interval];
        if (book.cleared) revert AlreadyCleared(interval);
        uint256 deadline = orderDeadline(interval);
        if (block.timestamp < deadline) revert GateOpen(interval, deadline);
        uint256 n = book.orderCount;
        book.cleared = true;

        // Sort keys: the low 32 bits are the order's index (its time priority, which also makes keys unique).
        // Offers ascend by price; bids ascend by (max price - price), i.e. descend by price. Ties: lower index first.
        uint256[] memory bids = new uint256[](n);
        uint256[] memory offers = new uint256[](n);
        uint256 bidCount;
        uint256 offerCount;
        uint256 base = interval << 32;
        for (uint256 i = 0; i < n; i++) {
            Order storage o = _orders[base | i];
            if (o.isBid) {
                bids[bidCount++] = (uint256(type(uint96).max - o.price) << 32) | i;
            } else {
                offers[offerCount++] = (uint256(o.price) << 32) | i;
            }
        }
        _sort(bids, bidCount);
        _sort(offers, offerCount);

        Walk memory w = _match(base, bids, bidCount, offers, offerCount);

        uint256 price = w.matched == 0 ? 0 : (w.marginalBid + w.marginalOffer) / 2;
        // price <= marginalBid < 2^96; matched <= 2^16 orders * 2^40 Wh < 2^56.
        // forge-lint: disable-next-line(unsafe-typecast)
        book.price = uint96(price);
        // forge-lint: disable-next-line(unsafe-typecast)
        book.matchedWh = uint56(w.matched);
        emit IntervalCleared(interval, price, w.matched, n);
    }

    /// @notice An interval nobody cleared (e.g. its clearing did not fit a block) is abandoned once settleTimeout
    /// has passed since its end: it counts as cleared with nothing matched, so every bid's escrow is released in
    /// full (releaseBid) and nothing is paid. Anyone may call.
    function abandon(uint256 interval) external {
        Interval storage book = _intervals[interval];
        if (book.cleared) revert AlreadyCleared(interval);
        uint256 abandonableAt = (interval + 1) * intervalLength + settleTimeout;
        if (block.timestamp < abandonableAt) revert TooEarlyToAbandon(interval, abandonableAt);
        book.cleared = true;
        emit IntervalAbandoned(interval, book.orderCount);
        emit IntervalCleared(interval, 0, 0, book.orderCount);
    }

    /// The state of the matching walk (in memory: too many values for the stack).
    struct Walk {
        uint256 matched;
        uint256 bi;
        uint256 oi;
        uint256 bidLeft;
        uint256 offerLeft;
        uint256 bidFrom;
        uint256 offerFrom;
        uint256 marginalBid;
        uint256 marginalOffer;
    }

    /// Walks both sides: the best remaining bid meets the best remaining offer while the bid pays at least the ask.
    /// Each order's fill is a contiguous stretch [matchedFrom, matchedFrom + filledWh) of the matched-volume axis,
    /// allocated in sort order on both sides, so a trade is exactly the overlap of a bid's stretch with an offer's
    /// (settleTrade), and clearing stores no trade list.
    function _match(uint256 base, uint256[] memory bids, uint256 bidCount, uint256[] memory offers, uint256 offerCount)
        private
        returns (Walk memory w)
    {
        while (w.bi < bidCount && w.oi < offerCount) {
            uint256 bidId = base | (bids[w.bi] & 0xFFFFFFFF);
            uint256 offerId = base | (offers[w.oi] & 0xFFFFFFFF);
            Order storage bid = _orders[bidId];
            Order storage offer = _orders[offerId];
            if (bid.price < offer.price) break;
            if (w.bidLeft == 0) (w.bidLeft, w.bidFrom) = (bid.energyWh, w.matched);
            if (w.offerLeft == 0) (w.offerLeft, w.offerFrom) = (offer.energyWh, w.matched);
            uint256 q = w.bidLeft < w.offerLeft ? w.bidLeft : w.offerLeft;
            w.marginalBid = bid.price;
            w.marginalOffer = offer.price;
            w.matched += q;
            w.bidLeft -= q;
            w.offerLeft -= q;
            if (w.bidLeft == 0) {
                _fill(bid, bidId, w.bidFrom, w.matched);
                w.bi++;
            }
            if (w.offerLeft == 0) {
                _fill(offer, offerId, w.offerFrom, w.matched);
                w.oi++;
            }
        }
        // The marginal order on the side that was not used up is filled partially: its stretch ends here.
        if (w.bidLeft != 0) {
            uint256 bidId = base | (bids[w.bi] & 0xFFFFFFFF);
            _fill(_orders[bidId], bidId, w.bidFrom, w.matched);
        }
        if (w.offerLeft != 0) {
            uint256 offerId = base | (offers[w.oi] & 0xFFFFFFFF);
            _fill(_orders[offerId], offerId, w.offerFrom, w.matched);
        }
    }

    function _fill(Order storage order, uint256 orderId, uint256 from, uint256 to) private {
        // to - from <= energyWh < 2^48; from < 2^56 (constructor bounds).
        // forge-lint: disable-next-line(unsafe-typecast)
        order.filledWh = uint48(to - from);
        // forge-lint: disable-next-line(unsafe-typecast)
        order.matchedFrom = uint56(from);
        emit OrderFilled(orderId >> 32, orderId, to - from, from);
    }

    // ---- settlement

    /// @notice Proves a matched order's delivery with readings of the order's meter from the order's hub's anchored
    /// blocks. At each boundary (the interval's start and end, Unix ms): the meter's reading at or before it, in
    /// (boundary - readingWindow, boundary] and judged valid by the hub, and the meter's next reading (seq + 1),
    /// after the boundary. The pair shows that no later reading lies at or before the boundary, so the boundary
    /// reading cannot be chosen. The counter delta between the two boundary readings (export for an offer, import
    /// for a bid, whole Wh) is recorded. Anyone may submit: the proofs speak for themselves. Once per order.
    function proveDelivery(
        uint256 orderId,
        ReadingProof calldata startReading,
        ReadingProof calldata afterStart,
        ReadingProof calldata endReading,
        ReadingProof calldata afterEnd
    ) external {
        Order storage order = _orders[orderId];
        if (order.hubId == bytes32(0)) revert UnknownOrder(orderId);
        uint256 interval = orderId >> 32;
        if (!_intervals[interval].cleared) revert NotCleared(interval);
        uint256 endsAt = (interval + 1) * intervalLength;
        if (block.timestamp < endsAt) revert DeliveryNotOver(interval, endsAt);
        if (order.filledWh == 0) revert NotMatched(orderId);
        if (order.proven) revert AlreadyProven(orderId);

        uint256 startMs = interval * intervalLength * 1000;
        uint256 endMs = endsAt * 1000;
        address meterKey = requireVouchedMeters ? registry.vouchedKey(order.hubId, order.meterId) : address(0);
        uint256 first = _counterAt(order, startReading, afterStart, startMs, meterKey);
        uint256 last = _counterAt(order, endReading, afterEnd, endMs, meterKey);
        if (last < first) revert CounterDecreased(first, last);
        uint256 measured = last - first;
        // The fill caps what counts, so storing more than 2^48 - 1 Wh would say nothing new.
        // forge-lint: disable-next-line(unsafe-typecast)
        order.measuredWh = uint48(measured > type(uint48).max ? type(uint48).max : measured);
        order.proven = true;
        emit DeliveryProven(orderId, measured);
    }

    /// @notice Settles the trade between a bid and an offer of the same interval (the overlap of their fills):
    /// once both orders are proven, or by anyone once settleTimeout has passed since the interval's end.
    /// delivered = the trade's energy, scaled down pro rata by the seller's measured export (an unproven seller:
    /// nothing) and by the buyer's measured import when proven (an unproven buyer is taken to have taken it all,
    /// so withholding a proof never saves a buyer money). The seller's homeowner is credited delivered * price;
    /// the bid's placer gets the rest of the trade's escrow back: energy * bid price - delivered * price.
    function settleTrade(uint256 bidId, uint256 offerId) external {
        Order storage bid = _orders[bidId];
        Order storage offer = _orders[offerId];
        uint256 interval = bidId >> 32;
        if (!bid.isBid || offer.isBid || offerId >> 32 != interval) revert NotATrade(bidId, offerId);
        if (!_intervals[interval].cleared) revert NotCleared(interval);
        uint256 energy = _overlap(bid, offer);
        if (energy == 0) revert NotATrade(bidId, offerId);
        if (_tradeSettled[bidId][offerId]) revert TradeAlreadySettled(bidId, offerId);
        uint256 endsAt = (interval + 1) * intervalLength;
        if (block.timestamp < endsAt) revert DeliveryNotOver(interval, endsAt);
        if (!(bid.proven && offer.proven) && block.timestamp < endsAt + settleTimeout) {
            revert AwaitingProofs(bidId, offerId, endsAt + settleTimeout);
        }
        _tradeSettled[bidId][offerId] = true;

        uint256 delivered = offer.proven ? _proRata(energy, offer.measuredWh, offer.filledWh) : 0;
        if (bid.proven) {
            uint256 taken = _proRata(energy, bid.measuredWh, bid.filledWh);
            if (taken < delivered) delivered = taken;
        }
        uint256 paid = delivered * _intervals[interval].price;
        uint256 refunded = energy * bid.price - paid;
        creditOf[registry.hubOf(offer.hubId).homeowner] += paid;
        creditOf[bid.placer] += refunded;
        emit TradeSettled(interval, bidId, offerId, energy, delivered, paid, refunded);
    }

    /// @notice The energy (Wh) traded between a bid and an offer: the overlap of their fills on the matched-volume
    /// axis; 0 when they did not trade.
    function tradeEnergy(uint256 bidId, uint256 offerId) external view returns (uint256) {
        return _overlap(_orders[bidId], _orders[offerId]);
    }

    function _overlap(Order storage bid, Order storage offer) private view returns (uint256) {
        uint256 from = bid.matchedFrom > offer.matchedFrom ? bid.matchedFrom : offer.matchedFrom;
        uint256 bidTo = uint256(bid.matchedFrom) + bid.filledWh;
        uint256 offerTo = uint256(offer.matchedFrom) + offer.filledWh;
        uint256 to = bidTo < offerTo ? bidTo : offerTo;
        return to > from ? to - from : 0;
    }

    /// @notice After clearing, credits a bid's placer with the escrow of its unfilled energy (at the bid's price).
    /// The filled part's escrow is settled trade by trade. Anyone may call; once.
    function releaseBid(uint256 bidId) external {
        Order storage bid = _orders[bidId];
        if (bid.hubId == bytes32(0)) revert UnknownOrder(bidId);
        if (!bid.isBid) revert NotABid(bidId);
        uint256 interval = bidId >> 32;
        if (!_intervals[interval].cleared) revert NotCleared(interval);
        if (bid.released) revert AlreadyReleased(bidId);
        bid.released = true;
        uint256 refunded = uint256(bid.energyWh - bid.filledWh) * bid.price;
        creditOf[bid.placer] += refunded;
        emit BidReleased(bidId, refunded);
    }

    /// @notice Pays out the caller's credits (pull payments: one failing recipient cannot block anyone's settlement).
    function withdraw() external nonReentrant {
        uint256 amount = creditOf[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        creditOf[msg.sender] = 0;
        Address.sendValue(payable(msg.sender), amount);
        emit Withdrawn(msg.sender, amount);
    }

    function tradeSettled(uint256 bidId, uint256 offerId) external view returns (bool) {
        return _tradeSettled[bidId][offerId];
    }

    /// energy * min(measured, filled) / filled, rounded down.
    function _proRata(uint256 energy, uint256 measured, uint256 filled) private pure returns (uint256) {
        if (measured >= filled) return energy;
        return energy * measured / filled;
    }

    /// Checks one boundary (the reading at or before it and the meter's next one after it) and returns the boundary
    /// reading's counter (export for an offer, import for a bid) in whole Wh.
    function _counterAt(
        Order storage order,
        ReadingProof calldata reading,
        ReadingProof calldata next,
        uint256 boundaryMs,
        address meterKey
    ) private view returns (uint256) {
        ReadingLeaf.Decoded memory d = _checked(order, reading, meterKey);
        if (!d.valid) revert InvalidReading(d.readingId);
        uint256 fromMs = boundaryMs - readingWindow * 1000;
        if (d.timestampMs <= 0 || uint256(uint64(d.timestampMs)) <= fromMs || uint256(uint64(d.timestampMs)) > boundaryMs) {
            revert ReadingOutsideWindow(d.timestampMs, fromMs, boundaryMs);
        }
        if (!d.hasSeq) revert MissingSeq(d.readingId);
        ReadingLeaf.Decoded memory n = _checked(order, next, meterKey);
        if (!n.hasSeq) revert MissingSeq(n.readingId);
        // The next reading of the meter lies after the boundary: so no reading of the meter lies between the two,
        // and d is the last one at or before the boundary.
        if (n.seq != d.seq + 1 || n.timestampMs <= 0 || uint256(uint64(n.timestampMs)) <= boundaryMs) {
            revert NotTheBoundary(d.readingId, n.readingId);
        }
        if (order.isBid) {
            if (!d.hasImport) revert MissingCounter(d.readingId);
            return ReadingLeaf.wholeWh(d.importBits);
        }
        if (!d.hasExport) revert MissingCounter(d.readingId);
        return ReadingLeaf.wholeWh(d.exportBits);
    }

    /// One reading of the order's meter, anchored by the order's hub (and signed by the vouched key when required).
    function _checked(Order storage order, ReadingProof calldata reading, address meterKey)
        private
        view
        returns (ReadingLeaf.Decoded memory d)
    {
        bytes32 hubId = order.hubId;
        bytes32 leaf = keccak256(reading.leaf);
        if (!anchors.verifyReading(hubId, reading.height, leaf, reading.proof)) {
            if (anchors.rootOf(hubId, reading.height) == bytes32(0)) revert NotAnchored(hubId, reading.height);
            revert BadProof(hubId, reading.height, leaf);
        }
        d = ReadingLeaf.decode(reading.leaf);
        if (d.meterIdHash != order.meterId) revert WrongMeter(order.meterId, d.meterIdHash);
        if (requireVouchedMeters) {
            address signer = ReadingLeaf.signer(reading.leaf, d);
            if (signer != meterKey) revert NotSignedByTheMeter(d.readingId, meterKey, signer);
        }
    }

    /// In-place ascending quicksort of keys[0..count) (Hoare partition, middle pivot); keys are unique.
    function _sort(uint256[] memory keys, uint256 count) private pure {
        if (count > 1) _quickSort(keys, 0, count - 1);
    }

    function _quickSort(uint256[] memory a, uint256 lo, uint256 hi) private pure {
        while (lo < hi) {
            uint256 pivot = a[lo + (hi - lo) / 2];
            uint256 i = lo;
            uint256 j = hi;
            while (true) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i >= j) break;
                (a[i], a[j]) = (a[j], a[i]);
                i++;
                j--;
            }
            // Recurse into the smaller part, loop on the larger: stack depth stays O(log n).
            if (j - lo < hi - j) {
                _quickSort(a, lo, j);
                lo = j + 1;
            } else {
                _quickSort(a, j + 1, hi);
                hi = j;
            }
        }
    }
}
