using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TypedSockets.Tests.EngineIO;

/// <summary>Keeps every log line written, so tests can check that a refusal was logged.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(int EventId, string Message)> Lines { get; } = new();

    /// <summary>Level and exception of every line, in the order written (for "no error-level line, no stack trace").</summary>
    public ConcurrentQueue<(LogLevel Level, int EventId, Exception? Exception)> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public bool Contains(string fragment) => Lines.Any(line => line.Message.Contains(fragment, StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            provider.Records.Enqueue((logLevel, eventId.Id, exception));
            provider.Lines.Enqueue((eventId.Id, formatter(state, exception)));
        }
    }
}
