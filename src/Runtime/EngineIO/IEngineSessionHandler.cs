namespace TypedSockets.EngineIO;

/// <summary>
/// The layer above Engine.IO for one session (returned by <see cref="IEngineSessionAcceptor.OnOpen"/>). Calls
/// never overlap and come in order: the messages as they arrived, then one <see cref="OnClose"/>.
/// </summary>
public interface IEngineSessionHandler
{
    /// <summary>
    /// One incoming message packet: the text after the <c>4</c>, or a binary attachment. The memory is only
    /// valid until the returned task completes.
    /// </summary>
    ValueTask OnMessageAsync(ReadOnlyMemory<byte> payload, bool isBinary);

    /// <summary>The session ended, for <paramref name="reason"/>; no message follows.</summary>
    void OnClose(EngineCloseReason reason);
}
