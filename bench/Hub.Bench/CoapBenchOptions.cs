using System.Globalization;

namespace Hub.Bench;

/// <summary>
/// The command line of <c>./smartmeter bench coap [--seconds 20] [--warmup 3] [--clients 8] [--inflight 16] [--out FILE]</c>.
/// </summary>
public sealed record CoapBenchOptions
{
    public const string Usage =
        "usage: ./smartmeter bench coap [--seconds 20] [--warmup 3] [--clients 8] [--inflight 16] [--out docs/benchmarks.md]";

    /// <summary>Length of the measured phase against each server.</summary>
    public int Seconds { get; init; } = 20;

    /// <summary>Length of the unmeasured phase before it (JIT, socket buffers, LiteDB pages).</summary>
    public int WarmupSeconds { get; init; } = 3;

    /// <summary>UDP endpoints (one <c>CoapClient</c> and socket each) sending to the server.</summary>
    public int Clients { get; init; } = 8;

    /// <summary>Confirmable requests outstanding per client, each for its own meter (one lane = one meter).</summary>
    public int Inflight { get; init; } = 16;

    /// <summary>The Markdown file the results section is written to (relative to the repository root).</summary>
    public string Out { get; init; } = "docs/benchmarks.md";

    public int Lanes => Clients * Inflight;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static CoapBenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new CoapBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--seconds" => options with { Seconds = Positive(arg, Value(i++)) },
                "--warmup" => options with { WarmupSeconds = NonNegative(arg, Value(i++)) },
                "--clients" => options with { Clients = Positive(arg, Value(i++)) },
                "--inflight" => options with { Inflight = Positive(arg, Value(i++)) },
                "--out" => options with { Out = Value(i++) },
                _ => throw new ArgumentException($"unknown argument '{arg}'."),
            };
        }

        // The hub's server handles 512 requests at once (CoapServerOptions.MaxConcurrentRequests); more would only queue.
        if (options.Lanes > 512)
        {
            throw new ArgumentException($"--clients x --inflight is {options.Lanes}; at most 512 requests can be outstanding.");
        }

        return options;

        string Value(int index) => index + 1 < args.Count
            ? args[index + 1]
            : throw new ArgumentException($"{args[index]} needs a value.");
    }

    private static int Positive(string name, string text) =>
        NonNegative(name, text) is var value and > 0 ? value : throw new ArgumentException($"{name}: expected a positive whole number, got '{text}'.");

    private static int NonNegative(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name}: expected a whole number, got '{text}'.");
}
