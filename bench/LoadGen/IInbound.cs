namespace TypedSockets.Bench.LoadGen;

/// <summary>What a <see cref="Dialect"/> finds in one server message, handed to the session.</summary>
internal interface IInbound
{
    /// <summary>An ack (Socket.IO ACK, SignalR completion, or a raw echo); <paramref name="result"/> is the first argument's string content, empty when none.</summary>
    void OnAck(long id, ReadOnlySpan<byte> result);

    /// <summary>A <c>tick(payload)</c> event; <paramref name="payload"/> is the string content.</summary>
    void OnTick(ReadOnlySpan<byte> payload);

    /// <summary>A protocol-level ping the client has to answer (Engine.IO <c>2</c>).</summary>
    void OnServerPing();

    void OnUnexpected(ReadOnlySpan<byte> message);
}
