using System.Collections.Concurrent;
using System.Text;
using TypedSockets.Client;

namespace TypedSockets.Tests.Client;

/// <summary>Records every event a client's handler saw, as its name and its arguments' raw JSON, in order.</summary>
internal sealed class TickRecorder
{
    public ConcurrentQueue<(string Name, string[] Arguments)> Events { get; } = new();

    /// <summary>The numbers of the <c>tick</c> events seen, in order.</summary>
    public int[] Ticks => [.. Events.Where(static e => e.Name == "tick").Select(static e => int.Parse(e.Arguments[0], System.Globalization.CultureInfo.InvariantCulture))];

    public ValueTask OnEvent(SocketIOClientEvent incoming)
    {
        var arguments = new string[incoming.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Encoding.UTF8.GetString(incoming.Arguments[i].Span);
        }

        Events.Enqueue((incoming.Name, arguments));
        return ValueTask.CompletedTask;
    }

    public Task UntilTicks(int count) =>
        Poll.UntilAsync(() => Ticks.Length >= count, $"{count} ticks (so far: {string.Join(",", Ticks)})");
}
