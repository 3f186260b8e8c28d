namespace TypedSockets.EngineIO;

/// <summary>
/// The layer above Engine.IO, as the server sees it: told of each new session, it answers with the handler that
/// receives that session's messages and its close.
/// </summary>
public interface IEngineSessionAcceptor
{
    /// <summary>
    /// A session was opened (its handshake answered); returns the handler of its messages. Called once per session,
    /// before any message of it is delivered.
    /// </summary>
    IEngineSessionHandler OnOpen(IEngineSession session);
}
