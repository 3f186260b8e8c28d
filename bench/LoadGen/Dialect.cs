namespace TypedSockets.Bench.LoadGen;

/// <summary>One wire protocol spoken over the WebSocket: how to open a session, write a call, read what comes back.</summary>
internal abstract class Dialect
{
    public abstract string Name { get; }

    /// <summary>Path and query of the WebSocket endpoint when none is given.</summary>
    public abstract string DefaultPath { get; }

    /// <summary>Whether the server side has the <c>join</c>/<c>publish</c> room events (raw echo has not).</summary>
    public abstract bool SupportsRooms { get; }

    /// <summary>The protocol's own handshake after the WebSocket upgrade (namespace connect, hub handshake).</summary>
    public abstract Task OpenAsync(WsClient client, CancellationToken cancellationToken);

    /// <summary>Writes the (unframed) message that calls <paramref name="method"/> expecting an ack <paramref name="id"/>; returns its length.</summary>
    public abstract int WriteCall(Span<byte> destination, ReadOnlySpan<byte> method, long id, ReadOnlySpan<byte> argument, bool hasArgument);

    /// <summary>Parses one WebSocket message from the server and reports what it holds.</summary>
    public abstract void Dispatch(ReadOnlySpan<byte> message, IInbound inbound);

    /// <summary>What an echo's ack carries for a given payload.</summary>
    public virtual ReadOnlySpan<byte> EchoOf(ReadOnlySpan<byte> payload) => payload;

    /// <summary>Answers a server ping found by <see cref="Dispatch"/> (into the client's batch).</summary>
    public virtual void AnswerPing(WsClient client)
    {
    }

    /// <summary>A message the client sends on its own every few seconds so the server keeps it; empty when none is needed.</summary>
    public virtual ReadOnlySpan<byte> ClientKeepAlive => default;

    public static Dialect FromName(string name) => name switch
    {
        "socketio" => new SocketIODialect(),
        "signalr" => new SignalRDialect(),
        "raw" => new RawDialect(),
        _ => throw new ArgumentException($"Unknown protocol '{name}' (socketio, signalr, raw)."),
    };

    /// <summary>Reads the next whole data message during setup (before the session's loop runs).</summary>
    protected static async Task<byte[]> ReceiveSetupMessageAsync(WsClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (client.TryReadMessage(out var message))
            {
                return message.ToArray();
            }

            await client.FlushAsync(cancellationToken);
            if (client.Closed || !await client.FillAsync(cancellationToken))
            {
                throw new IOException("The server closed the connection during the protocol handshake.");
            }
        }
    }
}
