namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>The peer contract over Modbus RTU: pymodbus' RTU framer behind a socat pseudo-terminal pair.</summary>
public sealed class PymodbusRtuTests(PymodbusRtuFixture fixture)
    : PymodbusPeerTests(fixture.Client, fixture.Peer), IClassFixture<PymodbusRtuFixture>
{
}
