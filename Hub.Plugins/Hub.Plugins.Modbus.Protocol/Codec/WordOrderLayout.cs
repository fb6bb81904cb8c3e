namespace Hub.Plugins.Modbus.Protocol;

/// <summary>A word order as two independent moves: reverse the registers, swap the bytes inside each.</summary>
internal static class WordOrderLayout
{
    public static (bool ReverseWords, bool SwapBytes) Of(WordOrder order) => order switch
    {
        WordOrder.Abcd => (false, false),
        WordOrder.Cdab => (true, false),
        WordOrder.Badc => (false, true),
        WordOrder.Dcba => (true, true),
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown word order."),
    };
}
