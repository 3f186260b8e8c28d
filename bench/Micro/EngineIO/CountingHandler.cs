using TypedSockets.EngineIO;

namespace TypedSockets.Benchmarks.EngineIO;

/// <summary>The layer above Engine.IO reduced to counting the messages it is handed.</summary>
internal sealed class CountingHandler : IEngineSessionHandler
{
    private long _messages;

    public long Messages => Volatile.Read(ref _messages);

    public ValueTask OnOpenAsync(IEngineSession session) => ValueTask.CompletedTask;

    public ValueTask OnMessageAsync(IEngineSession session, ReadOnlyMemory<byte> payload, bool isBinary)
    {
        Interlocked.Increment(ref _messages);
        return ValueTask.CompletedTask;
    }

    public void OnClose(IEngineSession session, string reason)
    {
    }
}
