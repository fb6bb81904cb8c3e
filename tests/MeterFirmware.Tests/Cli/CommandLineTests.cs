using MeterFirmware.Cli;
using MeterFirmware.Sensors;
using MeterFirmware.Tests.TestSupport;

namespace MeterFirmware.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly string[] Minimal =
        ["--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://house:s3cret@127.0.0.1:1883", "--state-dir", "/tmp/x"];

    [Fact]
    public void The_documented_command_line_parses()
    {
        var options = CommandLine.Parse([.. Minimal, "--interval", "5s", "--speed", "60", "--seed", "42", "--count", "10"]);

        Assert.Equal("house", options.MeterId);
        Assert.Equal(SensorProfile.Household, options.Profile);
        Assert.Equal("127.0.0.1", options.Broker!.Host);
        Assert.Equal(1883, options.Broker.Port);
        Assert.Equal("house", options.Broker.Username);
        Assert.Equal("s3cret", options.Broker.Password);
        Assert.Equal("/tmp/x", options.StateDirectory);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Interval);
        Assert.Equal(60, options.Speed);
        Assert.Equal(42UL, options.Seed);
        Assert.Equal(10L, options.Count);
        Assert.Equal("smartmeter/house/reading", options.Topic);
    }

    [Fact]
    public void Defaults_are_one_second_real_time_and_a_per_meter_seed()
    {
        var options = CommandLine.Parse(Minimal);

        Assert.Equal(TimeSpan.FromSeconds(1), options.Interval);
        Assert.Equal(1, options.Speed);
        Assert.Null(options.Count);
        Assert.False(options.Verbose);
        Assert.Equal(CommandLine.SeedOf("house"), options.Seed);
        Assert.NotEqual(CommandLine.SeedOf("house"), CommandLine.SeedOf("garage"));
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("1s", 1000)]
    [InlineData("5s", 5000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    public void Intervals_take_a_unit(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), CommandLine.ParseInterval(text));

    [Fact]
    public void Credentials_are_percent_decoded_and_hidden_from_logs()
    {
        var options = CommandLine.Parse(["--meter-id", "garage", "--profile", "solar", "--mqtt", "mqtt://gar%40age:p%3Aw%2Fd@broker.local", "--state-dir", "s"]);

        Assert.Equal("gar@age", options.Broker!.Username);
        Assert.Equal("p:w/d", options.Broker.Password);
        Assert.Equal(1883, options.Broker.Port);
        Assert.Equal("mqtt://gar@age@broker.local:1883", options.Broker.ToString());
        Assert.DoesNotContain("p:w/d", options.Broker.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s")]
    [InlineData("--meter-id", "House", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s")]
    [InlineData("--meter-id", "house", "--profile", "wind", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "http://127.0.0.1", "--state-dir", "s")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1/path", "--state-dir", "s")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "not a url", "--state-dir", "s")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s", "--interval", "1")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s", "--interval", "10ms")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s", "--speed", "0")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s", "--count", "0")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s", "--count", "-3")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s", "--seed", "x")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s", "--colour", "red")]
    [InlineData("--meter-id", "house", "--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s")]
    [InlineData("--meter-id", "house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir")]
    [InlineData("house", "--profile", "household", "--mqtt", "mqtt://127.0.0.1", "--state-dir", "s")]
    public void Bad_arguments_are_usage_errors(params string[] args) =>
        Assert.Throws<UsageException>(() => CommandLine.Parse(args));

    [Fact]
    public async Task Bad_arguments_exit_64_with_a_clear_message_on_stderr()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await FirmwareHost.RunAsync(["--meter-id", "house", "--profile", "wind"], stdout, stderr, TimeProvider.System, CancellationToken.None);

        Assert.Equal(64, exit);
        Assert.Contains("--profile 'wind' is not one of household, solar", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: meter-firmware", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public async Task A_state_directory_of_another_meter_is_refused()
    {
        using var dir = new TempDirectory();
        new MeterFirmware.State.StateStore(dir.Path).Save(new MeterFirmware.State.MeterState("garage", 3, 1, 0, DateTimeOffset.UnixEpoch));
        var stderr = new StringWriter();

        var exit = await FirmwareHost.RunAsync([.. Minimal[..^1], dir.Path], new StringWriter(), stderr, TimeProvider.System, CancellationToken.None);

        Assert.Equal(65, exit);
        Assert.Contains("belongs to meter 'garage'", stderr.ToString(), StringComparison.Ordinal);
    }
}
