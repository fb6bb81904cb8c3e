using System.Globalization;
using System.Text.Json;
using SmartMeter.Peers;

namespace Image.Tests;

/// <summary>
/// The SD-card image under test: SMARTMETER_IMAGE when set, else .smartmeter/image/smartmeter-hub-arm64.img, built
/// by ./smartmeter test-image (or here with SMARTMETER_IMAGE_BUILD=1) when missing or made from another commit (its
/// manifest names the hub version). Read without
/// mounting: sfdisk for the table, mtools for the FAT partition, debugfs for a copy of the ext4 partition.
/// </summary>
public sealed class SdImage : IAsyncLifetime
{
    public const string RootLabel = "smartmeter-root";

    private readonly TestDirectory _work = TestDirectory.Create("image");

    public string ImagePath { get; private set; } = string.Empty;

    public string Manifest { get; private set; } = string.Empty;

    /// <summary>The hub release in the image (/opt/smartmeter/releases/&lt;version&gt;).</summary>
    public string Version { get; private set; } = string.Empty;

    public IReadOnlyList<Partition> Partitions { get; private set; } = [];

    public string PartitionTableJson { get; private set; } = string.Empty;

    /// <summary>A copy of the root partition for debugfs.</summary>
    public string RootFsPath => _work.Combine("root.ext4");

    public string WorkDirectory => _work.Path;

    public static string StateDirectory => Path.Combine(RepoPaths.Root, ".smartmeter");

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable("SMARTMETER_IMAGE");
        ImagePath = string.IsNullOrEmpty(given) ? Path.Combine(StateDirectory, "image", "smartmeter-hub-arm64.img") : Path.GetFullPath(given);
        if (string.IsNullOrEmpty(given) && !await IsCurrentAsync(ImagePath))
        {
            // ./smartmeter test builds it before the test projects run (dotnet test's hang timeout would end a build
            // here); SMARTMETER_IMAGE_BUILD=1 builds it from the tests when run alone.
            if (Environment.GetEnvironmentVariable("SMARTMETER_IMAGE_BUILD") != "1")
            {
                throw new InvalidOperationException(
                    $"no SD image of this commit at {ImagePath}: run `sudo ./smartmeter image`, set SMARTMETER_IMAGE=FILE, or SMARTMETER_IMAGE_BUILD=1 to build it here");
            }

            var build = await Tool.RunAsync(
                "bash",
                [Path.Combine(RepoPaths.Root, "image", "build.sh"), ImagePath, RepoPaths.Root, StateDirectory],
                TimeSpan.FromMinutes(75));
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"building the image failed:\n{build.Describe()}");
            }
        }

        Manifest = await File.ReadAllTextAsync(ImagePath + ".manifest");
        Version = ManifestValue(Manifest, "hub-version");
        PartitionTableJson = await Tool.OutputAsync("sfdisk", "--json", ImagePath);
        using (var table = JsonDocument.Parse(PartitionTableJson))
        {
            Partitions = [.. table.RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray()
                .Select(p => new Partition(
                    p.GetProperty("start").GetInt64(),
                    p.GetProperty("size").GetInt64(),
                    p.GetProperty("type").GetString() ?? string.Empty,
                    p.TryGetProperty("bootable", out var bootable) && bootable.GetBoolean()))];
        }

        var root = Partitions[1];
        await Tool.OutputAsync(
            "dd",
            $"if={ImagePath}",
            $"of={RootFsPath}",
            "bs=512",
            $"skip={root.Start}",
            $"count={root.Size}",
            "conv=sparse",
            "status=none");
    }

    public Task DisposeAsync()
    {
        _work.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>mtools' image@@offset address of the boot partition, for <c>mdir -i</c> and friends.</summary>
    public string BootPartitionAddress(string? imagePath = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{imagePath ?? ImagePath}@@{Partitions[0].Start * 512}");

    /// <summary>The text of a file on the boot partition.</summary>
    public Task<string> ReadBootFileAsync(string name, string? imagePath = null) =>
        Tool.OutputAsync("mtype", "-i", BootPartitionAddress(imagePath), "::/" + name);

    /// <summary>The boot partition's file names (recursive, as ::/path).</summary>
    public async Task<IReadOnlyList<string>> BootFilesAsync(string? imagePath = null)
    {
        var listing = await Tool.OutputAsync("mdir", "-i", BootPartitionAddress(imagePath), "-/", "-b", "::/");
        return [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>A debugfs request against the root filesystem copy; its stdout.</summary>
    public async Task<string> DebugFsAsync(string request)
    {
        var result = await Tool.RunAsync("debugfs", ["-R", request, RootFsPath]);
        return result.ExitCode == 0 ? result.Stdout : throw new InvalidOperationException(result.Describe());
    }

    /// <summary>A file of the root filesystem, dumped to the work folder; its local path.</summary>
    public async Task<string> DumpAsync(string pathInImage)
    {
        var local = _work.Combine("dump-" + Guid.NewGuid().ToString("N"));
        await DebugFsAsync($"dump -p {pathInImage} {local}");
        return File.Exists(local) ? local : throw new FileNotFoundException($"{pathInImage} is not in the image's root filesystem");
    }

    public async Task<string> ReadRootFileAsync(string pathInImage) => await File.ReadAllTextAsync(await DumpAsync(pathInImage));

    public static string ManifestValue(string manifest, string key) =>
        manifest.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..]
        ?? throw new InvalidOperationException($"the manifest has no '{key}:' line:\n{manifest}");

    private static async Task<bool> IsCurrentAsync(string image)
    {
        if (!File.Exists(image) || !File.Exists(image + ".manifest"))
        {
            return false;
        }

        var describe = await Tool.RunAsync("git", ["-C", RepoPaths.Root, "describe", "--tags", "--always", "--dirty"]);
        var version = ManifestValue(await File.ReadAllTextAsync(image + ".manifest"), "hub-version");
        return describe.ExitCode == 0 && describe.Stdout.Trim() == version;
    }
}

/// <summary>One entry of the image's partition table, in 512-byte sectors.</summary>
public sealed record Partition(long Start, long Size, string Type, bool Bootable);

[CollectionDefinition(Name)]
public sealed class SdImageGroup : ICollectionFixture<SdImage>
{
    public const string Name = "SD image";
}
