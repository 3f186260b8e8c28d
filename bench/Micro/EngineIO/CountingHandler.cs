using TypedSockets.EngineIO;

namespace TypedSockets.Benchmarks.EngineIO;

/// <summary>The layer above Engine.IO reduced to counting the messages it is handed.</summary>
internal sealed class CountingHandler : IEngineSessionAcceptor
{
    private long _messages;

    public long Messages => Volatile.Read(ref _messages);

    public IEngineSessionHandler OnOpen(IEngineSession session) => new SessionHandler(this, session);

    private ValueTask OnMessageAsync(IEngineSession session, ReadOnlyMemory<byte> payload, bool isBinary)
    {
        Interlocked.Increment(ref _messages);
        return ValueTask.CompletedTask;
    }

    private sealed class SessionHandler(CountingHandler owner, IEngineSession session) : IEngineSessionHandler
    {
        public ValueTask OnMessageAsync(ReadOnlyMemory<byte> payload, bool isBinary) => owner.OnMessageAsync(session, payload, isBinary);

        public void OnClose(EngineCloseReason reason)
        {
        }
    }
}
