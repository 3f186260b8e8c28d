using TypedSockets.Redis.SocketIOAdapter;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis;

/// <summary>
/// Server-side events with acknowledgements across a cluster that uses <see cref="RedisBackplaneProtocol.SocketIO"/>
/// (socket.io's <c>serverSideEmitWithAck</c> and the acknowledging <c>io.on(event, (arg, ack) =&gt; …)</c>): Node
/// servers and TypedSockets servers answer each other.
/// </summary>
public static class SocketIOClusterExtensions
{
    /// <summary>
    /// Sends a server-side event every other node answers once; waits for the answers until every node answered or
    /// <paramref name="timeout"/> passed (then <see cref="ServerSideAckResult.IsComplete"/> is false).
    /// </summary>
    /// <param name="nsp">The namespace of the event.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="argumentJson">One JSON value, or empty for none.</param>
    /// <param name="timeout">How long to wait for the answers.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="NotSupportedException">The server does not use the Redis backplane with <see cref="RedisBackplaneProtocol.SocketIO"/>.</exception>
    public static async Task<ServerSideAckResult> ServerSideEmitWithAckAsync(this Namespace nsp, string eventName, ReadOnlyMemory<byte> argumentJson, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        var adapter = AdapterOf(nsp);
        var result = await adapter.ServerSideEmitWithAckAsync(nsp, eventName, argumentJson, timeout, cancellationToken).ConfigureAwait(false);
        var answers = new ReadOnlyMemory<byte>[result.Answers.Count];
        for (var i = 0; i < answers.Length; i++)
        {
            // Each answer arrives as a JSON array of the one value the node answered with.
            answers[i] = EventArguments.TryParse(result.Answers[i], out var arguments) && arguments.Count > 0 ? arguments[0] : "null"u8.ToArray();
        }

        return new ServerSideAckResult(result.Nodes, answers, result.IsComplete);
    }

    /// <summary>
    /// Registers the handler that answers server-side event <paramref name="eventName"/> when another node (Node or
    /// TypedSockets) asks for an acknowledgement; it returns one JSON value (empty for <c>null</c>). Events sent without
    /// one run the handler of <see cref="Namespace.OnServerSideEvent"/>, or this one (its answer dropped) if there is none.
    /// </summary>
    /// <param name="nsp">The namespace of the event.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="handler">Gets the event's argument (one JSON value, or empty) and returns the answer.</param>
    /// <exception cref="NotSupportedException">The server does not use the Redis backplane with <see cref="RedisBackplaneProtocol.SocketIO"/>.</exception>
    public static Namespace OnServerSideEventWithAck(this Namespace nsp, string eventName, Func<ReadOnlyMemory<byte>, ValueTask<ReadOnlyMemory<byte>>> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        AdapterOf(nsp).SetServerSideAckHandler(nsp, eventName, handler);
        return nsp;
    }

    private static SocketIORedisAdapter AdapterOf(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        return nsp.Server.Backplane as SocketIORedisAdapter
            ?? throw new NotSupportedException("Server-side events with acknowledgements need the Redis backplane with Protocol = SocketIO (AddRedis(…, o => o.Protocol = RedisBackplaneProtocol.SocketIO)).");
    }
}
