using LiteDB;
using Microsoft.Extensions.Configuration;

namespace Hub.Ledger.Tests.Blocks;

/// <summary>Direct access to a stopped hub's LiteDB file, as an attacker (or a bad disk) would have.</summary>
internal static class LedgerFiles
{
    public static void Edit(string dataDir, Action<LiteDatabase> edit)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(dataDir, "smartmeter.db"), Connection = ConnectionType.Direct });
        edit(db);
        db.Checkpoint();
    }

    public static IConfiguration Config(string dataDir, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDir"] = dataDir,
            ["Meters:0:Id"] = "house",
            ["Meters:0:Plugin"] = "mqtt",
            ["Meters:1:Id"] = "solar",
            ["Meters:1:Plugin"] = "mqtt",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
