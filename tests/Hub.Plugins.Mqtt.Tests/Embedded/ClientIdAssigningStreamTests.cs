using Hub.Plugins.Mqtt.Embedded;

namespace Hub.Plugins.Mqtt.Tests.Embedded;

public sealed class ClientIdAssigningStreamTests
{
    /// <summary>A CONNECT body (§3.1.2): "MQTT", level, flags, keep alive 60, then a client id of <paramref name="clientId"/> and user "u".</summary>
    private static byte[] ConnectBody(byte level, byte flags, string clientId) =>
        [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', level, flags, 0, 60, 0, (byte)clientId.Length, .. System.Text.Encoding.ASCII.GetBytes(clientId), 0, 1, (byte)'u'];

    [Fact]
    public void Empty_client_id_with_clean_session_gets_the_assigned_id()
    {
        var rewritten = ClientIdAssigningStream.AssignClientId(ConnectBody(4, 0x82, string.Empty), "hub-1");

        Assert.Equal(ConnectBody(4, 0x82, "hub-1"), rewritten);
    }

    [Theory]
    [InlineData(4, 0x80, "")]
    [InlineData(4, 0x82, "meter")]
    [InlineData(5, 0x82, "")]
    public void Other_connects_are_left_alone(byte level, byte flags, string clientId) =>
        Assert.Null(ClientIdAssigningStream.AssignClientId(ConnectBody(level, flags, clientId), "hub-1"));

    [Fact]
    public async Task The_stream_hands_over_the_rewritten_connect_then_the_rest_unchanged()
    {
        var body = ConnectBody(4, 0x82, string.Empty);
        byte[] wire = [0x10, (byte)body.Length, .. body, 0xC0, 0x00];
        using var stream = new ClientIdAssigningStream(new MemoryStream(wire), () => "abc");

        var read = new MemoryStream();
        await stream.CopyToAsync(read);

        var expected = ConnectBody(4, 0x82, "abc");
        Assert.Equal([0x10, (byte)expected.Length, .. expected, 0xC0, 0x00], read.ToArray());
    }
}
