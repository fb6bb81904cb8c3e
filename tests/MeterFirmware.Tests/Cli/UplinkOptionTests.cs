using System.Net;
using MeterFirmware.Cli;

namespace MeterFirmware.Tests.Cli;

public sealed class UplinkOptionTests
{
    private static readonly string[] Base = ["--meter-id", "ev", "--profile", "household", "--state-dir", "/tmp/x"];

    [Fact]
    public void Coap_alone_is_the_uplink()
    {
        var options = CommandLine.Parse([.. Base, "--coap", "coap://127.0.0.1:5684"]);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5684), options.Coap);
        Assert.Null(options.Broker);
        Assert.Null(options.Http);
    }

    [Fact]
    public void Coap_port_defaults_to_5683()
    {
        var options = CommandLine.Parse([.. Base, "--coap", "coap://127.0.0.1"]);

        Assert.Equal(5683, options.Coap!.Port);
    }

    [Fact]
    public void Http_takes_a_token()
    {
        var options = CommandLine.Parse([.. Base, "--http", "http://127.0.0.1:8080", "--token", "heat-token-0123456789"]);

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.Http);
        Assert.Equal("heat-token-0123456789", options.Token);
        Assert.Null(options.Broker);
        Assert.Null(options.Coap);
    }

    [Fact]
    public void Coap_and_modbus_go_together()
    {
        var options = CommandLine.Parse([.. Base, "--coap", "coap://127.0.0.1:5683", "--modbus", "tcp://127.0.0.1:1502"]);

        Assert.NotNull(options.Coap);
        Assert.NotNull(options.Modbus);
    }

    [Theory]
    [InlineData("--mqtt", "mqtt://a:b@127.0.0.1:1883", "--coap", "coap://127.0.0.1:5683")]
    [InlineData("--coap", "coap://127.0.0.1:5683", "--http", "http://127.0.0.1:8080")]
    public void Two_uplinks_are_refused(string first, string firstValue, string second, string secondValue)
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse([.. Base, first, firstValue, second, secondValue, "--token", "heat-token-0123456789"]));

        Assert.Contains("only one of", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--http", "http://127.0.0.1:8080")]
    [InlineData("--coap", "http://127.0.0.1:5683")]
    [InlineData("--coap", "coap://127.0.0.1:5683/readings")]
    [InlineData("--http", "ftp://127.0.0.1")]
    public void Bad_uplinks_are_usage_errors(string name, string value) =>
        Assert.Throws<UsageException>(() => CommandLine.Parse([.. Base, name, value]));

    [Fact]
    public void A_short_token_is_refused() =>
        Assert.Throws<UsageException>(() => CommandLine.Parse([.. Base, "--http", "http://127.0.0.1:8080", "--token", "short"]));

    [Fact]
    public void A_token_without_http_is_refused() =>
        Assert.Throws<UsageException>(() => CommandLine.Parse([.. Base, "--coap", "coap://127.0.0.1:5683", "--token", "heat-token-0123456789"]));

    [Fact]
    public void No_uplink_and_no_modbus_still_asks_for_mqtt()
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(Base));

        Assert.Contains("--mqtt", error.Message, StringComparison.Ordinal);
    }
}
