using Hub.Plugins.Coap.Protocol.LinkFormat;

namespace Hub.Plugins.Coap.Protocol.Tests.LinkFormat;

public sealed class CoreLinkFormatTests
{
    [Fact]
    public void Rfc6690_section5_example_parses()
    {
        // RFC 6690 §5, the first example answer to GET /.well-known/core.
        const string document = "</sensors/temp>;if=\"sensor\",</sensors/light>;if=\"sensor\"";

        var links = CoreLinkFormat.Parse(document);

        Assert.Equal(["/sensors/temp", "/sensors/light"], links.Select(l => l.Target));
        Assert.All(links, l => Assert.Equal("sensor", l["if"]));
    }

    [Fact]
    public void Rfc6690_attributes_with_flags_and_numbers_round_trip()
    {
        // RFC 6690 §5: </sensors/temp>;rt="temperature-c";if="sensor";obs... with ct a number and obs a flag.
        var link = new CoreLink("/readings", [new("rt", "smartmeter.reading"), new("ct", "110"), new("obs", null)]);

        var text = CoreLinkFormat.Write([link]);
        var parsed = CoreLinkFormat.Parse(text).Single();

        Assert.Equal("</readings>;rt=\"smartmeter.reading\";ct=110;obs", text);
        Assert.Equal("110", parsed["ct"]);
        Assert.True(parsed.Has("obs"));
    }

    [Theory]
    [InlineData("/readings>")]
    [InlineData("</readings")]
    [InlineData("</a>;rt=\"x")]
    public void Malformed_documents_are_format_errors(string document) =>
        Assert.Throws<FormatException>(() => CoreLinkFormat.Parse(document));
}
