using Hub.Plugins.Mqtt.Configuration;

namespace Hub.Plugins.Mqtt.Tests.Configuration;

public sealed class MqttTopicsTests
{
    [Theory]
    [InlineData("smartmeter/#", "smartmeter/house/reading", true)]
    [InlineData("smartmeter/#", "smartmeter/+/reading", true)]
    [InlineData("smartmeter/#", "smartmeter/#", true)]
    [InlineData("smartmeter/#", "smartmeter", true)]
    [InlineData("smartmeter/#", "#", false)]
    [InlineData("smartmeter/#", "other/house", false)]
    [InlineData("smartmeter/+/reading", "smartmeter/house/reading", true)]
    [InlineData("smartmeter/+/reading", "smartmeter/+/reading", true)]
    [InlineData("smartmeter/+/reading", "smartmeter/#", false)]
    [InlineData("smartmeter/+/reading", "smartmeter/house/status", false)]
    [InlineData("smartmeter/house/reading", "smartmeter/house/reading", true)]
    [InlineData("smartmeter/house/reading", "smartmeter/house/reading/x", false)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("+/x", "$SYS/x", false)]
    [InlineData("#", "anything/at/all", true)]
    public void Covers_says_whether_an_allowed_filter_contains_a_subscription(string allowed, string filter, bool expected) =>
        Assert.Equal(expected, MqttTopics.Covers(allowed, filter));

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a/b#")]
    [InlineData("a+/b")]
    [InlineData("")]
    public void Invalid_filters_are_named(string filter) => Assert.NotNull(MqttTopics.CheckTopicFilter(filter));

    [Theory]
    [InlineData("smartmeter/+/reading")]
    [InlineData("smartmeter/#")]
    [InlineData("")]
    public void Wildcards_are_not_topic_names(string topic) => Assert.NotNull(MqttTopics.CheckTopicName(topic));
}
