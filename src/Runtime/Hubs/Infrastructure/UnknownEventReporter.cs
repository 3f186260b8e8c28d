using Microsoft.Extensions.Logging;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.Threading;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// What a hub does with an event that neither it nor the socket's handlers know (a misspelt name such as <c>Join</c>
/// for <c>join</c>): an error acknowledgement naming the event when the client asked for one, as SignalR reports a
/// missing method, and a log line, at most one per <see cref="Interval"/> per hub so that a client sending made-up
/// names cannot flood the log (the next line counts what was left out). Both can be turned off in
/// <see cref="HubOptions"/>. Cold path: names are decoded and messages formatted only here.
/// </summary>
internal sealed class UnknownEventReporter
{
    /// <summary>The least time between two log lines of one hub.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Longer names are cut in the log and the acknowledgement (a name can be as long as a packet).</summary>
    private const int MaxNameLength = 100;

    private readonly ILogger _logger;
    private readonly HubOptions _options;
    private readonly LogThrottle _logLines;

    public UnknownEventReporter(ILogger logger, HubOptions options, TimeProvider time)
    {
        _logger = logger;
        _options = options;
        _logLines = new LogThrottle(time, limit: 1, Interval);
    }

    /// <param name="incoming">The event.</param>
    /// <param name="suggestion">The hub's event that differs only in the case of its first letter, or null.</param>
    public void Report(in SocketIOEvent incoming, string? suggestion)
    {
        var name = Shorten(incoming.Name);
        incoming.Socket.Namespace.Server.Metrics.Failure(Diagnostics.TypedSocketsMetrics.Errors.UnknownEvent, incoming.Socket.Namespace.Name, null);
        if (_options.AckUnknownEvents && incoming.WantsAck)
        {
            var message = suggestion is null
                ? $"Unknown event '{name}': the hub has no method for it."
                : $"Unknown event '{name}': the hub has no method for it (event names are case-sensitive; did you mean '{suggestion}'?).";
            incoming.Ack(message, static (writer, text) => ErrorAcknowledgement.Write(writer, text));
        }

        if (_options.LogUnknownEvents && _logLines.TryWrite(out var suppressed))
        {
            var socket = incoming.Socket;
            HubLog.UnknownEvent(_logger, name, socket.Id, socket.Namespace.Name, suggestion ?? "-", suppressed);
        }
    }

    private static string Shorten(string name) => name.Length <= MaxNameLength ? name : string.Concat(name.AsSpan(0, MaxNameLength), "…");
}
