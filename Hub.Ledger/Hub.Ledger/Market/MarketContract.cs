using Hub.Ledger.Evm.Abi;

namespace Hub.Ledger.Market;

/// <summary>The parts of contracts/src/EnergyMarket.sol (and HubRegistry's meter keys) the trading agent calls.</summary>
internal static class MarketContract
{
    public static readonly AbiFunction PlaceOrder = AbiFunction.Parse("placeOrder(bytes32,bytes32,uint256,bool,uint256,uint256)", "uint256");
    public static readonly AbiFunction Clear = AbiFunction.Parse("clear(uint256)");
    /// <summary>The order, then at the start and at the end: the boundary reading and the meter's next one.</summary>
    public static readonly AbiFunction ProveDelivery = AbiFunction.Parse("proveDelivery(uint256,(uint64,bytes,bytes32[]),(uint64,bytes,bytes32[]),(uint64,bytes,bytes32[]),(uint64,bytes,bytes32[]))");
    public static readonly AbiFunction SettleTrade = AbiFunction.Parse("settleTrade(uint256,uint256)");
    public static readonly AbiFunction ReleaseBid = AbiFunction.Parse("releaseBid(uint256)");
    public static readonly AbiFunction Withdraw = AbiFunction.Parse("withdraw()");

    /// <summary>Order: price, energyWh, filledWh, matchedFrom, isBid, placer, measuredWh, proven, released, hubId, meterId.</summary>
    public static readonly AbiFunction OrderOf = AbiFunction.Parse("orderOf(uint256)", "(uint96,uint48,uint48,uint56,bool,address,uint48,bool,bool,bytes32,bytes32)");

    /// <summary>Interval: orderCount, cleared, price, matchedWh.</summary>
    public static readonly AbiFunction IntervalInfo = AbiFunction.Parse("intervalInfo(uint256)", "(uint32,bool,uint96,uint56)");
    public static readonly AbiFunction TradeSettled = AbiFunction.Parse("tradeSettled(uint256,uint256)", "bool");
    public static readonly AbiFunction CreditOf = AbiFunction.Parse("creditOf(address)", "uint256");
    public static readonly AbiFunction IntervalLength = AbiFunction.Parse("intervalLength()", "uint64");
    public static readonly AbiFunction GateClosure = AbiFunction.Parse("gateClosure()", "uint64");
    public static readonly AbiFunction ReadingWindow = AbiFunction.Parse("readingWindow()", "uint64");
    public static readonly AbiFunction SettleTimeout = AbiFunction.Parse("settleTimeout()", "uint64");
    public static readonly AbiFunction Registry = AbiFunction.Parse("registry()", "address");
    public static readonly AbiFunction RequireVouchedMeters = AbiFunction.Parse("requireVouchedMeters()", "bool");
    public static readonly AbiFunction VouchedKey = AbiFunction.Parse("vouchedKey(bytes32,bytes32)", "address");
    public static readonly AbiFunction MeterKey = AbiFunction.Parse("meterKey(bytes32,bytes32)", "address");
    public static readonly AbiFunction SetMeterKey = AbiFunction.Parse("setMeterKey(bytes32,bytes32,address)");

    public static readonly AbiEvent OrderPlaced = AbiEvent.Parse("OrderPlaced(uint256 indexed interval, uint256 indexed orderId, bytes32 indexed hubId, bytes32 meterId, bool isBid, uint256 energyWh, uint256 price)");
    public static readonly AbiEvent OrderFilled = AbiEvent.Parse("OrderFilled(uint256 indexed interval, uint256 indexed orderId, uint256 filledWh, uint256 matchedFrom)");
    public static readonly AbiEvent DeliveryProven = AbiEvent.Parse("DeliveryProven(uint256 indexed orderId, uint256 measuredWh)");
    public static readonly AbiEvent TradeSettledEvent = AbiEvent.Parse("TradeSettled(uint256 indexed interval, uint256 indexed bidId, uint256 indexed offerId, uint256 energyWh, uint256 deliveredWh, uint256 paid, uint256 refunded)");

    /// <summary>The market's custom errors, to name a revert.</summary>
    public static readonly IReadOnlyList<AbiError> Errors =
    [
        AbiError.Parse("NotOperator(bytes32,address)"),
        AbiError.Parse("UnknownMeter(bytes32,bytes32)"),
        AbiError.Parse("IntervalOutOfRange(uint256)"),
        AbiError.Parse("GateClosed(uint256,uint256)"),
        AbiError.Parse("GateOpen(uint256,uint256)"),
        AbiError.Parse("BookFull(uint256,uint256)"),
        AbiError.Parse("MeterAlreadyTrading(uint256,bytes32,bytes32)"),
        AbiError.Parse("ZeroEnergy()"),
        AbiError.Parse("EnergyTooLarge(uint256)"),
        AbiError.Parse("PriceTooLarge(uint256)"),
        AbiError.Parse("WrongEscrow(uint256,uint256)"),
        AbiError.Parse("UnknownOrder(uint256)"),
        AbiError.Parse("AlreadyCleared(uint256)"),
        AbiError.Parse("NotCleared(uint256)"),
        AbiError.Parse("DeliveryNotOver(uint256,uint256)"),
        AbiError.Parse("NotMatched(uint256)"),
        AbiError.Parse("AlreadyProven(uint256)"),
        AbiError.Parse("NotAnchored(bytes32,uint64)"),
        AbiError.Parse("BadProof(bytes32,uint64,bytes32)"),
        AbiError.Parse("WrongMeter(bytes32,bytes32)"),
        AbiError.Parse("InvalidReading(int64)"),
        AbiError.Parse("MissingCounter(int64)"),
        AbiError.Parse("NotSignedByTheMeter(int64,address,address)"),
        AbiError.Parse("ReadingOutsideWindow(int64,uint256,uint256)"),
        AbiError.Parse("CounterDecreased(uint256,uint256)"),
        AbiError.Parse("NotATrade(uint256,uint256)"),
        AbiError.Parse("TradeAlreadySettled(uint256,uint256)"),
        AbiError.Parse("AwaitingProofs(uint256,uint256,uint256)"),
        AbiError.Parse("NotABid(uint256)"),
        AbiError.Parse("AlreadyReleased(uint256)"),
        AbiError.Parse("NothingToWithdraw()"),
        AbiError.Parse("NotHubOperatorOrHomeowner(bytes32,address)"),
        AbiError.Parse("HubBookFull(uint256,bytes32,uint256)"),
        AbiError.Parse("MeterNotVouched(bytes32,bytes32)"),
        AbiError.Parse("NotTheBoundary(int64,int64)"),
        AbiError.Parse("MissingSeq(int64)"),
        AbiError.Parse("TooEarlyToAbandon(uint256,uint256)"),
        AbiError.Parse("MeterIsVouched(bytes32,bytes32)"),
    ];
}
