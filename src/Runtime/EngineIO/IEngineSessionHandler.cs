namespace TypedSockets.EngineIO;

/// <summary>
/// The layer above Engine.IO. Calls for one session never overlap and come in order: one
/// <see cref="OnOpenAsync"/>, then the messages as they arrived, then one <see cref="OnClose"/>.
/// </summary>
public interface IEngineSessionHandler
{
    ValueTask OnOpenAsync(IEngineSession session);

    /// <summary>
    /// One incoming message packet: the text after the <c>4</c>, or a binary attachment. The memory is only
    /// valid until the returned task completes.
    /// </summary>
    ValueTask OnMessageAsync(IEngineSession session, ReadOnlyMemory<byte> payload, bool isBinary);

    /// <summary>The session ended; <paramref name="reason"/> is Engine.IO's (for example "transport close", "ping timeout").</summary>
    void OnClose(IEngineSession session, string reason);
}
