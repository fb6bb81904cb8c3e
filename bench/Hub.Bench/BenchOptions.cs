using System.Globalization;

namespace Hub.Bench;

/// <summary>The command line of <c>./smartmeter bench [ingest] [--readings N] [--meters N] [--inflight N] [--idle-seconds N] [--out FILE]</c>.</summary>
public sealed record BenchOptions
{
    public const string Usage =
        "usage: ./smartmeter bench [ingest] [--readings 200000] [--meters 50] [--inflight 64] [--idle-seconds 15] [--out docs/benchmarks.md]";

    public string Suite { get; init; } = "ingest";

    /// <summary>Readings in total, spread evenly over the meters.</summary>
    public int Readings { get; init; } = 200_000;

    public int Meters { get; init; } = 50;

    /// <summary>QoS 1 publishes in flight per meter connection.</summary>
    public int Inflight { get; init; } = 64;

    public int IdleSeconds { get; init; } = 15;

    /// <summary>The Markdown file the results section is written to (relative to the repository root).</summary>
    public string Out { get; init; } = "docs/benchmarks.md";

    /// <summary>Readings per meter (the total rounded down to a multiple of the meter count).</summary>
    public int ReadingsPerMeter => Readings / Meters;

    public int TotalReadings => ReadingsPerMeter * Meters;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "ingest":
                    options = options with { Suite = arg };
                    break;
                case "--readings":
                    options = options with { Readings = Positive(arg, Value(i++)) };
                    break;
                case "--meters":
                    options = options with { Meters = Positive(arg, Value(i++)) };
                    break;
                case "--inflight":
                    options = options with { Inflight = Positive(arg, Value(i++)) };
                    break;
                case "--idle-seconds":
                    options = options with { IdleSeconds = Positive(arg, Value(i++)) };
                    break;
                case "--out":
                    options = options with { Out = Value(i++) };
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{arg}'.");
            }
        }

        if (options.Readings < options.Meters)
        {
            throw new ArgumentException($"--readings ({options.Readings}) must be at least --meters ({options.Meters}).");
        }

        return options;

        string Value(int index) => index + 1 < args.Count
            ? args[index + 1]
            : throw new ArgumentException($"{args[index]} needs a value.");
    }

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name}: expected a positive whole number, got '{text}'.");
}
