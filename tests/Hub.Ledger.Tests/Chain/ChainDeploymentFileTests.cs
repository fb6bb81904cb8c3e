using Hub.Ledger.Chain;
using Xunit;

namespace Hub.Ledger.Tests.Chain;

public sealed class ChainDeploymentFileTests
{
    private const string Deployment = """
        {"chainId": 31337, "hubRegistry": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
         "blockAnchor": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", "billSettlement": "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
         "energyMarket": "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9", "hubId": "demo-hub", "fromBlock": 3}
        """;

    [Fact]
    public void The_file_is_read_once_per_run()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "deployment.json");
        File.WriteAllText(path, Deployment);
        var file = new ChainDeploymentFile();

        var first = file.Load(path);
        File.Delete(path);
        var again = file.Load(path);

        Assert.Same(first, again);
        Assert.Equal(31337UL, again.ChainId);
        Assert.Equal("0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9", again.EnergyMarket);
        Assert.Equal(3UL, again.FromBlock);
    }

    [Fact]
    public void A_file_that_does_not_load_fails_the_same_way_each_time_and_a_new_path_is_read()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "missing.json");
        var file = new ChainDeploymentFile();

        var first = Assert.Throws<InvalidDataException>(() => file.Load(missing));
        Assert.Contains("./smartmeter deploy", first.Message, StringComparison.Ordinal);
        File.WriteAllText(missing, Deployment);
        var again = Assert.Throws<InvalidDataException>(() => file.Load(missing));
        Assert.Equal(first.Message, again.Message);

        var other = Path.Combine(dir.Path, "other.json");
        File.WriteAllText(other, "{\"chainId\": 1}");
        var malformed = Assert.Throws<InvalidDataException>(() => file.Load(other));
        Assert.Contains("is not a deployment file", malformed.Message, StringComparison.Ordinal);
    }
}
