namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>The peer contract over Modbus TCP, plus what only TCP has: several connections at once.</summary>
public sealed class PymodbusTcpTests(PymodbusTcpFixture fixture)
    : PymodbusPeerTests(fixture.Client, fixture.Peer), IClassFixture<PymodbusTcpFixture>
{
    [Fact]
    public async Task SeveralClients_OnSeparateConnections()
    {
        var clients = Enumerable.Range(0, 4)
            .Select(_ => new ModbusTcpClient(new ModbusTcpEndpoint("127.0.0.1", fixture.Port), PeerOptions.Client))
            .ToArray();
        try
        {
            var results = await Task.WhenAll(clients.Select(c => c.ReadInputRegistersAsync(1, 0, 3)));
            Assert.All(results, values => Assert.Equal(new ushort[] { 2300, 2310, 2320 }, values));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ClosedPort_IsACommunicationError()
    {
        // A port that was just free: nothing listens there.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var client = new ModbusTcpClient(new ModbusTcpEndpoint("127.0.0.1", port), PeerOptions.Client);

        var ex = await Assert.ThrowsAsync<ModbusCommunicationException>(() => client.ReadHoldingRegistersAsync(1, 0, 1));
        Assert.Contains($"Cannot connect to tcp://127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
    }
}
