using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Tests.Support;

/// <summary>Collects warnings and errors so that a test fails when the web UI logged trouble it did not expect.</summary>
public sealed class ErrorLogCollector : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(ErrorLogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Kestrel warns about overriding addresses when UseUrls meets ASPNETCORE_URLS; not the web UI's doing.
            if (IsEnabled(logLevel) && !category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal))
            {
                owner.Entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
