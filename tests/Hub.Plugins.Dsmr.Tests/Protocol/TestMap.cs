using Hub.Plugins.Dsmr.Obis;
using Hub.Plugins.Dsmr.Protocol;

namespace Hub.Plugins.Dsmr.Tests.Protocol;

internal static class TestMap
{
    public static ObisMap Shipped { get; } = ObisMap.Load(ObisMap.ShippedPath);

    public static P1Values Decode(byte[] bytes, DateTimeOffset? receivedAt = null)
    {
        var frame = Assert.Single(new P1Framer().Push(bytes));
        Assert.Equal(P1FrameKind.Telegram, frame.Kind);
        var telegram = P1TelegramParser.Parse(frame.Telegram!, frame.HasCrc);
        return P1ReadingBuilder.Build(telegram, Shipped, "house", receivedAt ?? DateTimeOffset.UnixEpoch);
    }
}
